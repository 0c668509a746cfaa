/** A small fetch-based client for OpenAI-style JSON APIs: auth, timeouts, retries, errors, event streams. */
import { readSse, type SseEvent } from './sse.js';

/** What can fail talking to the upstream. `status` is the HTTP status when there was one. */
export class OpenAIError extends Error {
  constructor(
    message: string,
    readonly kind: 'http' | 'timeout' | 'network' | 'aborted',
    readonly details: {
      status?: number;
      type?: string;
      code?: string;
      param?: string;
      requestId?: string;
      method?: string;
      path?: string;
      attempts?: number;
      /** The upstream host tried (network failures). */
      host?: string;
      /** False when the connection never opened (refused, DNS, TLS): the request did not reach the upstream. */
      sent?: boolean;
    } = {},
  ) {
    super(message);
  }
}

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

export interface ClientOptions {
  apiKey: string;
  /** e.g. `https://api.openai.com/v1`; no trailing slash needed. */
  baseUrl: string;
  /** `authorization` sends `Authorization: Bearer <key>`; `api-key` sends `api-key: <key>` (Azure). */
  authHeader: 'authorization' | 'api-key';
  /** Added to every request's query string (e.g. Azure's `api-version`). */
  queryParams: Record<string, string>;
  /** Extra headers on every request (OpenAI-Beta, organization, project). */
  headers: Record<string, string>;
  timeoutMs: number;
  maxRetries: number;
  /** Largest upstream answer read (default 32 MiB); a bigger one fails the call instead of filling memory. */
  maxUpstreamBytes?: number;
  fetch: FetchLike;
  /** Wait function, injectable so tests need not sleep. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface ApiRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Already-encoded path below the base URL, e.g. `/threads/thread_1/runs` (see `pathSegment`). */
  path: string;
  query?: Record<string, unknown>;
  /** Sent as JSON, unless it is a `RawBody` (sent as is, e.g. multipart). */
  body?: unknown;
  /** Repeating the request is harmless: transient failures (5xx, timeouts, resets) may be retried. */
  idempotent: boolean;
  signal?: AbortSignal;
  /** Told before each retry (for log notifications). */
  onRetry?: (info: RetryInfo) => void;
  /** Headers for this request only (e.g. OpenAI-Beta on /vector_stores). */
  headers?: Record<string, string>;
  /** A 409 answer is final: the state conflicts and asking again cannot change it (e.g. cancel of a running response). */
  conflictIsFinal?: boolean;
}

export interface RetryInfo {
  attempt: number;
  delayMs: number;
  reason: string;
}

/** A non-JSON request body; `open` is called once per attempt, so a retry sends it whole again. */
export interface RawBody {
  readonly raw: true;
  contentType: string;
  length: number;
  open(): Uint8Array<ArrayBuffer> | AsyncIterable<Uint8Array>;
}

/** A downloaded body: its bytes and declared type. */
export interface Download {
  bytes: Uint8Array;
  contentType: string | null;
}

export function isRawBody(body: unknown): body is RawBody {
  return typeof body === 'object' && body !== null && (body as RawBody).raw === true;
}

export interface Client {
  request(req: ApiRequest): Promise<unknown>;
  /** Sends a request whose answer is bytes (file content), not JSON; bounded like `request`. */
  download(req: ApiRequest): Promise<Download>;
  /** Like `download`, but the bytes arrive as they come (saving large files with bounded memory). */
  downloadStream(req: ApiRequest): Promise<{ chunks: AsyncIterable<Uint8Array>; contentType: string | null }>;
  /** Sends a request whose answer is an event stream (`stream: true`); retries and errors as `request`. */
  stream(req: ApiRequest): Promise<AsyncIterable<SseEvent>>;
}

const MAX_RETRY_AFTER_MS = 60_000;
const DEFAULT_MAX_UPSTREAM_BYTES = 32 * 1024 * 1024;

/** `code` of the error raised when a streamed request is answered with something else (no stream support). */
export const NOT_A_STREAM = 'not_an_event_stream';

