/** `--http` on Node: a node:http server in front of the transport, through its typed seam (no Web objects per request). */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { HttpReply } from '../transports/http-request.js';
import type { HttpTransport } from '../transports/http.js';
import { nodeRequest } from './node-request.js';
import { requestTarget } from './request-target.js';

/** Listens on `host:port`; resolves once listening. */
export function serveHttp(transport: HttpTransport, port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    handle(transport, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json', connection: 'close' });
      res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32603, message: 'Internal error while answering this HTTP request.' } }));
    });
  });
  // Keep-alive clients reuse sockets; idle ones are closed after 65 s, as load balancers expect.
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

async function handle(transport: HttpTransport, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = requestTarget(req.method, req.url, req.headers.host);
  if ('status' in target) {
    const body = target.status === 204 ? undefined : JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32600, message: target.message } });
    return finish(req, res, target.status, { ...target.headers, ...(body ? { 'content-type': 'application/json' } : {}) }, body);
  }
  const reply = await transport(nodeRequest(req, res, target.url));
  const { body } = reply;
  if (body === null || typeof body === 'string' || body instanceof Uint8Array) return finish(req, res, reply.status, reply.headers, body ?? undefined);
  if (!reply.headers['content-type']?.startsWith('text/event-stream')) {
    // A whole answer from a Fetch handler (OAuth): one write with its length.
    return finish(req, res, reply.status, reply.headers, Buffer.from(await new Response(body).arrayBuffer()));
  }
  await stream(res, reply, body);
}

/** An SSE answer: headers at once (it may stay silent for a while), then each chunk as it comes. */
async function stream(res: ServerResponse, reply: HttpReply, body: ReadableStream<Uint8Array>): Promise<void> {
  res.writeHead(reply.status, reply.headers);
  res.flushHeaders();
  const reader = body.getReader();
  res.once('close', () => {
    if (!res.writableFinished) void reader.cancel().catch(() => {});
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      res.write(value);
    }
  } finally {
    res.end();
  }
}

/** Unread body a kept-alive connection may discard after an early answer; past it the connection is closed. */
const DRAIN_BYTES = 4 * 1024 * 1024;

/**
 * Writes a whole answer. A body the handler did not read (an early 4xx) must not stall the
 * connection: a small rest is read and discarded so the next request on it is served; a large
 * or unknown rest gets `Connection: close` (still drained while the answer goes out, so the
 * client reads the answer instead of a reset).
 */
function finish(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body?: Uint8Array | string): void {
  const extra: Record<string, string> = {};
  if (!req.complete) {
    const declared = Number(req.headers['content-length']);
    if (!(Number.isInteger(declared) && declared <= DRAIN_BYTES)) extra.connection = 'close';
    req.removeAllListeners('readable');
    req.removeAllListeners('data');
    req.resume();
  }
  const length = body === undefined ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  res.writeHead(status, { ...headers, ...extra, ...(status === 204 ? {} : { 'content-length': String(length) }) });
  res.end(body);
}
