/** What can fail talking to the upstream, and the wording of each failure. */
import type { FetchResponse } from './fetch-types.js';
import type { ApiRequest } from './request.js';

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

/** `code` of the error raised when a streamed request is answered with something else (no stream support). */
export const NOT_A_STREAM = 'not_an_event_stream';

/** The request an error names. */
type Named = Pick<ApiRequest, 'method' | 'path'>;

function where(req: Named) {
  return { method: req.method, path: req.path };
}

function requestId(response: FetchResponse): string | undefined {
  return response.headers.get('x-request-id') ?? undefined;
}

export function cancelled(req: Named): OpenAIError {
  return new OpenAIError('The request was cancelled.', 'aborted', where(req));
}

export function timeoutError(req: Named, timeoutMs: number): OpenAIError {
  return new OpenAIError(`No answer from the API within ${timeoutMs} ms.`, 'timeout', where(req));
}

export function httpError(req: Named, response: FetchResponse, text: string): OpenAIError {
  const { message, type, code, param } = readErrorBody(text);
  return new OpenAIError(message || response.statusText || 'no details', 'http', {
    ...where(req),
    status: response.status,
    type,
    code,
    param,
    requestId: requestId(response),
  });
}

export function notAStream(req: Named, response: FetchResponse, text: string | undefined): OpenAIError {
  const got = response.headers.get('content-type') ?? 'no content type';
  return new OpenAIError(`Expected an event stream, got ${got}: ${(text ?? '').slice(0, 120)}`, 'http', { ...where(req), code: NOT_A_STREAM });
}

export function tooLarge(req: Named, limit: number, response: FetchResponse): OpenAIError {
  const done = req.method === 'GET' ? '' : ' The request itself may have taken effect.';
  return new OpenAIError(
    `The API answered with more than ${limit} bytes (OPENAI_MAX_RESPONSE_BYTES); the answer was abandoned instead of read into memory.${done} ` +
      'Ask for less (a smaller limit or page), or raise OPENAI_MAX_RESPONSE_BYTES.',
    'http',
    { ...where(req), requestId: requestId(response) },
  );
}

/** Failures that happen before a connection exists: the request never reached the upstream. */
const NOT_CONNECTED = /^(bad port|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EAI_NONAME|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL|ERR_INVALID_URL|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_)/;

export function networkError(req: Named, url: string, error: unknown): OpenAIError {
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

/** The body as JSON, or undefined when it is not JSON. */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
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
    const loc = Array.isArray(first?.loc) ? fieldPath(first.loc).map(String) : [];
    const messages = detail.map((d) => {
      const { loc: at, msg } = (d ?? {}) as { loc?: unknown; msg?: unknown };
      const name = Array.isArray(at) ? fieldPath(at).join('.') : '';
      return `${name ? `${name}: ` : ''}${typeof msg === 'string' ? msg : JSON.stringify(d)}`;
    });
    return { message: messages.join('; ').slice(0, 300), param: loc.length ? loc.join('.') : undefined };
  }
  if (typeof message === 'string' && message) return { message };
  return { message: text.trim().slice(0, 300) };
}

/** A FastAPI `loc` without its `body`/`query` prefix. */
function fieldPath(loc: unknown[]): unknown[] {
  return loc.filter((p) => p !== 'body' && p !== 'query');
}

function numberText(value: unknown): string | undefined {
  return typeof value === 'number' ? String(value) : undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
