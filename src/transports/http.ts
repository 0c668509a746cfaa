/**
 * Streamable HTTP, both eras, as one `Request → Response` function on Web APIs
 * only: the Worker and `--http` on Node serve the same handler. Stateless: every
 * POST gets a fresh connection; legacy `initialize` works without sessions.
 */
import { DEFAULTS, type Config } from '../config.js';
import { createConnection } from '../connection.js';
import { CODES, RpcError, classify, errorResponse, isRecord, parseJson, type Classified, type RpcRequest, type RpcResponse } from '../jsonrpc.js';
import { PROTOCOL_VERSIONS, SERVER_INFO, SUPPORTED_PROTOCOL_VERSIONS, isKnownMethod } from '../mcp.js';
import { META, MODERN_CODES, MODERN_PROTOCOL_VERSIONS, checkModernRequest, declaredVersion } from '../modern.js';
import type { OAuth } from '../oauth/index.js';
import { serializeMessage } from '../raw-json.js';
import { createServerCore, type ServerDeps } from '../server.js';
import { storeProblem } from '../store/health.js';
import { accessDenied, corsHeaders, preflight } from './http-access.js';
import { authenticate, misconfiguration } from './http-auth.js';
import { applyRequestSelection } from './http-selection.js';
import { headerMismatch } from './mcp-headers.js';
import { requestLine, safeName, trackUpstream, type RequestLogEntry } from './request-log.js';

/** The default body limit (MCP_MAX_MESSAGE_BYTES). */
export const MAX_BODY_BYTES = DEFAULTS.maxMessageBytes;

/** `/`, `/mcp` and `/mcp/`; and the legacy `/mcp/{api-key}`. */
const MCP_PATH = /^\/(?:mcp\/?)?$/;
const KEY_PATH = /^\/mcp\/([^/]+)\/?$/;
/** Without the header, the spec says to assume this revision. */
const DEFAULT_HTTP_VERSION = '2025-03-26';

export type HttpHandler = (request: Request) => Promise<Response>;

/** The server's capabilities, plus the OAuth part when sign-in is served. */
export type HttpDeps = ServerDeps & { oauth?: OAuth };

export function createHttpHandler(config: Config, deps: HttpDeps): HttpHandler {
  const refusal = misconfiguration(config);
  const now = deps.now ?? Date.now;
  return async (request) => {
    const started = now();
    const entry: RequestLogEntry = { upstream: [] };
    const response = await answer(request, config, { ...deps, fetch: trackUpstream(deps.fetch, entry.upstream) }, refusal, entry);
    await discardUnread(request, config.maxMessageBytes ?? MAX_BODY_BYTES);
    const line = () => requestLine(request.method, new URL(request.url).pathname, entry, response.status, now() - started);
    // A streamed answer is logged when its stream ends.
    if (entry.streamed) void entry.streamed.then(() => deps.log?.('info', line()));
    else deps.log?.('info', line());
    return response;
  };
}

/**
 * Reads and drops a body the answer did not need (a 403, 405, 415 given before reading), up to
 * `limit` bytes: a client still uploading must get the answer, not a reset connection (workerd
 * resets; a Node keep-alive connection would stall). A larger body is left to the runtime.
 */
