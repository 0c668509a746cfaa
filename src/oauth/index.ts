/**
 * The OAuth 2.1 authorization server for this server's own MCP endpoint. The HTTP
 * transport routes the OAuth paths here and asks only "who is this caller, which key?".
 */
import type { Config } from '../config.js';
import type { FetchLike } from '../openai/fetch-types.js';
import type { Store } from '../store/types.js';
import { constantTimeEqual } from '../transports/http-auth.js';
import type { RequestHead } from '../transports/http-request.js';
import { authorizeGet, authorizePost } from './authorize.js';
import { registerClient } from './clients.js';
import { createSealer, sha256Hex } from './crypto.js';
import { PATHS, authorizationServerMetadata, issuerOf, protectedResourceMetadata, resourceMetadataUrl, resourceOf } from './metadata.js';
import { jsonReply, oauthError } from './replies.js';
import { revokeEndpoint, tokenEndpoint } from './token-endpoint.js';
import { findToken } from './tokens.js';
import type { OAuthContext } from './types.js';

/** The key a caller's OAuth token stands for, or why the token is refused (401). */
export type OAuthCredentials = { apiKey: string } | { status: 401; message: string; error: 'invalid_token' };

/** What the HTTP transport sees of OAuth. */
export interface OAuth {
  /** Whether `pathname` is an OAuth endpoint (these accept cross-origin calls: they use no ambient credentials but the CSRF-checked form). */
  owns(pathname: string): boolean;
  /** Answers a request to an OAuth endpoint. */
  handle(request: Request): Promise<Response>;
  /** For a Bearer OAuth access token: its key or a refusal; undefined for any other credential. */
  credentials(request: RequestHead): Promise<OAuthCredentials | undefined>;
  /** The `WWW-Authenticate` value of a 401 on `request`. */
  challenge(request: RequestHead, error?: string): string;
  /** Added to every 401 message (how to turn OAuth on, when it is off). */
  hint?: string;
}

export interface OAuthOptions {
  config: Config;
  store: Store;
  fetch: FetchLike;
  /** MCP_OAUTH_SECRET, or one the edge keeps (asked for on first use). */
  secret: () => Promise<string>;
  now?: () => number;
  metadataDocument?: { timeoutMs: number; maxBytes: number };
}

const OAUTH_PATHS: readonly string[] = [PATHS.authorize, PATHS.token, PATHS.register, PATHS.revoke];
const REALM = 'Bearer realm="openai-assistants-mcp"';

export function createOAuth(options: OAuthOptions): OAuth {
  const ctx: OAuthContext = {
    config: options.config,
    store: options.store,
    fetch: options.fetch,
    sealer: createSealer(options.secret),
    now: options.now ?? Date.now,
    metadataDocument: options.metadataDocument ?? { timeoutMs: 5000, maxBytes: 5 * 1024 },
  };
  return {
    owns: ownsPath,
    handle: (request) => route(request, ctx),
    async credentials(request) {
      const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '')?.[1];
      // Every mcp_ token is ours: a refresh token or code must never be mistaken for an OpenAI key and sent upstream.
      if (!bearer?.startsWith('mcp_')) return undefined;
      const refuse = (message: string) => ({ status: 401, error: 'invalid_token', message }) as const;
      const found = await findToken(ctx, bearer, 'access');
      if (!found) return refuse('The access token is invalid, expired or revoked: sign in again (your MCP client refreshes or re-authorizes on this 401).');
      const { record } = found;
      if (record.resource !== resourceOf(issuerOf(request, ctx.config))) return refuse(`The access token was issued for ${record.resource}, not for this server.`);
      if (record.grant.kind === 'own-key') {
        // A key sealed under another secret (MCP_OAUTH_SECRET changed) cannot be opened: the user signs in again.
        const apiKey = await ctx.sealer.open(record.grant.sealedKey).catch(() => undefined);
        return apiKey ? { apiKey } : refuse('The access token can no longer be used (the server secret changed): sign in again.');
      }
      const { tokenHash } = record.grant;
      const hashes = await Promise.all(ctx.config.authTokens.map(sha256Hex));
      if (!hashes.some((hash) => constantTimeEqual(hash, tokenHash)) || !ctx.config.apiKey) {
        return refuse('The team access token this sign-in used is no longer configured on this server: sign in again.');
      }
      return { apiKey: ctx.config.apiKey };
    },
    challenge(request, error) {
      const metadata = resourceMetadataUrl(issuerOf(request, ctx.config), new URL(request.url).pathname);
      return `${REALM}, resource_metadata="${metadata}"${error ? `, error="${error}"` : ''}`;
    },
  };
}

/** OAuth when it cannot run: OAuth paths and every 401 say how to turn it on. */
export function disabledOAuth(hint: string): OAuth {
  return {
    owns: ownsPath,
    handle: async () => oauthError(404, 'not_found', hint),
    credentials: async () => undefined,
    challenge: (_request, error) => `${REALM}${error ? `, error="${error}"` : ''}`,
    hint,
  };
}

/** The OAuth endpoints and their discovery documents; other `/.well-known/` paths stay with the transport. */
function ownsPath(pathname: string): boolean {
  return pathname.startsWith('/.well-known/oauth-') || pathname === '/.well-known/openid-configuration' || OAUTH_PATHS.includes(pathname);
}

async function route(request: Request, ctx: OAuthContext): Promise<Response> {
  const { pathname } = new URL(request.url);
  const issuer = issuerOf(request, ctx.config);
  const method = request.method;
  if (method === 'GET' || method === 'HEAD') {
    if (pathname === PATHS.resourceMetadata || pathname === `${PATHS.resourceMetadata}/mcp`) {
      return jsonReply(protectedResourceMetadata(issuer, pathname !== PATHS.resourceMetadata), 200, { 'cache-control': 'max-age=3600' });
    }
    if (pathname === PATHS.serverMetadata) return jsonReply(authorizationServerMetadata(issuer), 200, { 'cache-control': 'max-age=3600' });
  }
  if (method === 'GET' && pathname === PATHS.authorize) return authorizeGet(request, ctx);
  if (method === 'POST') {
    if (pathname === PATHS.authorize) return authorizePost(request, ctx);
    if (pathname === PATHS.token) return tokenEndpoint(request, ctx);
    if (pathname === PATHS.register) return registerClient(request, ctx);
    if (pathname === PATHS.revoke) return revokeEndpoint(request, ctx);
  }
  if (OAUTH_PATHS.includes(pathname) || pathname.startsWith(PATHS.resourceMetadata) || pathname === PATHS.serverMetadata) {
    return oauthError(405, 'invalid_request', `${method} is not allowed on ${pathname}.`, { allow: pathname === PATHS.authorize ? 'GET, POST' : pathname.startsWith('/.well-known/') ? 'GET' : 'POST' });
  }
  return oauthError(404, 'not_found', `Not found: ${pathname}. OAuth metadata is at ${PATHS.resourceMetadata}/mcp and ${PATHS.serverMetadata}.`);
}
