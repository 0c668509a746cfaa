/** `POST /token` (authorization code with PKCE, refresh with rotation) and `POST /revoke` (RFC 7009). */
import { constantTimeEqual } from '../transports/http-auth.js';
import { authenticateClient } from './clients.js';
import { s256, sha256Hex } from './crypto.js';
import { canonicalResource, issuerOf } from './metadata.js';
import { jsonReply, oauthError, readForm } from './replies.js';
import { findToken, issueTokens, revokePair, revokeSuccessors } from './tokens.js';
import { KEYS, readLive, type CodeRecord, type OAuthContext } from './types.js';

/** The form of a token or revocation request and the client that sent it, or the error response. */
async function clientForm(request: Request, ctx: OAuthContext): Promise<{ form: URLSearchParams; clientId: string } | Response> {
  const form = await readForm(request);
  if (form instanceof Response) return form;
  const client = await authenticateClient(request, form, ctx);
  return client instanceof Response ? client : { form, clientId: client.clientId };
}

export async function tokenEndpoint(request: Request, ctx: OAuthContext): Promise<Response> {
  const client = await clientForm(request, ctx);
  if (client instanceof Response) return client;
  const { form } = client;
  const grantType = form.get('grant_type');
  const issuer = issuerOf(request, ctx.config);
  const requested = form.get('resource');
  const resource = canonicalResource(requested, issuer);
  if (!resource) return oauthError(400, 'invalid_target', `resource ${JSON.stringify(requested)} is not this server; use ${issuer}/mcp.`);
  if (grantType === 'authorization_code') return exchangeCode(form, client.clientId, requested === null ? undefined : resource, ctx);
  if (grantType === 'refresh_token') return refresh(form, client.clientId, requested === null ? undefined : resource, ctx);
  return oauthError(400, 'unsupported_grant_type', `grant_type ${JSON.stringify(grantType)} is not supported; use authorization_code or refresh_token.`);
}

async function exchangeCode(form: URLSearchParams, clientId: string, resource: string | undefined, ctx: OAuthContext): Promise<Response> {
  const code = form.get('code') ?? '';
  const verifier = form.get('code_verifier');
  const key = KEYS.code(await sha256Hex(code));
  const record = await readLive<CodeRecord>(ctx, key);
  // One use only: the code is gone before anything else is checked, so a replay finds nothing.
  if (record) await ctx.store.delete(key);
  if (!record) return oauthError(400, 'invalid_grant', 'The authorization code is invalid, expired or already used: sign in again.');
  if (record.clientId !== clientId) return oauthError(400, 'invalid_grant', 'The authorization code was issued to another client.');
  if (form.get('redirect_uri') !== record.redirectUri) return oauthError(400, 'invalid_grant', 'redirect_uri does not match the one of the authorization request.');
  if (!verifier || !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return oauthError(400, 'invalid_request', 'code_verifier is missing or malformed (PKCE, RFC 7636: 43 to 128 characters).');
  if (!constantTimeEqual(await s256(verifier), record.challenge)) return oauthError(400, 'invalid_grant', 'PKCE verification failed: code_verifier does not match the code_challenge.');
  if (resource && resource !== record.resource) return oauthError(400, 'invalid_target', 'resource differs from the one of the authorization request.');
  return issueTokens(ctx, clientId, record.resource, record.grant);
}

async function refresh(form: URLSearchParams, clientId: string, resource: string | undefined, ctx: OAuthContext): Promise<Response> {
  const token = form.get('refresh_token') ?? '';
  const found = await findToken(ctx, token, 'refresh');
  if (!found && (await revokeSuccessors(ctx, token))) {
    return oauthError(400, 'invalid_grant', 'This refresh token was already used once, so a copy may exist: the sign-in it belonged to is revoked. Sign in again.');
  }
  if (!found) return oauthError(400, 'invalid_grant', 'The refresh token is invalid, expired or revoked: sign in again.');
  if (found.record.clientId !== clientId) return oauthError(400, 'invalid_grant', 'The refresh token was issued to another client.');
  if (resource && resource !== found.record.resource) return oauthError(400, 'invalid_target', 'resource differs from the one the refresh token was issued for.');
  // Rotation: the old pair stops working as the new one is issued.
  await revokePair(ctx, found.hash, found.record);
  return issueTokens(ctx, clientId, found.record.resource, found.record.grant, { hash: found.hash, expiresAt: found.record.expiresAt });
}

/** RFC 7009: revokes the token and its pair; an unknown token is not an error. */
export async function revokeEndpoint(request: Request, ctx: OAuthContext): Promise<Response> {
  const client = await clientForm(request, ctx);
  if (client instanceof Response) return client;
  const token = client.form.get('token');
  if (!token) return oauthError(400, 'invalid_request', 'token is missing.');
  const found = (await findToken(ctx, token, 'access')) ?? (await findToken(ctx, token, 'refresh'));
  if (found && found.record.clientId !== client.clientId) return oauthError(400, 'unauthorized_client', 'This token was issued to another client.');
  if (found) await revokePair(ctx, found.hash, found.record);
  return jsonReply({});
}
