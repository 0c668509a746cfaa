/** The retry policy: which failures may be repeated, and after how long. */
import type { OpenAIError } from './errors.js';
import type { FetchResponse } from './fetch-types.js';
import type { ApiRequest } from './request.js';

const MAX_RETRY_AFTER_MS = 60_000;

/** What the policy reads of a request. */
type Repeatable = Pick<ApiRequest, 'idempotent' | 'conflictIsFinal'>;

/**
 * When to retry after an HTTP error, or undefined for never. A 429 means the request
 * was not processed, so even a create may be repeated; other transient statuses only
 * when repeating is harmless, so a create is never run twice.
 */
export function retryDelay(req: Repeatable, response: FetchResponse, n: number): number | undefined {
  const { status } = response;
  const transient = status === 408 || (status === 409 && !req.conflictIsFinal) || status >= 500;
  if (status !== 429 && !(transient && req.idempotent)) return undefined;
  const hinted = retryAfterMs(response.headers);
  if (hinted !== undefined) return hinted <= MAX_RETRY_AFTER_MS ? hinted : undefined;
  return backoff(n);
}

/** A request that never left (the connection did not open) may be sent again, even a create. */
export function retryDelayAfterFailure(req: Repeatable, failure: OpenAIError, n: number): number | undefined {
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
