/** Responses of the OAuth endpoints: JSON documents, OAuth error bodies, and bounded form bodies. */
import { readBody } from '../transports/http-request.js';

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/** A JSON answer that no cache keeps (token responses carry secrets). */
export function jsonReply(value: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json', ...NO_STORE, ...headers } });
}

/** An OAuth error body (RFC 6749 §5.2): a code and a sentence on what to do. */
export function oauthError(status: number, error: string, description: string, headers: Record<string, string> = {}): Response {
  return jsonReply({ error, error_description: description }, status, headers);
}

/** An `application/x-www-form-urlencoded` body's fields, or an error response. */
export async function readForm(request: Request, limit = 16 * 1024): Promise<URLSearchParams | Response> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type)) {
    return oauthError(400, 'invalid_request', `Send this request as application/x-www-form-urlencoded; got ${JSON.stringify(type)}.`);
  }
  const body = await readBody(request, limit);
  if (body === undefined) return oauthError(413, 'invalid_request', `Body larger than ${limit} bytes.`);
  return new URLSearchParams(body);
}
