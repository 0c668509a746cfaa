/** What the OAuth server refuses, and that a canary key never leaves in clear. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CANARY_KEY } from '../helpers/in-process.js';
import { REDIRECT, createHarness, createPkce } from '../helpers/oauth.js';

const pageParams = (clientId: string, extra: Record<string, string> = {}) => ({
  response_type: 'code', client_id: clientId, redirect_uri: REDIRECT, code_challenge: createPkce().challenge, code_challenge_method: 'S256', ...extra,
});

test('wrong PKCE verifier: invalid_grant, and the code is spent', async () => {
  const h = createHarness();
  const { clientId, code, verifier } = await h.authorize();
  const wrong = await h.exchange({ client_id: clientId, code, code_verifier: createPkce().verifier });
  assert.deepEqual([wrong.status, wrong.json().error], [400, 'invalid_grant']);
  assert.match(wrong.json().error_description, /PKCE/);
  assert.equal((await h.exchange({ client_id: clientId, code, code_verifier: verifier })).json().error, 'invalid_grant');
});

test('a reused code is refused', async () => {
  const h = createHarness();
  const { clientId, code, verifier } = await h.authorize();
  assert.equal((await h.exchange({ client_id: clientId, code, code_verifier: verifier })).status, 200);
  const again = await h.exchange({ client_id: clientId, code, code_verifier: verifier });
  assert.deepEqual([again.status, again.json().error], [400, 'invalid_grant']);
  assert.match(again.json().error_description, /already used/);
});

test('redirect URI mismatch: no page and no redirect at /authorize; invalid_grant at /token', async () => {
  const h = createHarness();
  const { client_id } = await h.register({ redirect_uris: [REDIRECT, 'https://app.example/cb'] });
  for (const redirect of ['https://evil.example/cb', 'https://app.example/cb/', 'https://app.example/cb?x=1', 'http://127.0.0.1:4567/other']) {
    const page = await h.openPage(pageParams(client_id, { redirect_uri: redirect }));
    assert.equal(page.status, 400, redirect);
    assert.equal(page.headers.get('location'), null);
    assert.match(page.text, /is not one the client registered/);
  }
  // RFC 8252: a loopback redirect may come back on any port.
  assert.equal((await h.openPage(pageParams(client_id, { redirect_uri: 'http://127.0.0.1:9/callback' }))).status, 200);
  const { code, verifier } = await h.authorize(CANARY_KEY, client_id);
  const reply = await h.exchange({ client_id, code, code_verifier: verifier, redirect_uri: 'https://app.example/cb' });
  assert.deepEqual([reply.status, reply.json().error], [400, 'invalid_grant']);
});

test('registration refuses unsafe redirect URIs', async () => {
  const h = createHarness();
  for (const uri of ['http://app.example/cb', 'javascript:alert(1)', 'https://app.example/cb#frag', 'not a url']) {
    const reply = await h.call('/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: [uri] }) });
    assert.deepEqual([reply.status, reply.json().error], [400, 'invalid_redirect_uri'], uri);
  }
});

test('a token for another resource: refused at /authorize, at /token, and when used on another origin', async () => {
  const h = createHarness();
  const { client_id } = await h.register();
  const page = await h.openPage(pageParams(client_id, { resource: 'https://other.example/mcp', state: 's' }));
  assert.equal(page.status, 303);
  assert.equal(new URL(page.headers.get('location')!).searchParams.get('error'), 'invalid_target');
  const { code, verifier } = await h.authorize(CANARY_KEY, client_id);
  const token = await h.exchange({ client_id, code, code_verifier: verifier, resource: 'https://other.example/mcp' });
  assert.deepEqual([token.status, token.json().error], [400, 'invalid_target']);
  const { access_token } = await h.signIn();
  const before = h.upstream.length;
  const elsewhere = await h.callTool({ authorization: `Bearer ${access_token}` }, 'http://other.test');
  assert.equal(elsewhere.status, 401);
  assert.match(elsewhere.json().error.message, /issued for http:\/\/mcp\.test\/mcp, not for this server/);
  assert.equal(h.upstream.length, before, 'nothing went upstream');
});

test('expired access token, refresh token, code and sign-in request', async () => {
  const h = createHarness({ config: { oauthAccessTtl: 60, oauthRefreshTtl: 600 } });
  const tokens = await h.signIn();
  h.advance(61_000);
  const expired = await h.callTool({ authorization: `Bearer ${tokens.access_token}` });
  assert.equal(expired.status, 401);
  assert.match(expired.headers.get('www-authenticate')!, /error="invalid_token"/);
  h.advance(600_000);
  const refresh = await h.call('/token', h.form({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: tokens.clientId }));
  assert.equal(refresh.json().error, 'invalid_grant');
  assert.deepEqual([...h.records.keys()].filter((key) => key.startsWith('oauth/token/')), [], 'expired records are removed when seen');

  const { clientId, code, verifier } = await h.authorize();
  h.advance(3 * 60_000);
  assert.equal((await h.exchange({ client_id: clientId, code, code_verifier: verifier })).json().error, 'invalid_grant');

  const page = await h.openPage(pageParams(clientId));
  h.advance(11 * 60_000);
  const late = await h.submit(page, CANARY_KEY);
  assert.equal(late.status, 400);
  assert.match(late.text, /This sign-in request has expired/);
});

test('CSRF: a missing or wrong form token or cookie gets 403 and no code', async () => {
  const h = createHarness();
  const { client_id } = await h.register();
  const page = await h.openPage(pageParams(client_id));
  for (const broken of [{ ...page, csrf: undefined }, { ...page, cookie: undefined }, { ...page, csrf: `${page.csrf}x` }, { ...page, cookie: 'other' }]) {
    const reply = await h.submit(broken, CANARY_KEY);
    assert.equal(reply.status, 403);
    assert.match(reply.text, /security token is missing or wrong/);
  }
  assert.equal((await h.submit(page, CANARY_KEY)).status, 303, 'the intact form still works');
});

test('the page: wrong key format and unknown team token re-render the form with an error and without the key', async () => {
  const h = createHarness({ config: { baseUrl: 'https://api.openai.com/v1' } });
  const page = await h.openPage(pageParams((await h.register()).client_id));
  for (const [key, message] of [['pk-not-a-key-00000000000', /keys start with sk-/], ['sk-has space inside 000000', /without spaces/], ['', /Enter your OpenAI API key/]] as const) {
    const reply = await h.submit(page, key);
    assert.equal(reply.status, 400);
    assert.match(reply.text, message);
    assert.match(reply.text, /aria-invalid="true"/);
    if (key) assert.ok(!reply.text.includes(key), 'the entered text is not echoed');
  }
  const team = createHarness({ config: { authTokens: ['team-token-1234'], apiKey: 'sk-server-key-000000000000', baseUrl: 'https://api.openai.com/v1' } });
  const teamPage = await team.openPage(pageParams((await team.register()).client_id));
  const unknown = await team.submit(teamPage, 'team-token-9999');
  assert.match(unknown.text, /neither an access token of this server nor an OpenAI API key/);
});

test('the page: strict CSP, no script, names the client and the redirect host', async () => {
  const h = createHarness();
  const page = await h.openPage(pageParams((await h.register()).client_id));
  const csp = page.headers.get('content-security-policy')!;
  assert.match(csp, /^default-src 'none'; style-src 'nonce-[^']+'; form-action 'self' http:\/\/127\.0\.0\.1:4567; frame-ancestors 'none'/);
  assert.ok(!/<script/i.test(page.text));
  assert.match(page.text, /Connect Test Client to openai-assistants-mcp/);
  assert.match(page.text, /Sends you back to<\/dt><dd>127\.0\.0\.1:4567/);
  assert.match(page.headers.get('set-cookie')!, /HttpOnly; SameSite=Strict/);
});

test('optional key check: one GET /models upstream; a refused key stays on the page', async () => {
  const h = createHarness({ config: { oauthCheckKey: true } });
  const page = await h.openPage(pageParams((await h.register()).client_id));
  const refused = await h.submit(page, 'sk-revoked-key-0000000000');
  assert.equal(refused.status, 400);
  assert.match(refused.text, /The API refused this key \(HTTP 401\)/);
  assert.equal((await h.submit(page, CANARY_KEY)).status, 303);
  assert.deepEqual(h.upstream.map((u) => [u.url, u.authorization]), [
    ['http://upstream.test/v1/models', 'Bearer sk-revoked-key-0000000000'],
    ['http://upstream.test/v1/models', `Bearer ${CANARY_KEY}`],
  ]);
});

test('canary: the key never appears in a response, a header or a stored record in clear', async () => {
  const h = createHarness();
  const tokens = await h.signIn();
  await h.callTool({ authorization: `Bearer ${tokens.access_token}` });
  await h.call('/token', h.form({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: tokens.clientId }));
  assert.ok(h.records.size > 0);
  const stored = [...h.records].join('\n');
  for (const secret of [CANARY_KEY, tokens.access_token, tokens.refresh_token]) assert.ok(!stored.includes(secret), 'stored only sealed or hashed');
  assert.ok(!h.seen.join('\n').includes(CANARY_KEY), 'never in any response');
  assert.ok(stored.includes('"sealedKey"'));
});