async function discardUnread(request: Request, limit: number): Promise<void> {
  if (!request.body || request.bodyUsed || request.body.locked || Number(request.headers.get('content-length')) > limit) return;
  const reader = request.body.getReader();
  try {
    for (let size = 0; size <= limit; ) {
      const { done, value } = await reader.read();
      if (done) return;
      size += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away: nothing left to protect.
  }
}

async function answer(request: Request, config: Config, deps: HttpDeps, refusal: string | undefined, entry: RequestLogEntry): Promise<Response> {
  const oauthPath = deps.oauth?.owns(new URL(request.url).pathname) ?? false;
  const denied = accessDenied(request, config, oauthPath);
  if (denied) return rpcError(403, CODES.INVALID_REQUEST, denied);
  if (request.method === 'OPTIONS') return preflight(request);
  const response = oauthPath ? await deps.oauth!.handle(request) : await route(request, config, deps, refusal, entry);
  for (const [name, value] of Object.entries(corsHeaders(request))) response.headers.set(name, value);
  return response;
}

async function route(request: Request, config: Config, deps: HttpDeps, refusal: string | undefined, entry: RequestLogEntry): Promise<Response> {
  const url = new URL(request.url);
  const { pathname } = url;
  if (pathname === '/health' && (request.method === 'GET' || request.method === 'HEAD')) return health(config, refusal, await storeProblem(config, deps.store));
  const keyMatch = KEY_PATH.exec(pathname);
  // The path is never echoed: a mistyped legacy URL may carry a key.
  if (!MCP_PATH.test(pathname) && !keyMatch) return rpcError(404, CODES.INVALID_REQUEST, 'Not found: no MCP endpoint at this path. POST MCP messages to /mcp.');
  const pathKey = keyMatch ? decodeSegment(keyMatch[1]) : undefined;
  if (keyMatch && pathKey === undefined) return rpcError(400, CODES.INVALID_REQUEST, 'Bad Request: the URL path has malformed percent-encoding.');
  if (request.method !== 'POST') {
    return rpcError(405, CODES.INVALID_REQUEST, 'Method not allowed: this server is stateless; POST each JSON-RPC message to /mcp.', { allow: 'POST, OPTIONS' });
  }
  if (refusal) return rpcError(500, CODES.INTERNAL_ERROR, `Server misconfigured: ${refusal}`);
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    return rpcError(415, CODES.INVALID_REQUEST, `Unsupported Content-Type ${JSON.stringify(contentType)}: send JSON-RPC as application/json.`);
  }
  const accept = acceptable(request.headers.get('accept'));
  if (!accept.json && !accept.sse) return rpcError(406, CODES.INVALID_REQUEST, 'Not acceptable: the Accept header must allow application/json or text/event-stream.');
  const limit = config.maxMessageBytes ?? MAX_BODY_BYTES;
  const body = await readBody(request, limit);
  if (body === undefined) return rpcError(413, CODES.INVALID_REQUEST, `Body larger than ${limit} bytes (MCP_MAX_MESSAGE_BYTES).`);
  const parsed = parseJson(body);
  if (parsed.kind === 'error') return json(parsed.response, 400);
  const single = parsed.kind === 'single' ? classify(parsed.message, config.maxJsonDepth) : undefined;
  entry.rpc = parsed.kind === 'batch' ? 'batch' : single?.kind === 'request' || single?.kind === 'notification' ? safeName(single.message.method) : undefined;
  if (single?.kind === 'request' && single.message.method === 'tools/call') entry.tool = safeName(single.message.params?.name);
  const credentials = await authenticate(request, config, pathKey, deps.oauth);
  if ('status' in credentials) {
    const id = single?.kind === 'request' ? single.message.id : null;
    return json(errorResponse(id, CODES.INVALID_REQUEST, credentials.message), credentials.status, credentials.challenge ? { 'www-authenticate': credentials.challenge } : {});
  }
  let selected;
  try {
    selected = applyRequestSelection({ ...config, apiKey: credentials.apiKey }, request, url);
  } catch (error) {
    return json(errorResponse(single?.kind === 'request' ? single.message.id : null, CODES.INVALID_REQUEST, `Invalid tool selection: ${(error as Error).message}`), 400);
  }
  return serve(request, body, single, accept, selected.config, deps, selected.varies, entry);
}

/** Checks one JSON-RPC body against the headers and era rules, runs it, and frames the answer. */
async function serve(request: Request, body: string, single: Classified | undefined, accept: Accept, config: Config, deps: ServerDeps, selectionVaries: boolean, entry: RequestLogEntry): Promise<Response> {
  const headerVersion = request.headers.get('mcp-protocol-version');
  const modern = single?.kind === 'request' || single?.kind === 'notification' ? declaredVersion(single.message.params) !== undefined : false;
  if (single?.kind === 'request' && modern) {
    const problem = modernProblem(request.headers, single.message);
    if (problem) return json(errorResponse(single.message.id, problem.code, problem.message, problem.data), problem.status);
  } else if (headerVersion !== null && !modern) {
    const id = single?.kind === 'request' ? single.message.id : null;
    if ((MODERN_PROTOCOL_VERSIONS as readonly string[]).includes(headerVersion)) {
      return json(errorResponse(id, CODES.INVALID_PARAMS, `Invalid params: a ${headerVersion} request must carry _meta["${META.protocolVersion}"] and _meta["${META.clientCapabilities}"]`), 400);
    }
    if (!(PROTOCOL_VERSIONS as readonly string[]).includes(headerVersion)) {
      return json(errorResponse(id, MODERN_CODES.UNSUPPORTED_PROTOCOL_VERSION, `Unsupported MCP-Protocol-Version ${JSON.stringify(headerVersion)}`, { supported: SUPPORTED_PROTOCOL_VERSIONS, requested: headerVersion }), 400);
    }
  }
  // Notifications (progress, log messages) need the SSE framing; only requests that ask for them get it.
  const meta = single?.kind === 'request' && isRecord(single.message.params?._meta) ? single.message.params._meta : {};
  const streamable = meta.progressToken !== undefined || (modern && meta[META.logLevel] !== undefined);

  const core = { ...createServerCore(config, deps), selectionVaries };
  const session = { protocolVersion: headerVersion && !modern ? headerVersion : DEFAULT_HTTP_VERSION };
  if (accept.sse && (streamable || !accept.json) && single?.kind === 'request') return sseResponse(request, body, core, session, entry, config.sseKeepAliveMs);

  const replies: object[] = [];
  const connection = createConnection(core, (message) => replies.push(message), session);
  request.signal?.addEventListener('abort', () => connection.close(), { once: true });
  connection.receive(body);
  await connection.idle();
  // A JSON answer carries only the response; notifications need the SSE framing.
  const answer = replies.find((m) => Array.isArray(m) || !('method' in m));
  if (!answer) return new Response(null, { status: 202 });
  entry.outcome = outcomeOf(answer);
  // Sessions are not needed, but legacy clients look for one after initialize; any id is accepted later.
  const sessionHeader = single?.kind === 'request' && single.message.method === 'initialize' ? { 'mcp-session-id': crypto.randomUUID() } : undefined;
  return json(answer, isBadRequest(answer) ? 400 : 200, sessionHeader);
}

