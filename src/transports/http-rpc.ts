/**
 * One JSON-RPC body over Streamable HTTP, after the transport checks (path, method, media types,
 * credentials, selection): the era rules on its headers, the run, and the answer's framing (JSON or SSE).
 */
import { createConnection } from '../connection.js';
import { CODES, RpcError, errorResponse, isRecord, type Classified, type RpcRequest, type RpcResponse } from '../jsonrpc.js';
import { PROTOCOL_VERSIONS, SUPPORTED_PROTOCOL_VERSIONS, isKnownMethod } from '../mcp.js';
import { META, MODERN_CODES, MODERN_PROTOCOL_VERSIONS, checkModernRequest, declaredVersion } from '../modern.js';
import { serializeMessage } from '../raw-json.js';
import { createServerCore, type ServerDeps } from '../server.js';
import type { Config } from '../config.js';
import { json } from './http-json.js';
import type { HeaderReader, HttpReply, HttpRequest } from './http-request.js';
import { headerMismatch } from './mcp-headers.js';
import type { RequestLogEntry } from './request-log.js';

/** Without the header, the spec says to assume this revision. */
const DEFAULT_HTTP_VERSION = '2025-03-26';

/** Which answer framings the client accepts. */
export interface Accept {
  json: boolean;
  sse: boolean;
}

/** What one JSON-RPC body needs besides the request: its parse, the accepted framings, the request's config. */
export interface RpcBody {
  text: string;
  single: Classified | undefined;
  accept: Accept;
  config: Config;
  /** The selection came from the request (headers, URL): list results are private to it. */
  selectionVaries: boolean;
}

/** Checks one JSON-RPC body against the headers and era rules, runs it, and frames the answer. */
export async function serveRpc(request: HttpRequest, rpc: RpcBody, deps: ServerDeps, entry: RequestLogEntry): Promise<HttpReply> {
  const { single, accept } = rpc;
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

  const core = { ...createServerCore(rpc.config, deps), selectionVaries: rpc.selectionVaries };
  const session = { protocolVersion: headerVersion && !modern ? headerVersion : DEFAULT_HTTP_VERSION };
  if (accept.sse && (streamable || !accept.json) && single?.kind === 'request') return sseReply(request, rpc.text, core, session, entry, rpc.config.sseKeepAliveMs);

  let answer: object | undefined;
  // A JSON answer carries only the response; notifications need the SSE framing.
  const connection = createConnection(core, (message) => {
    if (!answer && (Array.isArray(message) || !('method' in message))) answer = message;
  }, session);
  request.onAbort(() => connection.close());
  connection.receive(rpc.text);
  await connection.idle();
  if (!answer) return { status: 202, headers: {}, body: null };
  entry.outcome = outcomeOf(answer);
  // Sessions are not needed, but legacy clients look for one after initialize; any id is accepted later.
  const sessionHeader = single?.kind === 'request' && single.message.method === 'initialize' ? { 'mcp-session-id': crypto.randomUUID() } : undefined;
  return json(answer, isBadRequest(answer) ? 400 : 200, sessionHeader);
}

/** What a modern request breaks before it may run: headers, `_meta`, or an unknown method. */
function modernProblem(headers: HeaderReader, message: RpcRequest) {
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
function sseReply(request: HttpRequest, body: string, core: ReturnType<typeof createServerCore>, session: { protocolVersion: string }, entry: RequestLogEntry, keepAliveMs: number): HttpReply {
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
      request.onAbort(close);
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
  return { status: 200, headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' }, body: stream };
}

function outcomeOf(answer: object): RequestLogEntry['outcome'] {
  const response = answer as RpcResponse;
  if (Array.isArray(answer) || response.error) return response.error ? 'rpc-error' : undefined;
  return (response.result as { isError?: unknown } | undefined)?.isError === true ? 'tool-error' : undefined;
}

/** Parse errors and invalid envelopes are the client's fault: 400, as for any malformed request. */
function isBadRequest(answer: object): boolean {
  const code = (answer as RpcResponse).error?.code;
  return code === CODES.PARSE_ERROR || code === CODES.INVALID_REQUEST;
}
