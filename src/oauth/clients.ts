/**
 * Clients: dynamic client registration (RFC 7591) and lookup by client_id, which is
 * either a registered ID or a client ID metadata document URL.
 */
import { readBody } from '../transports/http-request.js';
import { randomToken, sha256Hex } from './crypto.js';
import { fetchClientDocument, isMetadataUrl } from './metadata-document.js';
import { redirectUriProblem } from './redirects.js';
import { jsonReply, oauthError } from './replies.js';
import { KEYS, PREFIXES, type Client, type OAuthContext } from './types.js';

const MAX_REGISTRATION_BYTES = 16 * 1024;
const MAX_REDIRECT_URIS = 10;
const SECRET_METHODS = ['client_secret_post', 'client_secret_basic'];

/** `POST /register`: stores the client and answers its information (with a secret for a confidential client). */
export async function registerClient(request: Request, ctx: OAuthContext): Promise<Response> {
  const body = await readBody(request, MAX_REGISTRATION_BYTES);
  if (body === undefined) return oauthError(413, 'invalid_client_metadata', `Registration larger than ${MAX_REGISTRATION_BYTES} bytes.`);
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(body);
  } catch {
    return oauthError(400, 'invalid_client_metadata', 'The registration body must be a JSON object (RFC 7591).');
  }
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return oauthError(400, 'invalid_client_metadata', 'The registration body must be a JSON object (RFC 7591).');
  const uris = meta.redirect_uris;
  if (!Array.isArray(uris) || uris.length === 0 || uris.length > MAX_REDIRECT_URIS) {
    return oauthError(400, 'invalid_redirect_uri', `redirect_uris must be an array of 1 to ${MAX_REDIRECT_URIS} URIs.`);
  }
  for (const uri of uris) {
    const problem = redirectUriProblem(uri);
    if (problem) return oauthError(400, 'invalid_redirect_uri', `${problem}.`);
  }
  const grantTypes = Array.isArray(meta.grant_types) ? meta.grant_types : ['authorization_code', 'refresh_token'];
  if (grantTypes.some((grant) => grant !== 'authorization_code' && grant !== 'refresh_token')) {
    return oauthError(400, 'invalid_client_metadata', 'grant_types may hold only "authorization_code" and "refresh_token".');
  }
  const method = typeof meta.token_endpoint_auth_method === 'string' ? meta.token_endpoint_auth_method : 'none';
  if (method !== 'none' && !SECRET_METHODS.includes(method)) {
    return oauthError(400, 'invalid_client_metadata', `token_endpoint_auth_method ${JSON.stringify(method)} is not supported; use none, client_secret_post or client_secret_basic.`);
  }
  const clientId = randomToken(PREFIXES.client);
  const secret = method === 'none' ? undefined : randomToken('mcp_cs_');
  const name = typeof meta.client_name === 'string' && meta.client_name.trim() ? meta.client_name.trim().slice(0, 100) : undefined;
  const client: Client = { clientId, name, redirectUris: uris as string[], ...(secret ? { secretHash: await sha256Hex(secret) } : {}) };
  await ctx.store.put(KEYS.client(clientId), client);
  return jsonReply({
    client_id: clientId,
    client_id_issued_at: Math.floor(ctx.now() / 1000),
    ...(secret ? { client_secret: secret, client_secret_expires_at: 0 } : {}),
    redirect_uris: client.redirectUris,
    ...(name ? { client_name: name } : {}),
    grant_types: grantTypes,
    response_types: ['code'],
    token_endpoint_auth_method: method,
  }, 201);
}

/** The client `clientId` names, or why none can be used. */
export async function findClient(clientId: string, ctx: OAuthContext): Promise<Client | { problem: string }> {
  if (isMetadataUrl(clientId)) return fetchClientDocument(clientId, ctx);
  const client = /^[A-Za-z0-9_-]{1,100}$/.test(clientId) ? await ctx.store.get<Client>(KEYS.client(clientId)) : undefined;
  return client ?? { problem: `unknown client_id ${JSON.stringify(clientId.slice(0, 100))}: register the client first (POST /register) or use a client ID metadata document URL` };
}

/**
 * Authenticates the client of a token or revocation request: a confidential client's secret
 * (Basic or form), else the public client's `client_id`. Registered clients must exist.
 */
export async function authenticateClient(request: Request, form: URLSearchParams, ctx: OAuthContext): Promise<{ clientId: string } | Response> {
  let clientId = form.get('client_id');
  let secret = form.get('client_secret');
  const basic = /^Basic\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  if (basic) {
    const decoded = safeAtob(basic);
    const colon = decoded?.indexOf(':') ?? -1;
    if (!decoded || colon < 0) return oauthError(401, 'invalid_client', 'The Basic Authorization header is not base64 of client_id:client_secret.');
    clientId = decodeURIComponent(decoded.slice(0, colon));
    secret = decodeURIComponent(decoded.slice(colon + 1));
  }
  if (!clientId) return oauthError(401, 'invalid_client', 'client_id is missing: send it in the form (public clients) or in Basic auth.');
  if (isMetadataUrl(clientId)) return { clientId };
  const client = /^[A-Za-z0-9_-]{1,100}$/.test(clientId) ? await ctx.store.get<Client>(KEYS.client(clientId)) : undefined;
  if (!client) return oauthError(401, 'invalid_client', 'Unknown client_id: register again (POST /register).');
  if (client.secretHash && (!secret || (await sha256Hex(secret)) !== client.secretHash)) {
    return oauthError(401, 'invalid_client', 'Client authentication failed: this client was registered with a secret; send the right client_secret.');
  }
  return { clientId };
}

function safeAtob(text: string): string | undefined {
  try {
    return atob(text);
  } catch {
    return undefined;
  }
}
