/** `--http` on Node: a node:http server in front of the Web-standard handler. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { HttpHandler } from '../transports/http.js';

/** Listens on `host:port`; resolves once listening. */
export function serveHttp(handler: HttpHandler, port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    handle(handler, req, res).catch((error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32603, message: `Internal error: ${(error as Error).message}` } }));
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
  const aborter = new AbortController();
  // The client went away before the answer was complete: cancel the request.
  res.once('close', () => {
    if (!res.writableFinished) aborter.abort();
  });
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  // A declared small body is read at once (a web stream costs ~0.5 ms a request); others stream, so the handler's limit applies.
  const length = Number(req.headers['content-length']);
  const small = hasBody && Number.isInteger(length) && length <= SMALL_BODY_BYTES;
  const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
    method: req.method,
    headers: headersOf(req),
    body: small ? await readSmall(req) : hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    signal: aborter.signal,
    // Required by Node's fetch for a streamed body.
    ...(small || !hasBody ? {} : ({ duplex: 'half' } as object)),
  });
  const response = await handler(request);
  const headers = Object.fromEntries(response.headers);
  if (!response.body || !headers['content-type']?.startsWith('text/event-stream')) {
    // A whole answer: one write with its length.
    const body = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, { ...headers, 'content-length': String(body.length) });
    return void res.end(body);
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
