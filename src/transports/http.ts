/**
 * HTTP: one JSON-RPC POST in, its JSON answer out. Web APIs only (Request → Response),
 * shared by the Worker and Node. The OpenAI key comes from the caller's
 * `Authorization: Bearer` header, never from the URL and never from a server secret.
 */
import { loadConfig } from '../config.js';
import { createConnection } from '../connection.js';
import { CODES, errorResponse } from '../jsonrpc.js';
import type { FetchLike } from '../openai.js';
import { createServerCore } from '../server.js';

export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Worker-style variables: the same names as the environment variables. */
export type HttpEnv = Record<string, unknown>;

export async function handleHttp(request: Request, env: HttpEnv, fetch: FetchLike): Promise<Response> {
  if (request.method !== 'POST') {
    return json(errorResponse(null, CODES.INVALID_REQUEST, 'Send JSON-RPC messages with POST'), 405, { allow: 'POST' });
  }
  const tooLarge = () => json(errorResponse(null, CODES.INVALID_REQUEST, `Body larger than ${MAX_BODY_BYTES} bytes`), 413);
  if (Number(request.headers.get('content-length')) > MAX_BODY_BYTES) return tooLarge();
  const bytes = await request.arrayBuffer();
  if (bytes.byteLength > MAX_BODY_BYTES) return tooLarge();
  const body = new TextDecoder().decode(bytes);
  let config;
  try {
    config = loadConfig({ ...stringVars(env), OPENAI_API_KEY: bearerToken(request) });
  } catch (error) {
    return json(errorResponse(null, CODES.INTERNAL_ERROR, `Server misconfigured: ${(error as Error).message}`), 500);
  }
  const replies: object[] = [];
  const connection = createConnection(createServerCore(config, fetch), (message) => replies.push(message));
  request.signal?.addEventListener('abort', () => connection.close(), { once: true });
  connection.receive(body);
  await connection.idle();
  // Notifications (log, progress) are dropped here: a plain JSON answer carries only the response.
  const response = replies.find((m) => !('method' in m));
  return response ? json(response, 200) : new Response(null, { status: 202 });
}

function bearerToken(request: Request): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '');
  return match?.[1];
}

function stringVars(env: HttpEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'OPENAI_API_KEY'));
}

function json(value: unknown, status: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json', ...headers } });
}
