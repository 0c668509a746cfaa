/**
 * Access and refresh tokens: issued in pairs, stored only under their hashes, rotated on
 * refresh, and revoked together; deleting a pair deletes the sealed key it carried. A rotated
 * refresh token that comes back means a copy exists, so its successors are revoked (OAuth 2.1 §4.3.1).
 */
import { randomToken, sha256Hex } from './crypto.js';
import { jsonReply } from './replies.js';
import { KEYS, PREFIXES, readLive, type Grant, type OAuthContext, type RotatedRecord, type TokenRecord } from './types.js';

/** Issues a new access + refresh pair and answers it as a token response (RFC 6749 §5.1); `replaces` is the refresh token it rotates. */
export async function issueTokens(ctx: OAuthContext, clientId: string, resource: string, grant: Grant, replaces?: { hash: string; expiresAt: number }): Promise<Response> {
  const access = randomToken(PREFIXES.access);
  const refresh = randomToken(PREFIXES.refresh);
  const [accessHash, refreshHash] = await Promise.all([sha256Hex(access), sha256Hex(refresh)]);
  const now = ctx.now();
  const { oauthAccessTtl, oauthRefreshTtl } = ctx.config;
  const base = { clientId, resource, grant };
  await ctx.store.put(KEYS.token(refreshHash), { ...base, type: 'refresh', expiresAt: now + oauthRefreshTtl * 1000, sibling: accessHash } satisfies TokenRecord);
  await ctx.store.put(KEYS.token(accessHash), { ...base, type: 'access', expiresAt: now + oauthAccessTtl * 1000, sibling: refreshHash } satisfies TokenRecord);
  if (replaces) await ctx.store.put(KEYS.rotated(replaces.hash), { successor: refreshHash, expiresAt: replaces.expiresAt } satisfies RotatedRecord);
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

/** When `token` is a rotated-away refresh token: revokes the live pair descended from it and returns true. */
export async function revokeSuccessors(ctx: OAuthContext, token: string): Promise<boolean> {
  if (!token.startsWith(PREFIXES.refresh)) return false;
  let rotated = await readLive<RotatedRecord>(ctx, KEYS.rotated(await sha256Hex(token)));
  if (!rotated) return false;
  // Follow the chain of rotations (bounded) to the pair in use now.
  for (let step = 0; rotated && step < 1000; step++) {
    const current = await ctx.store.get<TokenRecord>(KEYS.token(rotated.successor));
    if (current) {
      await revokePair(ctx, rotated.successor, current);
      break;
    }
    rotated = await readLive<RotatedRecord>(ctx, KEYS.rotated(rotated.successor));
  }
  return true;
}
