/** The seam between the client and a fetch implementation: what it is given and what it answers. */

/** What the client passes to fetch. */
export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  /** JSON text or bytes (a multipart upload). */
  body?: string | Uint8Array<ArrayBuffer>;
  /** Instead of `body`, chunks streamed with a known content-length (uploads from disk, on Node's fetch only); each call starts them over. */
  bodyStream?: () => AsyncIterable<Uint8Array>;
  signal: AbortSignal;
  /** The caller reads `body` as it arrives (an event stream) instead of `text()`. */
  stream?: boolean;
  /**
   * Repeating the request is harmless. Only then may a transport re-send it by itself (after a
   * kept-alive socket failed): a reset cannot tell whether the upstream already processed it.
   */
  idempotent?: boolean;
  /** Largest answer to read: a transport may stop reading past it and reject with {@link ResponseTooLargeError}. */
  maxBytes?: number;
}

/** An answer grew past the configured bound; it was abandoned (the connection closed), not buffered. */
export class ResponseTooLargeError extends Error {
  override name = 'ResponseTooLargeError';
  constructor(readonly limit: number) {
    super(`answer larger than ${limit} bytes`);
  }
}

/** The part of a fetch `Response` the client reads; the global Response has it. */
export interface FetchResponse {
  ok: boolean;
  status: number;
  statusText: string;
  headers: { get(name: string): string | null; has(name: string): boolean };
  text(): Promise<string>;
  /** The body as bytes (file downloads). */
  arrayBuffer?(): Promise<ArrayBuffer>;
  /** The body as it arrives; read only for event streams. */
  body?: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null;
}

/** A fetch-compatible function: the global one (Workers), or the lean one on Node. */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;
