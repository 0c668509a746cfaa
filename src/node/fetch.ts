/**
 * A lean fetch for Node: node:http(s) with keep-alive agents. Loading undici (the
 * global fetch) costs ~25 MB of RSS and ~0.4 ms a call; the client needs only this much.
 */
import type * as Http from 'node:http';
import { FetchTimeoutError, ResponseTooLargeError, type FetchInit, type FetchLike, type FetchResponse } from '../openai/fetch-types.js';

interface Transport {
  module: typeof Http;
  agent: Http.Agent;
}

/**
 * Upstream sockets per protocol. A run-and-wait call holds its socket for the whole run, so a low
 * cap queues the next callers behind the ones waiting (64 held 36 of 100 waits back); the cap
 * only bounds what one process may open.
 */
const MAX_UPSTREAM_SOCKETS = 256;

// Loaded on first use: node:http and node:https (TLS) cost ~15 ms that startup should not pay.
const transports = new Map<string, Transport>();

async function transport(protocol: string): Promise<Transport> {
  let entry = transports.get(protocol);
  if (!entry) {
    const module = (protocol === 'https:' ? await import('node:https') : await import('node:http')) as typeof Http;
    entry = { module, agent: new module.Agent({ keepAlive: true, maxSockets: MAX_UPSTREAM_SOCKETS }) };
    transports.set(protocol, entry);
  }
  return entry;
}

export const nodeFetch: FetchLike = Object.assign(
  async (url: string, init: FetchInit) => {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new TypeError(`unsupported protocol ${parsed.protocol}`);
    return send(parsed, init, transports.get(parsed.protocol) ?? (await transport(parsed.protocol)), true);
  },
  // One timer per request here, instead of a controller and an abort listener per attempt in the client.
  { enforcesTimeout: true },
);

function send(url: URL, init: FetchInit, { module, agent }: Transport, mayRetryStaleSocket: boolean): Promise<FetchResponse> {
  const streamed = init.bodyStream;
  const whole = init.body;
  // A streamed body declares its length itself (uploads from disk).
  const headers = streamed ? init.headers : { ...init.headers, 'content-length': String(whole ? Buffer.byteLength(whole) : 0) };
  return new Promise((resolve, reject) => {
    let timedOut = false;
    // Runs until the whole answer is read (an event stream: until its headers).
    const timer = init.timeoutMs === undefined ? undefined : setTimeout(() => {
      timedOut = true;
      request.destroy(new FetchTimeoutError(init.timeoutMs!));
    }, init.timeoutMs);
    const failure = (error: unknown) => (timedOut ? new FetchTimeoutError(init.timeoutMs!) : error);
    let responded = false;
    const request = module.request(
      url,
      { method: init.method, headers, agent, signal: init.signal },
      (response) => {
        responded = true;
        const status = response.statusCode ?? 0;
        const head = {
          ok: status >= 200 && status < 300,
          status,
          statusText: response.statusMessage ?? '',
          headers: {
            get: (name: string) => headerValue(response.headers[name.toLowerCase()]),
            has: (name: string) => response.headers[name.toLowerCase()] !== undefined,
          },
        };
        if (init.stream && head.ok) {
          clearTimeout(timer);
          // An event stream: the caller iterates the body as it arrives.
          return resolve({ ...head, body: response, text: async () => (await readAll(response)).toString('utf8') });
        }
        // The body is read at once; its failure (a reset, a too-large answer, the timeout) comes out of text().
        const bytes = readAll(response, init.maxBytes).then(
          (read) => (clearTimeout(timer), read),
          (error) => {
            clearTimeout(timer);
            throw failure(error);
          },
        );
        bytes.catch(() => {});
        resolve({ ...head, text: async () => (await bytes).toString('utf8'), arrayBuffer: async () => toArrayBuffer(await bytes) });
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      // A reset on a kept-alive socket is usually one the server closed while idle, but it may also
      // come after the server processed the request: only a request that is harmless to repeat is
      // sent again (once). A create fails instead, and the client never retries it.
      // Once answered, the request was processed: a reset while reading the answer is the answer's failure.
      if (!responded && !timedOut && mayRetryStaleSocket && init.idempotent && request.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE') && !init.signal?.aborted) {
        send(url, init, { module, agent }, false).then(resolve, reject);
      } else reject(failure(error));
    });
    if (streamed) void pipeBody(streamed(), request);
    else request.end(whole);
  });
}

/** Writes chunks as the socket takes them, so memory stays bounded whatever the body's size. */
async function pipeBody(chunks: AsyncIterable<Uint8Array>, request: Http.ClientRequest): Promise<void> {
  try {
    for await (const chunk of chunks) {
      if (request.destroyed) return;
      if (!request.write(chunk)) await drained(request);
    }
    request.end();
  } catch (error) {
    request.destroy(error as Error);
  }
}

/** Resolves when the socket takes more, or the request is gone; leaves no listener behind. */
function drained(request: Http.ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      request.off('drain', done);
      request.off('close', done);
      resolve();
    };
    request.on('drain', done);
    request.on('close', done);
  });
}

function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** The whole body; past `maxBytes` the response is destroyed (its socket closed) and the read rejects. */
function readAll(response: Http.IncomingMessage, maxBytes = Infinity): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        response.destroy();
        return reject(new ResponseTooLargeError(maxBytes));
      }
      chunks.push(chunk);
    });
    response.on('error', reject);
    response.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

function headerValue(value: string | string[] | undefined): string | null {
  return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
}
