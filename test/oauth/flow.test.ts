/** The OAuth server in process: discovery, registration, sign-in, tokens reaching the upstream, refresh, revocation. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CANARY_KEY } from '../helpers/in-process.js';
import { ORIGIN, REDIRECT, createHarness } from '../helpers/oauth.js';

test('discovery: protected resource metadata (both forms) and authorization server metadata', async () => {
  const h = createHarness();
  const suffixed = (await h.call('/.well-known/oauth-protected-resource/mcp')).json();
  assert.deepEqual([suffixed.resource, suffixed.authorization_servers], [`${ORIGIN}/mcp`, [ORIGIN]]);
  assert.equal((await h.call('/.well-known/oauth-protected-resource')).json().resource, ORIGIN);
  const as = (await h.call('/.well-known/oauth-authorization-server')).json();
  assert.equal(as.issuer, ORIGIN);
  assert.deepEqual(as.code_challenge_methods_supported, ['S256']);
  assert.equal(as.client_id_metadata_document_supported, true);
  for (const key of ['authorization_endpoint', 'token_endpoint', 'registration_endpoint', 'revocation_endpoint']) assert.match(as[key], /^http:\/\/mcp\.test\/[a-z]+$/);
  const publicUrl = createHarness({ config: { publicUrl: 'https://mcp.example.com' } });
  assert.equal((await publicUrl.call('/.well-known/oauth-authorization-server')).json().issuer, 'https://mcp.example.com');
});

test('every 401 on /mcp points at the resource metadata; header auth works as before', async () => {
  const h = createHarness();
  for (const headers of [{}, { authorization: 'Bearer mcp_at_unknown' }] as Record<string, string>[]) {
    const reply = await h.callTool(headers);
    assert.equal(reply.status, 401);
    assert.match(reply.headers.get('www-authenticate')!, /^Bearer realm="openai-assistants-mcp", resource_metadata="http:\/\/mcp\.test\/\.well-known\/oauth-protected-resource\/mcp"/);
  }
  assert.match((await h.callTool({ authorization: 'Bearer mcp_at_unknown' })).headers.get('www-authenticate')!, /error="invalid_token"/);
  const { refresh_token } = await h.signIn();
  const before = h.upstream.length;
  assert.equal((await h.callTool({ authorization: `Bearer ${refresh_token}` })).status, 401, 'a refresh token is not an access token');
  assert.equal(h.upstream.length, before, 'and it is never sent upstream as a key');
  const own = await h.callTool({ authorization: `Bearer ${CANARY_KEY}` });
  assert.equal(own.status, 200, own.text);
  assert.equal(h.upstream.at(-1)?.authorization, `Bearer ${CANARY_KEY}`);
});

test('sign-in with the user\'s key: code, tokens, the key reaches the upstream, refresh rotates, revocation ends it', async () => {
  const h = createHarness();
  const { clientId, verifier, code, location } = await h.authorize();
  assert.equal(`${location.origin}${location.pathname}`, REDIRECT);
  assert.deepEqual([location.searchParams.get('state'), location.searchParams.get('iss')], ['st-1', ORIGIN]);
  const tokens = (await h.exchange({ client_id: clientId, code, code_verifier: verifier })).json();
  assert.equal(tokens.token_type, 'Bearer');
  assert.equal(tokens.expires_in, 3600);
  assert.match(tokens.access_token, /^mcp_at_/);

  const reply = await h.callTool({ authorization: `Bearer ${tokens.access_token}` });
  assert.equal(reply.status, 200, reply.text);
  assert.equal(h.upstream.at(-1)?.authorization, `Bearer ${CANARY_KEY}`, 'the user\'s key, not the token, goes upstream');

  const refreshed = await h.call('/token', h.form({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: clientId }));
  assert.equal(refreshed.status, 200, refreshed.text);
  const next = refreshed.json();
  assert.notEqual(next.refresh_token, tokens.refresh_token);
  assert.equal((await h.callTool({ authorization: `Bearer ${tokens.access_token}` })).status, 401, 'the rotated pair is gone');
  assert.equal((await h.callTool({ authorization: `Bearer ${next.access_token}` })).status, 200);

  const revoked = await h.call('/revoke', h.form({ token: next.refresh_token, client_id: clientId }));
  assert.equal(revoked.status, 200);
  assert.equal((await h.callTool({ authorization: `Bearer ${next.access_token}` })).status, 401, 'revoking the refresh token revokes its access token');
  assert.deepEqual([...h.records.keys()].filter((key) => key.startsWith('oauth/token/')), [], 'no token record (and no sealed key) is left');
});

test('a confidential client registered with a secret must send it (Basic or form)', async () => {
  const h = createHarness();
  const client = await h.register({ redirect_uris: [REDIRECT], token_endpoint_auth_method: 'client_secret_basic' });
  assert.match(client.client_secret!, /^mcp_cs_/);
  const first = await h.authorize(CANARY_KEY, client.client_id);
  const without = await h.exchange({ client_id: client.client_id, code: first.code, code_verifier: first.verifier });
  assert.equal(without.status, 401);
  assert.equal(without.json().error, 'invalid_client');
  const second = await h.authorize(CANARY_KEY, client.client_id);
  const basic = `Basic ${btoa(`${client.client_id}:${client.client_secret}`)}`;
  const withSecret = await h.call('/token', h.form({ grant_type: 'authorization_code', code: second.code, code_verifier: second.verifier, redirect_uri: REDIRECT }, { authorization: basic }));
  assert.equal(withSecret.status, 200, withSecret.text);
});

test('team mode: an MCP_AUTH_TOKENS token on the page grants the server key; removing the token ends the grant', async () => {
  const config = { authTokens: ['team-token-1234'], apiKey: 'sk-server-key-000000000000' };
  const h = createHarness({ config });
  const page = await h.openPage({ response_type: 'code', client_id: (await h.register()).client_id, redirect_uri: REDIRECT, code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' });
  assert.match(page.text, /or your team access token/);
  const { clientId, verifier, code } = await h.authorize('team-token-1234');
  const tokens = (await h.exchange({ client_id: clientId, code, code_verifier: verifier })).json();
  assert.equal((await h.callTool({ authorization: `Bearer ${tokens.access_token}` })).status, 200);
  assert.equal(h.upstream.at(-1)?.authorization, 'Bearer sk-server-key-000000000000');
  h.config.authTokens = ['another-token'];
  const after = await h.callTool({ authorization: `Bearer ${tokens.access_token}` });
  assert.equal(after.status, 401);
  assert.match(after.json().error.message, /no longer configured/);
});

test('cancel on the page redirects with access_denied and the state', async () => {
  const h = createHarness();
  const page = await h.openPage({ response_type: 'code', client_id: (await h.register()).client_id, redirect_uri: REDIRECT, code_challenge: 'x'.repeat(43), code_challenge_method: 'S256', state: 's9' });
  const reply = await h.submit(page, '', { action: 'deny' });
  const location = new URL(reply.headers.get('location')!);
  assert.deepEqual([location.searchParams.get('error'), location.searchParams.get('state')], ['access_denied', 's9']);
});

test('a rotated refresh token presented again revokes the pair that replaced it (OAuth 2.1 §4.3.1)', async () => {
  const h = createHarness();
  const first = await h.signIn();
  const refresh = (token: string) => h.call('/token', h.form({ grant_type: 'refresh_token', refresh_token: token, client_id: first.clientId }));
  const second = (await refresh(first.refresh_token)).json();
  const third = (await refresh(second.refresh_token)).json();
  assert.equal((await h.callTool({ authorization: `Bearer ${third.access_token}` })).status, 200);
  const replay = await refresh(first.refresh_token);
  assert.equal(replay.json().error, 'invalid_grant');
  assert.match(replay.json().error_description, /already used once/);
  assert.equal((await h.callTool({ authorization: `Bearer ${third.access_token}` })).status, 401, 'the live descendant pair is revoked');
  assert.equal((await refresh(third.refresh_token)).json().error, 'invalid_grant');
});
