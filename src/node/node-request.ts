/**
 * The transport's request interface (transports/http-request.ts) on a node:http request, without
 * building a Web `Request`, `Headers` or `AbortController` per request; the Web `Request` is made
 * only when a Fetch handler (OAuth) asks for it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HeaderReader, HttpRequest } from '../transports/http-request.js';

const decoder = new TextDecoder();

/** `req` (whose absolute URL is `url`) as the transport reads it; `res` tells when the client went away. */
export function nodeRequest(req: IncomingMessage, res: ServerResponse, url: string): HttpRequest {
  const method = req.method ?? 'GET';
  return {
    method,
    url,
    headers: nodeHeaders(req),
    onAbort: (listener) => abortOn(res, listener),
    readBody: (limit) => readLimited(req, limit),
    // An unread rest is drained (or the connection closed) when the answer is written.
    discardBody: async () => {},
    toRequest: () => webRequestOf(req, res, url, method),
  };
}

/** `Headers.get` over node's parsed headers (node already joins repeats, except set-cookie). */
function nodeHeaders(req: IncomingMessage): HeaderReader {
  return {
    get(name) {
      const value = req.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/** Calls `listener` once if the response closes before it was finished (the client left). */
function abortOn(res: ServerResponse, listener: () => void): void {
  res.once('close', () => {
    if (!res.writableFinished) listener();
  });
}

/** The body as UTF-8 text (a BOM dropped, as `TextDecoder` does), or undefined past `limit` bytes: reading stops there and the rest stays for the writer to drain. */
function readLimited(req: IncomingMessage, limit: number): Promise<string | undefined> {
  if (Number(req.headers['content-length']) > limit) return Promise.resolve(undefined);
  if (req.readableEnded) return Promise.resolve('');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', data).off('end', end).off('error', failed);
    };
    const data = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done();
        req.pause();
        return resolve(undefined);
      }
      chunks.push(chunk);
    };
    const end = () => {
      done();
      resolve(decoder.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    };
    const failed = (error: Error) => {
      done();
      reject(error);
    };
    req.on('data', data).on('end', end).on('error', failed);
  });
}

/** The Web `Request` for a Fetch handler: its body streams from `req` as the handler pulls. */
function webRequestOf(req: IncomingMessage, res: ServerResponse, url: string, method: string): Request {
  const aborter = new AbortController();
  abortOn(res, () => aborter.abort());
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const hasBody = method !== 'GET' && method !== 'HEAD';
  // `duplex` is required by Node's fetch for a streamed body.
  return new Request(url, { method, headers, body: hasBody ? bodyStream(req) : undefined, signal: aborter.signal, ...(hasBody ? ({ duplex: 'half' } as object) : {}) });
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
      // The handler stopped reading (a body over its limit): what is left is drained when the answer is written.
      cancel: () => {},
    },
    { highWaterMark: 0 },
  );
}