/** Encodes one path segment; rejects what could escape to another endpoint. */
export function pathSegment(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '' || value === '.' || value === '..' || value.length > 256 || /[/\\?#%]/.test(value)) {
    throw new TypeError(`${name} is not a safe ID: ${JSON.stringify(value)?.slice(0, 80)}`);
  }
  return encodeURIComponent(value);
}

export function createClient(options: ClientOptions): Client {
  const base = options.baseUrl.replace(/\/+$/, '');
  const sleep = options.sleep ?? abortableSleep;
  const maxBytes = options.maxUpstreamBytes ?? DEFAULT_MAX_UPSTREAM_BYTES;
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...options.headers,
    ...(options.authHeader === 'api-key' ? { 'api-key': options.apiKey } : { authorization: `Bearer ${options.apiKey}` }),
  };

  async function attempt(req: ApiRequest, url: string, streaming: boolean, binary: boolean): Promise<Attempt> {
    // One controller per attempt, aborted by the timeout or the caller; both are undone afterwards.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs);
    const onAbort = () => controller.abort();
    let keepListening = false;
    req.signal?.addEventListener('abort', onAbort, { once: true });
    if (req.signal?.aborted) controller.abort();
    try {
      const raw = isRawBody(req.body) ? req.body : undefined;
      const opened = raw?.open();
      // A body-less operation gets neither a body nor a content type; a multipart one declares its own.
      const body = raw ? (opened instanceof Uint8Array ? opened : undefined) : req.body === undefined ? undefined : JSON.stringify(req.body);
      const type: Record<string, string> = raw ? { 'content-type': raw.contentType, 'content-length': String(raw.length) } : body === undefined ? {} : { 'content-type': 'application/json' };
      const response = await options.fetch(url, {
        method: req.method,
        headers: { ...headers, ...req.headers, ...type },
        body,
        ...(raw && opened && !(opened instanceof Uint8Array) ? { bodyStream: reopen(raw, opened) } : {}),
        signal: controller.signal,
        stream: streaming,
        idempotent: req.idempotent,
        maxBytes,
      });
      // A successful stream is read by the caller. The caller's abort must still reach it, even
      // while nobody reads: the listener stays until the stream is released.
      if (streaming && response.ok && response.body) {
        keepListening = true;
        return { response, release: () => req.signal?.removeEventListener('abort', onAbort) };
      }
      try {
        if (binary && response.ok) return { response, bytes: await boundedBytes(response, maxBytes) };
        return { response, text: await boundedText(response, maxBytes) };
      } catch (error) {
        if (!(error instanceof ResponseTooLargeError)) throw error;
        // With `response` kept, the retry policy sees a 2xx/4xx status and repeats nothing: a bigger answer will not shrink.
        return { response, error: tooLarge(req, maxBytes, response) };
      }
    } catch (error) {
      if (req.signal?.aborted) return { error: cancelled(req) };
      if (timedOut) return { error: new OpenAIError(`No answer from the API within ${options.timeoutMs} ms.`, 'timeout', where(req)) };
      return { error: networkError(req, url, error) };
    } finally {
      clearTimeout(timer);
      if (!keepListening) req.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Sends with retries until a success (returned) or a final failure (thrown). */
  async function send(req: ApiRequest, streaming: boolean, binary = false): Promise<Attempt & { response: FetchResponse }> {
    const url = base + req.path + queryString({ ...options.queryParams, ...req.query });
    for (let n = 0; ; n++) {
      const { response, text, bytes, error, release } = await attempt(req, url, streaming, binary);
      const failure = error ?? (response && !response.ok ? httpError(req, response, text ?? '') : undefined);
      // `text` stays undefined for a stream the caller reads.
      if (!failure) return { response: response!, text, bytes, release };
      const delayMs = response ? retryDelay(req, response, n) : retryDelayAfterFailure(req, failure, n);
      if (n >= options.maxRetries || delayMs === undefined) {
        Object.assign(failure.details, { attempts: n + 1 });
        throw failure;
      }
      req.onRetry?.({ attempt: n + 1, delayMs, reason: failure.message });
      await sleep(delayMs, req.signal);
      if (req.signal?.aborted) throw cancelled(req);
    }
  }

  return {
    async request(req) {
      return parseBody((await send(req, false)).text ?? '');
    },
    async stream(req) {
      const { response, text, release } = await send(req, true);
      if (text !== undefined || !/text\/event-stream/i.test(response.headers.get('content-type') ?? '')) {
        release?.();
        const got = response.headers.get('content-type') ?? 'no content type';
        throw new OpenAIError(`Expected an event stream, got ${got}: ${(text ?? '').slice(0, 120)}`, 'http', { ...where(req), code: NOT_A_STREAM });
      }
      return releasing(readSse(response.body!, req.signal), release);
    },
    async download(req) {
      const { response, bytes } = await send(req, false, true);
      return { bytes: bytes ?? new Uint8Array(), contentType: response.headers.get('content-type') };
    },
    async downloadStream(req) {
      const { response, text, release } = await send(req, true);
      const body = response.body;
      const chunks: AsyncIterable<Uint8Array> = text !== undefined || !body
        ? once(new TextEncoder().encode(text ?? ''))
        : Symbol.asyncIterator in body ? body : readerChunks((body as ReadableStream<Uint8Array>).getReader());
      return { chunks: releasing(chunks, release), contentType: response.headers.get('content-type') };
    },
  };
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

/** The body as bytes, no more than `limit` (a transport given `maxBytes` may already have stopped). */
async function boundedBytes(response: FetchResponse, limit: number): Promise<Uint8Array> {
  if (Number(response.headers.get('content-length')) > limit) throw new ResponseTooLargeError(limit);
  const bytes = new Uint8Array(await response.arrayBuffer!());
  if (bytes.length > limit) throw new ResponseTooLargeError(limit);
  return bytes;
}

/** One try: the answer (its text, unless it is a stream the caller reads), or the failure. */
interface Attempt {
  response?: FetchResponse;
  text?: string;
  /** A download's bytes. */
  bytes?: Uint8Array;
  error?: OpenAIError;
  /** For a stream: stops forwarding the caller's abort to it; called once the stream is done. */
  release?: () => void;
}

/** Yields `events`, then calls `release` however iteration ends. */
async function* releasing<T>(events: AsyncIterable<T>, release: (() => void) | undefined): AsyncGenerator<T> {
  try {
    yield* events;
  } finally {
    release?.();
  }
}

/**
 * When to retry after an HTTP error, or undefined for never. A 429 means the request
 * was not processed, so even a create may be repeated; other transient statuses only
 * when repeating is harmless, so a create is never run twice.
 */
function retryDelay(req: ApiRequest, response: FetchResponse, n: number): number | undefined {
  const { status } = response;
  const transient = status === 408 || (status === 409 && !req.conflictIsFinal) || status >= 500;
  if (status !== 429 && !(transient && req.idempotent)) return undefined;
  const hinted = retryAfterMs(response.headers);
  if (hinted !== undefined) return hinted <= MAX_RETRY_AFTER_MS ? hinted : undefined;
  return backoff(n);
}

/** A request that never left (the connection did not open) may be sent again, even a create. */
function retryDelayAfterFailure(req: ApiRequest, failure: OpenAIError, n: number): number | undefined {
  return failure.kind !== 'aborted' && (req.idempotent || failure.details.sent === false) ? backoff(n) : undefined;
}

/** Exponential backoff from 0.5 s to 8 s with up to 25% jitter. */
function backoff(n: number): number {
  const base = Math.min(500 * 2 ** n, 8000);
  return Math.round(base * (1 - Math.random() * 0.25));
}

function retryAfterMs(headers: FetchResponse['headers']): number | undefined {
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.has('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function httpError(req: ApiRequest, response: FetchResponse, text: string): OpenAIError {
  const { message, type, code, param } = readErrorBody(text);
  return new OpenAIError(message || response.statusText || 'no details', 'http', {
    ...where(req),
    status: response.status,
    type,
    code,
    param,
    requestId: response.headers.get('x-request-id') ?? undefined,
  });
}

/**
 * The message of an error body in the shapes upstreams use: OpenAI's `{"error": {...}}`,
 * `{"error": "..."}`, `{"message": ...}`, FastAPI's `{"detail": "..."}` or
 * `{"detail": [{"loc": [...], "msg": ...}]}` (the location becomes `param`), or plain text.
 */
export function readErrorBody(text: string): { message: string; type?: string; code?: string; param?: string } {
  const body = safeJson(text);
  if (!body || typeof body !== 'object') return { message: text.trim().slice(0, 300) };
  const { error, detail, message } = body as { error?: unknown; detail?: unknown; message?: unknown };
  if (error && typeof error === 'object') {
    const e = error as { message?: unknown; type?: unknown; code?: unknown; param?: unknown };
    const inner = typeof e.message === 'string' && e.message ? e.message : JSON.stringify(error).slice(0, 300);
    return { message: inner, type: stringOrUndefined(e.type), code: stringOrUndefined(e.code ?? undefined) ?? numberText(e.code), param: stringOrUndefined(e.param) };
  }
  if (typeof error === 'string' && error) return { message: error };
  if (typeof detail === 'string' && detail) return { message: detail };
  if (Array.isArray(detail) && detail.length) {
    const first = detail[0] as { loc?: unknown; msg?: unknown };
    const loc = Array.isArray(first?.loc) ? first.loc.filter((p) => p !== 'body' && p !== 'query').map(String) : [];
    const messages = detail.map((d) => {
      const { loc: at, msg } = (d ?? {}) as { loc?: unknown; msg?: unknown };
      const name = Array.isArray(at) ? at.filter((p) => p !== 'body' && p !== 'query').join('.') : '';
      return `${name ? `${name}: ` : ''}${typeof msg === 'string' ? msg : JSON.stringify(d)}`;
    });
    return { message: messages.join('; ').slice(0, 300), param: loc.length ? loc.join('.') : undefined };
  }
  if (typeof message === 'string' && message) return { message };
  return { message: text.trim().slice(0, 300) };
}

function numberText(value: unknown): string | undefined {
  return typeof value === 'number' ? String(value) : undefined;
}

/** The body as text, reading no more than `limit` bytes (a transport given `maxBytes` may already have stopped). */
async function boundedText(response: FetchResponse, limit: number): Promise<string> {
  if (Number(response.headers.get('content-length')) > limit) throw new ResponseTooLargeError(limit);
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

function tooLarge(req: ApiRequest, limit: number, response: FetchResponse): OpenAIError {
  const done = req.method === 'GET' ? '' : ' The request itself may have taken effect.';
  return new OpenAIError(
    `The API answered with more than ${limit} bytes (OPENAI_MAX_RESPONSE_BYTES); the answer was abandoned instead of read into memory.${done} ` +
      'Ask for less (a smaller limit or page), or raise OPENAI_MAX_RESPONSE_BYTES.',
    'http',
    { ...where(req), requestId: response.headers.get('x-request-id') ?? undefined },
  );
}

function parseBody(text: string): unknown {
  if (text === '') return {};
  const value = safeJson(text);
  if (value === undefined) throw new OpenAIError(`The API answered with something that is not JSON: ${text.slice(0, 120)}`, 'http');
  return value;
}

function queryString(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) params.append(`${key}[]`, String(item));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function where(req: ApiRequest) {
  return { method: req.method, path: req.path };
}

function cancelled(req: ApiRequest): OpenAIError {
  return new OpenAIError('The request was cancelled.', 'aborted', where(req));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Failures that happen before a connection exists: the request never reached the upstream. */
const NOT_CONNECTED = /^(bad port|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EAI_NONAME|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL|ERR_INVALID_URL|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_)/;

function networkError(req: ApiRequest, url: string, error: unknown): OpenAIError {
  const reason = describeNetworkError(error);
  let host = 'the upstream';
  try {
    host = new URL(url).host;
  } catch {
    // An unparsable URL names no host; the reason says why.
  }
  const sent = !NOT_CONNECTED.test(reason);
  const what = sent ? `The connection to ${host} failed: ${reason}.` : `Could not connect to ${host} (${reason}); nothing was sent.`;
  return new OpenAIError(what, 'network', { ...where(req), host, sent });
}

/** Node errors carry `code`; fetch errors wrap it in `cause`. */
function describeNetworkError(error: unknown): string {
  const { code, message, cause } = (error ?? {}) as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  return code ?? cause?.code ?? cause?.message ?? message ?? String(error);
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