/** What a modern request breaks before it may run: headers, `_meta`, or an unknown method. */
function modernProblem(headers: Headers, message: RpcRequest) {
  const mismatch = headerMismatch(headers, message);
  if (mismatch) return { status: 400, code: MODERN_CODES.HEADER_MISMATCH, message: mismatch, data: undefined };
  try {
    checkModernRequest(message.method, message.params ?? {}, SUPPORTED_PROTOCOL_VERSIONS);
  } catch (error) {
    const { code, message: text, data } = error as RpcError;
    return { status: code === CODES.METHOD_NOT_FOUND ? 404 : 400, code, message: text, data };
  }
  if (!isKnownMethod(message.method)) return { status: 404, code: CODES.METHOD_NOT_FOUND, message: `Method not found: ${message.method}`, data: undefined };
  return undefined;
}

/** One request answered as an SSE stream: its notifications as they happen, then the response. */
function sseResponse(request: Request, body: string, core: ReturnType<typeof createServerCore>, session: { protocolVersion: string }, entry: RequestLogEntry, keepAliveMs: number): Response {
  const encoder = new TextEncoder();
  let close = () => {};
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const connection = createConnection(core, (message) => {
        if (!('method' in message)) entry.outcome = outcomeOf(message);
        controller.enqueue(encoder.encode(`event: message\ndata: ${serializeMessage(message)}\n\n`));
      }, session);
      // A closed response stream cancels the request (2026-07-28), as does an aborted request.
      close = () => {
        clearInterval(keepAlive);
        connection.close();
      };
      request.signal?.addEventListener('abort', close, { once: true });
      // A comment now and then: proxies keep the stream open, and workerd only notices a client that
      // left (and aborts request.signal) when something is written.
      if (keepAliveMs > 0) {
        keepAlive = setInterval(() => {
          try {
            controller.enqueue(encoder.encode(': keep-alive\n\n'));
          } catch {
            close();
          }
        }, keepAliveMs);
      }
      connection.receive(body);
      entry.streamed = connection.idle();
      entry.streamed.then(() => {
        clearInterval(keepAlive);
        try {
          controller.close();
        } catch {
          // Already cancelled by the client.
        }
      });
    },
    cancel() {
      close();
    },
  });
  return new Response(stream, {
    status: 200,
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' },
  });
}

/** `ok`; `degraded` when the store cannot be used (tools that need it fail); `misconfigured` when nothing is served. */
function health(config: Config, refusal: string | undefined, storeTrouble: string | undefined): Response {
  const problem = refusal ?? storeTrouble;
  return json({
    status: refusal ? 'misconfigured' : storeTrouble ? 'degraded' : 'ok',
    ...(problem ? { problem } : {}),
    name: SERVER_INFO.name,
    version: SERVER_INFO.version,
    backend: config.backend,
    protocolVersions: SUPPORTED_PROTOCOL_VERSIONS,
    auth: authMode(config),
  }, problem ? 503 : 200);
}

/** How HTTP clients authenticate, for /health and the banner. */
export function authMode(config: Config): string {
  return config.authTokens.length ? 'access tokens (server key) or own key' : 'own key (Authorization: Bearer)';
}

function outcomeOf(answer: object): RequestLogEntry['outcome'] {
  const response = answer as RpcResponse;
  if (Array.isArray(answer) || response.error) return response.error ? 'rpc-error' : undefined;
  return (response.result as { isError?: unknown } | undefined)?.isError === true ? 'tool-error' : undefined;
}

interface Accept {
  json: boolean;
  sse: boolean;
}

function acceptable(header: string | null): Accept {
  if (header === null || header.trim() === '') return { json: true, sse: true };
  const types = header.split(',').map((part) => part.split(';')[0].trim().toLowerCase());
  const any = types.includes('*/*');
  return {
    json: any || types.includes('application/json') || types.includes('application/*'),
    sse: any || types.includes('text/event-stream') || types.includes('text/*'),
  };
}

/** The body as text, or undefined when it exceeds `limit` bytes (read no further than that). */
export async function readBody(request: Request, limit: number): Promise<string | undefined> {
  if (Number(request.headers.get('content-length')) > limit) return undefined;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** A percent-encoded path segment, or undefined when its encoding is malformed (`%ZZ`, a lone surrogate). */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Parse errors and invalid envelopes are the client's fault: 400, as for any malformed request. */
function isBadRequest(answer: object): boolean {
  const code = (answer as RpcResponse).error?.code;
  return code === CODES.PARSE_ERROR || code === CODES.INVALID_REQUEST;
}

function rpcError(status: number, code: number, message: string, headers?: Record<string, string>): Response {
  return json(errorResponse(null, code, message), status, headers);
}

function json(value: unknown, status: number, headers: Record<string, string> = {}): Response {
  return new Response(serializeMessage(value), { status, headers: { 'content-type': 'application/json', ...headers } });
}
