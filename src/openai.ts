/** A small fetch-based client for OpenAI-style JSON APIs: auth, timeouts, retries, errors, event streams. */
import { abortableSleep } from './abortable-sleep.js';
import { timeoutGuard } from './timeout-guard.js';
import { bodyChunks, boundedBytes, boundedText, encodeBody, parseBody, releasing } from './openai/bodies.js';
import { OpenAIError, cancelled, httpError, networkError, notAStream, timeoutError, tooLarge } from './openai/errors.js';
import { FetchTimeoutError, ResponseTooLargeError, type FetchLike, type FetchResponse } from './openai/fetch-types.js';
import { queryString, type ApiRequest } from './openai/request.js';
import { retryDelay, retryDelayAfterFailure } from './openai/retry.js';
import { readSse, type SseEvent } from './sse.js';

/** How the client reaches the upstream. */
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

/** A downloaded body: its bytes and declared type. */
export interface Download {
  bytes: Uint8Array;
  contentType: string | null;
}

/** The upstream API, one request at a time; every method retries and fails as `request` does. */
export interface Client {
  request(req: ApiRequest): Promise<unknown>;
  /** Sends a request whose answer is bytes (file content), not JSON; bounded like `request`. */
  download(req: ApiRequest): Promise<Download>;
  /** Like `download`, but the bytes arrive as they come (saving large files with bounded memory). */
  downloadStream(req: ApiRequest): Promise<{ chunks: AsyncIterable<Uint8Array>; contentType: string | null }>;
  /** Sends a request whose answer is an event stream (`stream: true`); retries and errors as `request`. */
  stream(req: ApiRequest): Promise<AsyncIterable<SseEvent>>;
}

const DEFAULT_MAX_UPSTREAM_BYTES = 32 * 1024 * 1024;
/** The signal of a request nobody can cancel; made at first use (a Worker may not make one at load). */
let neverAborted: AbortSignal | undefined;

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
    // A fetch that enforces the timeout gets the caller's signal as is; any other gets a controller
    // of this attempt, aborted by the timer or by the caller.
    const guard = options.fetch.enforcesTimeout ? undefined : timeoutGuard(req.signal, options.timeoutMs);
    let keepListening = false;
    try {
      const encoded = encodeBody(req.body);
      const response = await options.fetch(url, {
        method: req.method,
        headers: { ...headers, ...req.headers, ...encoded.headers },
        body: encoded.body,
        ...(encoded.bodyStream ? { bodyStream: encoded.bodyStream } : {}),
        ...(guard ? { signal: guard.signal } : { signal: req.signal ?? (neverAborted ??= new AbortController().signal), timeoutMs: options.timeoutMs }),
        stream: streaming,
        idempotent: req.idempotent,
        maxBytes,
      });
      // A successful stream is read by the caller. The caller's abort must still reach it, even
      // while nobody reads: the listener stays until the stream is released.
      if (streaming && response.ok && response.body) {
        keepListening = true;
        return { response, release: () => guard?.release() };
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
      if (guard?.timedOut() || error instanceof FetchTimeoutError) return { error: timeoutError(req, options.timeoutMs) };
      return { error: networkError(req, url, error) };
    } finally {
      guard?.stopTimer();
      if (!keepListening) guard?.release();
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
        throw notAStream(req, response, text);
      }
      return releasing(readSse(response.body!, req.signal), release);
    },
    async download(req) {
      const { response, bytes } = await send(req, false, true);
      return { bytes: bytes ?? new Uint8Array(), contentType: response.headers.get('content-type') };
    },
    async downloadStream(req) {
      const { response, text, release } = await send(req, true);
      return { chunks: releasing(bodyChunks(response, text), release), contentType: response.headers.get('content-type') };
    },
  };
}

