/** What a caller asks of the client: one API request and its body. */

/** One API request, below the client's base URL. */
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

/** What a caller is told before a retry. */
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

export function isRawBody(body: unknown): body is RawBody {
  return typeof body === 'object' && body !== null && (body as RawBody).raw === true;
}

/** Encodes one path segment; rejects what could escape to another endpoint. */
export function pathSegment(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '' || value === '.' || value === '..' || value.length > 256 || /[/\\?#%]/.test(value)) {
    throw new TypeError(`${name} is not a safe ID: ${JSON.stringify(value)?.slice(0, 80)}`);
  }
  return encodeURIComponent(value);
}

/** `?a=1&b[]=x&b[]=y`, leaving out undefined and null values; empty when nothing is left. */
export function queryString(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) params.append(`${key}[]`, String(item));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
