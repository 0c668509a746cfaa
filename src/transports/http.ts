/**
 * Streamable HTTP, both eras, as one function on the typed seam of http-request.ts: the Worker
 * serves it on Web `Request`/`Response` (`createHttpHandler`), `--http` on node:http without Web
 * objects (`createHttpTransport`). Stateless: every POST gets a fresh connection; legacy
 * `initialize` works without sessions.
 */
import { DEFAULTS, type Config } from '../config.js';
import { CODES, classify, errorResponse, parseJson } from '../jsonrpc.js';
import { SERVER_INFO, SUPPORTED_PROTOCOL_VERSIONS } from '../mcp.js';
import type { OAuth } from '../oauth/index.js';
import type { ServerDeps } from '../server.js';
import { storeProblem } from '../store/health.js';
import { accessDenied, corsHeaders, preflight } from './http-access.js';
import { authenticate, misconfiguration } from './http-auth.js';
import { json, rpcError } from './http-json.js';
import { replyOf, webRequest, webResponse, type HttpReply, type HttpRequest } from './http-request.js';
import { serveRpc, type Accept } from './http-rpc.js';
import { applyRequestSelection } from './http-selection.js';
import { requestLine, safeName, trackUpstream, type RequestLogEntry } from './request-log.js';

/** The default body limit (MCP_MAX_MESSAGE_BYTES). */
export const MAX_BODY_BYTES = DEFAULTS.maxMessageBytes;

/** `/`, `/mcp` and `/mcp/`; and the legacy `/mcp/{api-key}`. */
const MCP_PATH = /^\/(?:mcp\/?)?$/;
const KEY_PATH = /^\/mcp\/([^/]+)\/?$/;

/** The transport on Fetch: a Web `Request` in, a Web `Response` out (the Worker, the library). */
export type HttpHandler = (request: Request) => Promise<Response>;

/** The transport on the seam: what a runtime adapter (node:http) calls. */
export type HttpTransport = (request: HttpRequest) => Promise<HttpReply>;

/** The server's capabilities, plus the OAuth part when sign-in is served. */
export type HttpDeps = ServerDeps & { oauth?: OAuth };

export function createHttpHandler(config: Config, deps: HttpDeps): HttpHandler {
  const transport = createHttpTransport(config, deps);
  return async (request) => webResponse(await transport(webRequest(request)));
}

export function createHttpTransport(config: Config, deps: HttpDeps): HttpTransport {
  const refusal = misconfiguration(config);
  const now = deps.now ?? Date.now;
  const limit = config.maxMessageBytes ?? MAX_BODY_BYTES;
  return async (request) => {
    const started = now();
    const url = new URL(request.url);
    const entry: RequestLogEntry = { upstream: [] };
    const reply = await answer(request, url, config, { ...deps, fetch: trackUpstream(deps.fetch, entry.upstream) }, refusal, entry);
    await request.discardBody(limit);
    const line = () => requestLine(request.method, url.pathname, entry, reply.status, now() - started);
    // A streamed answer is logged when its stream ends.
    if (entry.streamed) void entry.streamed.then(() => deps.log?.('info', line()));
    else deps.log?.('info', line());
    return reply;
  };
}

async function answer(request: HttpRequest, url: URL, config: Config, deps: HttpDeps, refusal: string | undefined, entry: RequestLogEntry): Promise<HttpReply> {
  const oauthPath = deps.oauth?.owns(url.pathname) ?? false;
  const denied = accessDenied(request, config, oauthPath);
  if (denied) return rpcError(403, CODES.INVALID_REQUEST, denied);
  if (request.method === 'OPTIONS') return preflight(request);
  const reply = oauthPath ? replyOf(await deps.oauth!.handle(request.toRequest())) : await route(request, url, config, deps, refusal, entry);
  Object.assign(reply.headers, corsHeaders(request));
  return reply;
}

async function route(request: HttpRequest, url: URL, config: Config, deps: HttpDeps, refusal: string | undefined, entry: RequestLogEntry): Promise<HttpReply> {
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
  const text = await request.readBody(limit);
  if (text === undefined) return rpcError(413, CODES.INVALID_REQUEST, `Body larger than ${limit} bytes (MCP_MAX_MESSAGE_BYTES).`);
  const parsed = parseJson(text);
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
  return serveRpc(request, { text, single, accept, config: selected.config, selectionVaries: selected.varies }, deps, entry);
}

/** `ok`; `degraded` when the store cannot be used (tools that need it fail); `misconfigured` when nothing is served. */
function health(config: Config, refusal: string | undefined, storeTrouble: string | undefined): HttpReply {
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

function acceptable(header: string | null): Accept {
  if (header === null || header.trim() === '') return { json: true, sse: true };
  const types = header.split(',').map((part) => part.split(';')[0].trim().toLowerCase());
  const any = types.includes('*/*');
  return {
    json: any || types.includes('application/json') || types.includes('application/*'),
    sse: any || types.includes('text/event-stream') || types.includes('text/*'),
  };
}

/** A percent-encoded path segment, or undefined when its encoding is malformed (`%ZZ`, a lone surrogate). */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
