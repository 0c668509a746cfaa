/**
 * Which OpenAI key an HTTP request may use. Fail-closed: the server-held key is
 * used only for a configured access token, and never when no tokens are configured.
 */
import type { Config } from '../config.js';
import type { OAuth } from '../oauth/index.js';
import type { RequestHead } from './http-request.js';

/** The key to use, or why the request is refused. */
export type Credentials =
  | { apiKey: string }
  | { status: 401 | 404 | 500; message: string; challenge?: string; error?: 'invalid_token' };

const REALM = 'Bearer realm="openai-assistants-mcp"';

/** Refuses to serve at all when a server key would be open to anyone; undefined when the setup is safe. */
export function misconfiguration(config: Config): string | undefined {
  if (config.apiKey && config.authTokens.length === 0) {
    return 'OPENAI_API_KEY is set on this server but MCP_AUTH_TOKENS is not, so anyone could spend the key. ' +
      'Set MCP_AUTH_TOKENS to one or more secret access tokens (clients send one as Authorization: Bearer), ' +
      'or remove OPENAI_API_KEY so that each client brings its own key.';
  }
  return undefined;
}

/** Reads the caller's credentials. `pathKey` is the key from a legacy `/mcp/{api-key}` URL. */
export function resolveCredentials(request: RequestHead, config: Config, pathKey?: string): Credentials {
  if (pathKey !== undefined) {
    if (!config.allowKeyInPath) {
      return { status: 404, message: 'Keys in URLs are disabled because URLs end up in logs. POST to /mcp and send the key as Authorization: Bearer <key>.' };
    }
    return { apiKey: pathKey };
  }
  const ownKey = request.headers.get('x-openai-api-key')?.trim();
  if (ownKey) return { apiKey: ownKey };
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  if (!bearer) {
    const how = config.authTokens.length ? 'an access token, or your own OpenAI key in X-OpenAI-API-Key' : 'your OpenAI API key';
    return { status: 401, message: `Missing credentials: send ${how} as Authorization: Bearer <…>.`, challenge: REALM };
  }
  if (config.authTokens.length === 0) return { apiKey: bearer };
  if (!config.authTokens.some((token) => constantTimeEqual(token, bearer))) {
    return { status: 401, message: 'Invalid access token. To use your own OpenAI key instead, send it as X-OpenAI-API-Key.', challenge: `${REALM}, error="invalid_token"`, error: 'invalid_token' };
  }
  if (!config.apiKey) return { status: 500, message: 'MCP_AUTH_TOKENS is set but OPENAI_API_KEY is not: the server has no key to use for access tokens.' };
  return { apiKey: config.apiKey };
}

/**
 * The caller's credentials with OAuth in the picture: an OAuth access token first, then the
 * headers as in {@link resolveCredentials}; every 401 points at the OAuth metadata.
 */
export async function authenticate(request: RequestHead, config: Config, pathKey: string | undefined, oauth: OAuth | undefined): Promise<Credentials> {
  const credentials = (pathKey === undefined ? await oauth?.credentials(request) : undefined) ?? resolveCredentials(request, config, pathKey);
  if (!oauth || !('status' in credentials) || credentials.status !== 401) return credentials;
  return {
    ...credentials,
    message: oauth.hint ? `${credentials.message} ${oauth.hint}` : credentials.message,
    challenge: oauth.challenge(request, credentials.error),
  };
}

/** Compares without an early exit, so timing does not reveal how much of a token matched. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let difference = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) difference |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return difference === 0;
}
