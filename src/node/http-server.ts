/** `--http` on Node: a node:http server in front of the Web-standard handler. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { HttpHandler } from '../transports/http.js';
import { requestTarget } from './request-target.js';

/** Listens on `host:port`; resolves once listening. */
export function serveHttp(handler: HttpHandler, port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    handle(handler, req, res).catch(() => {
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

async function handle(handler: HttpHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = requestTarget(req.method, req.url, req.headers.host);
  if ('status' in target) {
    const body = target.status === 204 ? undefined : JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32600, message: target.message } });
    return finish(req, res, target.status, { ...target.headers, ...(body ? { 'content-type': 'application/json' } : {}) }, body);
  }
  const aborter = new AbortController();
  // The client went away before the answer was complete: cancel the request.
  res.once('close', () => {
    if (!res.writableFinished) aborter.abort();
  });
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  // A declared small body is read at once (a web stream costs ~0.5 ms a request); others stream, so the handler's limit applies.
  const length = Number(req.headers['content-length']);
  const small = hasBody && Number.isInteger(length) && length <= SMALL_BODY_BYTES;
  const request = new Request(target.url, {
    method: req.method,
    headers: headersOf(req),
    body: small ? await readSmall(req) : hasBody ? bodyStream(req) : undefined,
    signal: aborter.signal,
    // Required by Node's fetch for a streamed body.
    ...(small || !hasBody ? {} : ({ duplex: 'half' } as object)),
  });
  const response = await handler(request);
  const headers = Object.fromEntries(response.headers);
  if (!response.body || !headers['content-type']?.startsWith('text/event-stream')) {
    // A whole answer: one write with its length.
    return finish(req, res, response.status, headers, Buffer.from(await response.arrayBuffer()));
  }
  res.writeHead(response.status, headers);
  // An SSE stream may stay silent for a while: the client needs its headers now.
  res.flushHeaders();
  const reader = response.body.getReader();
  aborter.signal.addEventListener('abort', () => void reader.cancel().catch(() => {}), { once: true });
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

const SMALL_BODY_BYTES = 64 * 1024;
/** Unread body a kept-alive connection may discard after an early answer; past it the connection is closed. */
const DRAIN_BYTES = 4 * 1024 * 1024;

/**
 * Writes a whole answer. A body the handler did not read (an early 4xx) must not stall the
 * connection: a small rest is read and discarded so the next request on it is served; a large
 * or unknown rest gets `Connection: close` (still drained while the answer goes out, so the
 * client reads the answer instead of a reset).
 */
function finish(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body?: Buffer | string): void {
  const extra: Record<string, string> = {};
  if (!req.complete) {
    const declared = Number(req.headers['content-length']);
    if (!(Number.isInteger(declared) && declared <= DRAIN_BYTES)) extra.connection = 'close';
    req.removeAllListeners('readable');
    req.resume();
  }
  const length = body === undefined ? 0 : Buffer.byteLength(body);
  res.writeHead(status, { ...headers, ...extra, ...(status === 204 ? {} : { 'content-length': String(length) }) });
  res.end(body);
}

/** The request body as a web stream that reads only as the handler pulls, so an unread body stays in the socket to be drained. */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      pull: (controller) =>
        new Promise<void>((resolve, reject) => {
          let settled = false;
          const settle = (action: () => void) => {
            if (settled) return;
            settled = true;
            req.off('readable', step).off('end', ended).off('error', failed);
            action();
            resolve();
          };
          const step = () => {
            const chunk = req.read() as Buffer | null;
            if (chunk !== null) settle(() => controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
            else if (req.readableEnded) settle(() => controller.close());
          };
          const ended = () => settle(() => controller.close());
          const failed = (error: Error) => {
            settled = true;
            req.off('readable', step).off('end', ended);
            reject(error);
          };
          req.on('readable', step).on('end', ended).once('error', failed);
          step();
        }),
      // The handler stopped reading (a body over its limit): what is left is drained by `finish`.
      cancel: () => {},
    },
    { highWaterMark: 0 },
  );
}

function readSmall(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}
