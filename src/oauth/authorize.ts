/**
 * `/authorize`: GET checks the request and shows the sign-in page; POST takes the key
 * (or team token), seals it, and redirects to the client with a one-time code.
 * Before the redirect URI is known good, errors are pages; after, they are redirects.
 */
import { constantTimeEqual } from '../transports/http-auth.js';
import { findClient } from './clients.js';
import { randomToken, sha256Hex } from './crypto.js';
import { keyProblem } from './key-check.js';
import { canonicalResource, issuerOf } from './metadata.js';
import { messagePage, signInPage } from './page.js';
import { redirectMatches, redirectSource } from './redirects.js';
import { readForm } from './replies.js';
import { KEYS, PREFIXES, readLive, type CodeRecord, type Grant, type OAuthContext, type PendingRequest } from './types.js';

const REQUEST_TTL_MS = 10 * 60 * 1000;
const CODE_TTL_MS = 2 * 60 * 1000;
const CSRF_COOKIE = 'mcp_oauth_csrf';

export async function authorizeGet(request: Request, ctx: OAuthContext): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const clientId = params.get('client_id');
  if (!clientId) return messagePage(400, 'This sign-in link is incomplete', 'The request has no client_id. Start again from your MCP client.');
  const client = await findClient(clientId, ctx);
  if ('problem' in client) return messagePage(400, 'This app cannot sign in here', `${capital(client.problem)}.`);
  const redirectUri = params.get('redirect_uri') ?? (client.redirectUris.length === 1 ? client.redirectUris[0] : '');
  if (!redirectMatches(client.redirectUris, redirectUri)) {
    return messagePage(400, 'This sign-in link is not valid', `The redirect URI ${JSON.stringify(redirectUri)} is not one the client registered, so this server will not send a code there.`);
  }
  const state = params.get('state') ?? undefined;
  const fail = (error: string, description: string) => redirectTo(redirectUri, { error, error_description: description, state, iss: issuerOf(request, ctx.config) });
  if (params.get('response_type') !== 'code') return fail('unsupported_response_type', 'Only response_type=code is supported.');
  const challenge = params.get('code_challenge');
  if (params.get('code_challenge_method') !== 'S256' || !challenge || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
    return fail('invalid_request', 'PKCE is required: send a code_challenge with code_challenge_method=S256.');
  }
  const resource = canonicalResource(params.get('resource'), issuerOf(request, ctx.config));
  if (!resource) return fail('invalid_target', `The resource ${JSON.stringify(params.get('resource'))} is not this server.`);
  const requestId = randomToken(PREFIXES.request);
  const csrf = randomToken('');
  const pending: PendingRequest = { clientId, clientName: client.name, redirectUri, state, challenge, resource, csrf, expiresAt: ctx.now() + REQUEST_TTL_MS };
  await ctx.store.put(KEYS.request(await sha256Hex(requestId)), pending);
  const response = signInPage(viewOf(pending, requestId, ctx), formActionOf(redirectUri));
  response.headers.append('set-cookie', cookie(request, csrf, REQUEST_TTL_MS / 1000));
  return response;
}

export async function authorizePost(request: Request, ctx: OAuthContext): Promise<Response> {
  const form = await readForm(request);
  if (form instanceof Response) return messagePage(form.status, 'The form could not be read', 'Submit the sign-in form from this server\'s page.');
  const requestId = form.get('request') ?? '';
  const key = KEYS.request(await sha256Hex(requestId));
  const pending = await readLive<PendingRequest>(ctx, key);
  if (!pending) return messagePage(400, 'This sign-in request has expired', 'It is older than 10 minutes or was already used. Go back to your MCP client and connect again.');
  const csrf = form.get('csrf');
  const cookieValue = cookieOf(request, CSRF_COOKIE);
  if (!csrf || !cookieValue || !constantTimeEqual(csrf, pending.csrf) || !constantTimeEqual(cookieValue, pending.csrf)) {
    return messagePage(403, 'The form\'s security token is missing or wrong', 'This protects you from other sites submitting the form. Reload the sign-in page from your MCP client and submit it from there (cookies must be allowed for this site).');
  }
  const issuer = issuerOf(request, ctx.config);
  if (form.get('action') === 'deny') {
    await ctx.store.delete(key);
    return redirectTo(pending.redirectUri, { error: 'access_denied', error_description: 'The user cancelled the sign-in.', state: pending.state, iss: issuer });
  }
  const entered = (form.get('key') ?? '').trim();
  const grant = await grantFor(entered, ctx);
  if ('problem' in grant) return signInPage({ ...viewOf(pending, requestId, ctx), error: grant.problem }, formActionOf(pending.redirectUri), 400);
  const code = randomToken(PREFIXES.code);
  const record: CodeRecord = { clientId: pending.clientId, redirectUri: pending.redirectUri, challenge: pending.challenge, resource: pending.resource, grant, expiresAt: ctx.now() + CODE_TTL_MS };
  await ctx.store.put(KEYS.code(await sha256Hex(code)), record);
  await ctx.store.delete(key);
  const response = redirectTo(pending.redirectUri, { code, state: pending.state, iss: issuer });
  response.headers.append('set-cookie', cookie(request, '', 0));
  return response;
}

/** A team token from MCP_AUTH_TOKENS, or an OpenAI key that passes the checks, sealed. */
async function grantFor(entered: string, ctx: OAuthContext): Promise<Grant | { problem: string }> {
  const team = ctx.config.authTokens.find((token) => constantTimeEqual(token, entered));
  if (team) return { kind: 'team', tokenHash: await sha256Hex(team) };
  const problem = await keyProblem(entered, ctx);
  if (problem) return { problem };
  return { kind: 'own-key', sealedKey: await ctx.sealer.seal(entered) };
}

function viewOf(pending: PendingRequest, requestId: string, ctx: OAuthContext) {
  return { clientName: pending.clientName, clientId: pending.clientId, redirectUri: pending.redirectUri, requestId, csrf: pending.csrf, teamMode: ctx.config.authTokens.length > 0 };
}

function formActionOf(redirectUri: string): string {
  return `'self' ${redirectSource(redirectUri)}`;
}

/** A 303 to the client's redirect URI with `params` added to its query. */
function redirectTo(redirectUri: string, params: Record<string, string | undefined>): Response {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return new Response(null, { status: 303, headers: { location: url.href, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } });
}

function cookie(request: Request, value: string, maxAge: number): string {
  const secure = new URL(request.url).protocol === 'https:' ? '; Secure' : '';
  return `${CSRF_COOKIE}=${value}; Path=/authorize; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure}`;
}

function cookieOf(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
