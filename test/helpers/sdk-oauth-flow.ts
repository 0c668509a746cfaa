/**
 * One OAuth client session driven by the official MCP SDK against a running server: the SDK
 * discovers, registers (DCR or a client ID metadata document), builds the authorization URL,
 * exchanges the code, refreshes; the test plays the user with plain HTTP form posts.
 */
import assert from 'node:assert/strict';
import type { FakeAssistants } from '../fake/assistants-server.js';
import { CANARY_KEY } from './in-process.js';
import { loadSdk } from './third-party.js';

export const SDK_REDIRECT = 'http://127.0.0.1:1/oauth/callback';

/** An in-memory OAuthClientProvider, as an MCP host app implements one. */
export class MemoryProvider {
  client?: Record<string, unknown>;
  saved?: { access_token: string; refresh_token?: string };
  verifier = '';
  authorizationUrl?: URL;
  constructor(readonly clientMetadataUrl?: string) {}
  get redirectUrl() { return SDK_REDIRECT; }
  get clientMetadata() {
    return { client_name: 'SDK end-to-end client', redirect_uris: [SDK_REDIRECT], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' };
  }
  clientInformation() { return this.client; }
  saveClientInformation(info: Record<string, unknown>) { this.client = info; }
  tokens() { return this.saved; }
  saveTokens(tokens: MemoryProvider['saved']) { this.saved = tokens; }
  redirectToAuthorization(url: URL) { this.authorizationUrl = url; }
  saveCodeVerifier(verifier: string) { this.verifier = verifier; }
  codeVerifier() { return this.verifier; }
  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier') {
    if (scope === 'all' || scope === 'tokens') this.saved = undefined;
    if (scope === 'all' || scope === 'client') this.client = undefined;
  }
}

/** The user at the sign-in page: opens it, enters the key, follows nothing; returns the code from the redirect. */
export async function signInAtPage(authorizationUrl: URL, key: string): Promise<string> {
  const page = await fetch(authorizationUrl, { redirect: 'manual' });
  const html = await page.text();
  assert.equal(page.status, 200, html);
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)![1];
  const cookie = page.headers.get('set-cookie')!.split(';')[0];
  const posted = await fetch(new URL('/authorize', authorizationUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ request: field('request'), csrf: field('csrf'), key, action: 'allow' }),
  });
  assert.equal(posted.status, 303, await posted.text());
  const location = new URL(posted.headers.get('location')!);
  assert.equal(`${location.origin}${location.pathname}`, SDK_REDIRECT);
  return location.searchParams.get('code')!;
}

/** The whole life of a connection; `seen` collects what the test must check for the canary. */
export async function runSdkSession(mcpUrl: string, fake: FakeAssistants, provider: MemoryProvider): Promise<{ registered: boolean }> {
  const sdk = await loadSdk();
  const connect = async () => {
    const client = new sdk.Client({ name: 'oauth-e2e', version: '1.0.0' });
    const transport = new sdk.StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider });
    await client.connect(transport);
    return { client, transport };
  };

  // No token yet: the SDK gets a 401, discovers, registers, and hands over an authorization URL.
  const first = new sdk.StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider });
  await assert.rejects(new sdk.Client({ name: 'oauth-e2e', version: '1.0.0' }).connect(first), sdk.UnauthorizedError);
  assert.ok(provider.authorizationUrl, 'the SDK asked to open the authorization page');
  const code = await signInAtPage(provider.authorizationUrl!, CANARY_KEY);
  await first.finishAuth(code);
  const firstTokens = provider.saved!;
  assert.match(firstTokens.access_token, /^mcp_at_/);

  const { client } = await connect();
  const listed = await client.callTool({ name: 'assistant-list', arguments: {} });
  assert.notEqual(listed.isError, true, JSON.stringify(listed));
  assert.equal(fake.requests.at(-1)?.headers.authorization, `Bearer ${CANARY_KEY}`, 'the user\'s key reached the upstream');
  await client.close();

  // Refresh with rotation: the SDK trades the refresh token; the old access token stops working.
  assert.equal(await sdk.auth(provider, { serverUrl: new URL(mcpUrl) }), 'AUTHORIZED');
  const refreshed = provider.saved!;
  assert.notEqual(refreshed.access_token, firstTokens.access_token);
  assert.equal((await bearerPing(mcpUrl, firstTokens.access_token)).status, 401);
  const again = await connect();
  assert.notEqual((await again.client.callTool({ name: 'assistant-list', arguments: {} })).isError, true);
  await again.client.close();

  // Revocation (RFC 7009): afterwards the token is refused and the SDK must send the user to sign in again.
  const revoked = await fetch(new URL('/revoke', mcpUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: refreshed.refresh_token!, client_id: String(provider.client!.client_id) }),
  });
  assert.equal(revoked.status, 200);
  const refused = await bearerPing(mcpUrl, refreshed.access_token);
  assert.equal(refused.status, 401);
  assert.match(refused.headers.get('www-authenticate')!, /resource_metadata="[^"]+\/\.well-known\/oauth-protected-resource\/mcp", error="invalid_token"/);
  provider.authorizationUrl = undefined;
  await assert.rejects(connect(), sdk.UnauthorizedError);
  assert.ok(provider.authorizationUrl, 'after revocation the SDK starts a new sign-in');
  return { registered: typeof provider.client?.client_id === 'string' && String(provider.client.client_id).startsWith('mcp_client_') };
}

async function bearerPing(mcpUrl: string, token: string) {
  const response = await fetch(mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'assistant-list', arguments: {} } }),
  });
  await response.text();
  return response;
}
