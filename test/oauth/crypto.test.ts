import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSealer, s256 } from '../../src/oauth/crypto.js';
import { redirectMatches } from '../../src/oauth/redirects.js';

test('PKCE S256 matches RFC 7636 appendix B', async () => {
  assert.equal(await s256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
});

test('sealing: round trip, fresh IV each time, refused under another secret or when altered', async () => {
  const sealer = createSealer(async () => 'a'.repeat(32));
  const one = await sealer.seal('sk-secret');
  assert.notEqual(one, await sealer.seal('sk-secret'));
  assert.equal(await sealer.open(one), 'sk-secret');
  assert.ok(!one.includes('sk-secret'));
  await assert.rejects(createSealer(async () => 'b'.repeat(32)).open(one));
  // A character in the middle always carries 6 significant bits (the last ones may carry padding bits).
  const middle = Math.floor(one.length / 2);
  const altered = `${one.slice(0, middle)}${one[middle] === 'A' ? 'B' : 'A'}${one.slice(middle + 1)}`;
  await assert.rejects(sealer.open(altered));
});

test('redirect matching: exact, and loopback http on any port only', () => {
  const registered = ['http://127.0.0.1:3000/cb', 'http://localhost/cb', 'https://app.example/cb', 'cursor://app/cb'];
  for (const uri of ['http://127.0.0.1:3000/cb', 'http://127.0.0.1:51000/cb', 'http://localhost:8080/cb', 'https://app.example/cb', 'cursor://app/cb']) assert.ok(redirectMatches(registered, uri), uri);
  for (const uri of ['http://127.0.0.1:3000/cb2', 'https://app.example:8443/cb', 'http://app.example/cb', 'https://app.example/cb?x', 'http://[::1]:3000/cb', 'cursor://app/cb2']) assert.ok(!redirectMatches(registered, uri), uri);
});
