/** What every part of the OAuth server gets, and the records it keeps in the store. */
import type { Config } from '../config.js';
import type { FetchLike } from '../openai/fetch-types.js';
import type { Store } from '../store/types.js';
import type { Sealer } from './crypto.js';

/** The OAuth part's capabilities, injected by the edges (Node CLI, Worker, tests). */
export interface OAuthContext {
  config: Config;
  store: Store;
  fetch: FetchLike;
  sealer: Sealer;
  /** Milliseconds since the epoch; injectable so tests can expire things without sleeping. */
  now: () => number;
  /** Limits on fetching a client ID metadata document. */
  metadataDocument: { timeoutMs: number; maxBytes: number };
}

/** What a token stands for: the caller's own key (sealed), or the server key through a team access token (kept as its hash). */
export type Grant = { kind: 'own-key'; sealedKey: string } | { kind: 'team'; tokenHash: string };

/** A client the server knows: registered (RFC 7591) or described by its metadata document. */
export interface Client {
  clientId: string;
  name?: string;
  redirectUris: string[];
  /** SHA-256 of the client secret, for a registered confidential client. */
  secretHash?: string;
}

/** An authorization request waiting for the user on the sign-in page. */
export interface PendingRequest {
  clientId: string;
  clientName?: string;
  redirectUri: string;
  state?: string;
  challenge: string;
  resource: string;
  /** Must come back both in the form and in the cookie. */
  csrf: string;
  expiresAt: number;
}

/** An issued authorization code (kept under the hash of the code). */
export interface CodeRecord {
  clientId: string;
  redirectUri: string;
  challenge: string;
  resource: string;
  grant: Grant;
  expiresAt: number;
}

/** An issued token (kept under the hash of the token); `sibling` is the hash of its pair's other token. */
export interface TokenRecord {
  type: 'access' | 'refresh';
  clientId: string;
  resource: string;
  grant: Grant;
  expiresAt: number;
  sibling: string;
}

/** A refresh token that was rotated away, kept until it would have expired, naming the refresh token that replaced it. */
export interface RotatedRecord {
  successor: string;
  expiresAt: number;
}

/** Store keys: everything under `oauth/`, tokens and codes only by their hash. */
export const KEYS = {
  client: (id: string) => `oauth/client/${id}`,
  request: (hash: string) => `oauth/request/${hash}`,
  code: (hash: string) => `oauth/code/${hash}`,
  token: (hash: string) => `oauth/token/${hash}`,
  rotated: (hash: string) => `oauth/rotated/${hash}`,
} as const;

/** Token prefixes, so the HTTP transport can tell an OAuth token from an OpenAI key or a team token. */
export const PREFIXES = { access: 'mcp_at_', refresh: 'mcp_rt_', code: 'mcp_ac_', client: 'mcp_client_', request: 'mcp_rq_' } as const;

/** Reads a record with an `expiresAt`; an expired one is deleted and reads as undefined. */
export async function readLive<T extends { expiresAt: number }>(ctx: OAuthContext, key: string): Promise<T | undefined> {
  const record = await ctx.store.get<T>(key);
  if (record && record.expiresAt <= ctx.now()) {
    await ctx.store.delete(key);
    return undefined;
  }
  return record;
}
