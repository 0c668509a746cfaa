/** Reading answers within a size bound, and the chunk streams of uploads and downloads. */
import { OpenAIError, safeJson } from './errors.js';
import { ResponseTooLargeError, type FetchResponse } from './fetch-types.js';
import { isRawBody, type RawBody } from './request.js';

/** A JSON answer's value; an empty answer is `{}`. */
export function parseBody(text: string): unknown {
  if (text === '') return {};
  const value = safeJson(text);
  if (value === undefined) throw new OpenAIError(`The API answered with something that is not JSON: ${text.slice(0, 120)}`, 'http');
  return value;
}

/** The body as text, reading no more than `limit` bytes (a transport given `maxBytes` may already have stopped). */
export async function boundedText(response: FetchResponse, limit: number): Promise<string> {
  checkDeclaredLength(response, limit);
  const body = response.body;
  if (!body || !('getReader' in body)) {
    const text = await response.text();
    if (text.length > limit) throw new ResponseTooLargeError(limit);
    return text;
  }
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > limit) {
      reader.cancel().catch(() => {});
      throw new ResponseTooLargeError(limit);
    }
    text += decoder.decode(value, { stream: true });
  }
}

/** The body as bytes, no more than `limit` (a transport given `maxBytes` may already have stopped). */
export async function boundedBytes(response: FetchResponse, limit: number): Promise<Uint8Array> {
  checkDeclaredLength(response, limit);
  const bytes = new Uint8Array(await response.arrayBuffer!());
  if (bytes.length > limit) throw new ResponseTooLargeError(limit);
  return bytes;
}

function checkDeclaredLength(response: FetchResponse, limit: number): void {
  if (Number(response.headers.get('content-length')) > limit) throw new ResponseTooLargeError(limit);
}

/** A download's bytes as they arrive: the already-read `text` of an answer that was not streamed, else its body. */
export function bodyChunks(response: FetchResponse, text: string | undefined): AsyncIterable<Uint8Array> {
  const body = response.body;
  if (text !== undefined || !body) return once(new TextEncoder().encode(text ?? ''));
  return Symbol.asyncIterator in body ? body : readerChunks((body as ReadableStream<Uint8Array>).getReader());
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function* readerChunks(reader: ReadableStreamDefaultReader<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Yields `events`, then calls `release` however iteration ends. */
export async function* releasing<T>(events: AsyncIterable<T>, release: (() => void) | undefined): AsyncGenerator<T> {
  try {
    yield* events;
  } finally {
    release?.();
  }
}

/** The opened stream first, then a fresh one on each later call (a resend on a stale socket). */
function reopen(raw: RawBody, first: AsyncIterable<Uint8Array>): () => AsyncIterable<Uint8Array> {
  let next: AsyncIterable<Uint8Array> | undefined = first;
  return () => {
    const stream = next ?? (raw.open() as AsyncIterable<Uint8Array>);
    next = undefined;
    return stream;
  };
}

/** What goes on the wire for a request's body: JSON text, raw bytes or a raw stream, and the headers that declare it. */
export function encodeBody(body: unknown): { body?: string | Uint8Array<ArrayBuffer>; bodyStream?: () => AsyncIterable<Uint8Array>; headers: Record<string, string> } {
  if (isRawBody(body)) {
    const opened = body.open();
    const headers = { 'content-type': body.contentType, 'content-length': String(body.length) };
    return opened instanceof Uint8Array ? { body: opened, headers } : { bodyStream: reopen(body, opened), headers };
  }
  // A body-less operation gets neither a body nor a content type.
  return body === undefined ? { headers: {} } : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
}
