/**
 * The stateless 2026-07-28 era: what marks a request as modern, the checks its
 * `_meta` must pass, and the fields every modern result carries.
 */
import { LOG_LEVELS, type LogLevel } from './context.js';
import { CODES, RpcError, isRecord } from './jsonrpc.js';

export const MODERN_PROTOCOL_VERSIONS = ['2026-07-28'] as const;

/** Request `_meta` keys of the modern era. */
export const META = {
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
  clientInfo: 'io.modelcontextprotocol/clientInfo',
  logLevel: 'io.modelcontextprotocol/logLevel',
  serverInfo: 'io.modelcontextprotocol/serverInfo',
} as const;

/** Modern error codes (HTTP 400 on the Streamable HTTP transport). */
export const MODERN_CODES = {
  HEADER_MISMATCH: -32020,
  MISSING_CLIENT_CAPABILITY: -32021,
  UNSUPPORTED_PROTOCOL_VERSION: -32022,
} as const;

/** Methods of the `initialize` era that a modern request may not use. */
const LEGACY_ONLY_METHODS: ReadonlySet<string> = new Set(['initialize', 'ping', 'logging/setLevel', 'resources/subscribe', 'resources/unsubscribe']);

/** How long clients may cache list and read results: they only change with a new server version. */
const TTL_MS = 3_600_000;
const CACHEABLE_METHODS: ReadonlySet<string> = new Set([
  'server/discover', 'tools/list', 'resources/list', 'resources/templates/list', 'resources/read', 'prompts/list',
]);

/** What a modern request declared about itself. */
export interface ModernRequest {
  protocolVersion: string;
  logLevel?: LogLevel;
}

/** The protocol version a request's `_meta` declares, if it declares one (which makes it modern). */
export function declaredVersion(params: Record<string, unknown> | undefined): unknown {
  const meta = params?._meta;
  return isRecord(meta) ? meta[META.protocolVersion] : undefined;
}

/**
 * Checks a modern request's `_meta` and method; returns what it declared.
 * Throws the error the spec names for each problem.
 */
export function checkModernRequest(method: string, params: Record<string, unknown>, supported: readonly string[]): ModernRequest {
  const meta = params._meta as Record<string, unknown>;
  const version = meta[META.protocolVersion];
  if (typeof version !== 'string' || !(MODERN_PROTOCOL_VERSIONS as readonly string[]).includes(version)) {
    throw new RpcError(
      MODERN_CODES.UNSUPPORTED_PROTOCOL_VERSION,
      `Unsupported protocol version ${JSON.stringify(version)}; this server supports ${supported.join(', ')}`,
      { supported, requested: version },
    );
  }
  if (!isRecord(meta[META.clientCapabilities])) {
    throw new RpcError(CODES.INVALID_PARAMS, `Invalid params: _meta["${META.clientCapabilities}"] must be an object (use {} for none)`);
  }
  if (LEGACY_ONLY_METHODS.has(method)) {
    throw new RpcError(CODES.METHOD_NOT_FOUND, `Method not found: ${method} belongs to the initialize era and is not part of protocol ${version}`);
  }
  const level = meta[META.logLevel];
  if (level !== undefined && !LOG_LEVELS.includes(level as LogLevel)) {
    throw new RpcError(CODES.INVALID_PARAMS, `Invalid params: _meta["${META.logLevel}"] must be one of ${LOG_LEVELS.join(', ')}`);
  }
  return { protocolVersion: version, logLevel: level as LogLevel | undefined };
}

/**
 * Adds the fields every modern result carries. `cacheScope` is `private` when the
 * result depends on the request (tool selection headers or URL), `public` otherwise.
 */
export function modernResult(method: string, result: unknown, serverInfo: object, cacheScope: 'public' | 'private' = 'public'): unknown {
  if (!isRecord(result)) return result;
  const meta = isRecord(result._meta) ? result._meta : {};
  return {
    // A result may narrow the caching itself (a user's file is private).
    ...(CACHEABLE_METHODS.has(method) ? { ttlMs: TTL_MS, cacheScope } : {}),
    ...result,
    resultType: 'complete',
    _meta: { ...meta, [META.serverInfo]: serverInfo },
  };
}
