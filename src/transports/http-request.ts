/**
 * The typed seam between the MCP HTTP transport and the runtime that serves it: what the
 * transport reads of a request and what it answers. The Worker (and any Fetch runtime) adapts a
 * Web `Request`/`Response` with `webRequest`/`webResponse`; `--http` on Node implements the same
 * interface straight on node:http (src/node/node-request.ts), so no Web objects are built per request.
 */

/** Header lookup as `Headers.get` does it: case-insensitive, repeated values joined with ", ", null when absent. */
export interface HeaderReader {
  get(name: string): string | null;
}

/** Method, URL and headers: all the access rules, auth and selection read (a Web `Request` is one). */
export interface RequestHead {
  readonly method: string;
  /** The absolute URL. */
  readonly url: string;
  readonly headers: HeaderReader;
}

/** One HTTP request as the transport sees it. */
export interface HttpRequest extends RequestHead {
  /** Calls `listener` (once) if the client goes away before the answer is complete. */
  onAbort(listener: () => void): void;
  /** The body as text, or undefined when it is larger than `limit` bytes (reading stops there). */
  readBody(limit: number): Promise<string | undefined>;
  /**
   * Reads and drops a body the answer did not need (a 403, 405, 415 given before reading), up to
   * `limit` bytes: a client still uploading must get the answer, not a reset connection.
   */
  discardBody(limit: number): Promise<void>;
  /** The same request as a Web `Request`, for handlers written on Fetch (OAuth); built only when asked. */
  toRequest(): Request;
}

/** One answer: a whole body (text or bytes), a stream (SSE, OAuth pages), or none. */
export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array | ReadableStream<Uint8Array> | null;
}

/** The transport's view of a Web `Request`. */
export function webRequest(request: Request): HttpRequest {
  return {
    method: request.method,
    url: request.url,
    headers: request.headers,
    onAbort: (listener) => request.signal?.addEventListener('abort', listener, { once: true }),
    readBody: (limit) => readBody(request, limit),
    discardBody: (limit) => discardUnread(request, limit),
    toRequest: () => request,
  };
}

/** A reply as a Web `Response`. */
export function webResponse(reply: HttpReply): Response {
  return new Response(reply.body as BodyInit | null, { status: reply.status, headers: reply.headers });
}

/** A Web `Response` (from a Fetch handler) as a reply. */
export function replyOf(response: Response): HttpReply {
  return { status: response.status, headers: Object.fromEntries(response.headers), body: response.body };
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

/** workerd resets a connection whose body was left unread; a larger body than `limit` is left to the runtime. */
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
