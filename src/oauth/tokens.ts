/**
 * Access and refresh tokens: issued in pairs, stored only under their hashes, rotated on
 * refresh, and revoked together; deleting a pair deletes the sealed key it carried.
 */
import { randomToken, sha256Hex } from './crypto.js';
import { jsonReply } from './replies.js';
import { KEYS, PREFIXES, readLive, type Grant, type OAuthContext, type TokenRecord } from './types.js';

/** Issues a new access + refresh pair and answers it as a token response (RFC 6749 §5.1). */
export async function issueTokens(ctx: OAuthContext, clientId: string, resource: string, grant: Grant): Promise<Response> {
  const access = randomToken(PREFIXES.access);
  const refresh = randomToken(PREFIXES.refresh);
  const [accessHash, refreshHash] = await Promise.all([sha256Hex(access), sha256Hex(refresh)]);
  const now = ctx.now();
  const { oauthAccessTtl, oauthRefreshTtl } = ctx.config;
  const base = { clientId, resource, grant };
  await ctx.store.put(KEYS.token(refreshHash), { ...base, type: 'refresh', expiresAt: now + oauthRefreshTtl * 1000, sibling: accessHash } satisfies TokenRecord);
  await ctx.store.put(KEYS.token(accessHash), { ...base, type: 'access', expiresAt: now + oauthAccessTtl * 1000, sibling: refreshHash } satisfies TokenRecord);
  return jsonReply({ access_token: access, token_type: 'Bearer', expires_in: oauthAccessTtl, refresh_token: refresh });
}

/** The live record of `token` when it is of `type`; expired records are removed on sight. */
export async function findToken(ctx: OAuthContext, token: string, type: TokenRecord['type']): Promise<{ hash: string; record: TokenRecord } | undefined> {
  if (!token.startsWith(PREFIXES[type])) return undefined;
  const hash = await sha256Hex(token);
  const record = await readLive<TokenRecord>(ctx, KEYS.token(hash));
  return record?.type === type ? { hash, record } : undefined;
}

/** Deletes a token and its pair. */
export async function revokePair(ctx: OAuthContext, hash: string, record: TokenRecord): Promise<void> {
  await ctx.store.delete(KEYS.token(record.sibling));
  await ctx.store.delete(KEYS.token(hash));
}
