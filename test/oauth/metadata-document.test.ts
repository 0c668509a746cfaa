/** Client ID metadata documents: fetched through the injected fetch with size and time limits, checked, then used like a registered client. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FetchLike } from '../../src/openai/fetch-types.js';
import { jsonResponse } from '../helpers/in-process.js';
import { REDIRECT, createHarness, createPkce } from '../helpers/oauth.js';

const CLIENT_ID = 'https://client.example/oauth/metadata.json';
const LIMITS = { timeoutMs: 50, maxBytes: 5 * 1024 };
const documentOf = (extra: Record<string, unknown> = {}) => ({ client_id: CLIENT_ID, client_name: 'Doc Client', redirect_uris: [REDIRECT], ...extra });

/** Serves `answer` for the document URL and records what was asked. */
function serving(answer: (init: Parameters<FetchLike>[1]) => Response | Promise<Response>) {
  const asked: string[] = [];
  const documents: FetchLike = async (url, init) => {
    asked.push(url);
    return answer(init);
  };
  return { asked, documents };
}

const open = (h: ReturnType<typeof createHarness>, clientId = CLIENT_ID, redirect = REDIRECT) =>
  h.openPage({ response_type: 'code', client_id: clientId, redirect_uri: redirect, code_challenge: createPkce().challenge, code_challenge_method: 'S256' });

test('a metadata-document client signs in and gets tokens without registering', async () => {
  const { asked, documents } = serving(() => jsonResponse(documentOf()));
  const h = createHarness({ documents, metadataDocument: LIMITS });
  const { code, verifier } = await h.authorize(undefined, CLIENT_ID);
  assert.deepEqual(asked, [CLIENT_ID]);
  const reply = await h.exchange({ client_id: CLIENT_ID, code, code_verifier: verifier });
  assert.equal(reply.status, 200, reply.text);
  const page = await open(h);
  assert.match(page.text, /Connect Doc Client/);
  assert.match(page.text, /client\.example \(from its client ID URL\)/);
});

test('a document that is too large is refused, whether it says so or not', async () => {
  const big = JSON.stringify(documentOf({ padding: 'x'.repeat(6000) }));
  for (const headers of [{ 'content-type': 'application/json' }, { 'content-type': 'application/json', 'content-length': String(big.length) }] as Record<string, string>[]) {
    const streamed = new ReadableStream<Uint8Array>({ start(c) { c.enqueue(new TextEncoder().encode(big)); c.close(); } });
    const h = createHarness({ documents: serving(() => new Response(streamed, { headers })).documents, metadataDocument: LIMITS });
    const page = await open(h);
    assert.equal(page.status, 400);
    assert.match(page.text, /larger than 5120 bytes/);
  }
});

test('a slow document times out', async () => {
  const documents: FetchLike = (_url, init) => new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(new Error('aborted'))));
  const h = createHarness({ documents, metadataDocument: LIMITS });
  const page = await open(h);
  assert.equal(page.status, 400);
  assert.match(page.text, /did not arrive within 50 ms/);
});

test('non-https, loopback and IP-literal client IDs are not fetched (loopback only behind the development option)', async () => {
  const { asked, documents } = serving(() => jsonResponse(documentOf()));
  const h = createHarness({ documents, metadataDocument: LIMITS });
  for (const [clientId, message] of [
    ['http://client.example/oauth/metadata.json', /must be an https URL/],
    ['https://client.example/', /must have a path/],
    ['https://localhost:8443/metadata.json', /loopback or IP-literal/],
    ['https://10.0.0.1/metadata.json', /loopback or IP-literal/],
  ] as const) {
    const page = await open(h, clientId);
    assert.equal(page.status, 400, clientId);
    assert.match(page.text, message);
  }
  assert.deepEqual(asked, []);
  const loopbackId = 'https://localhost:8443/metadata.json';
  const dev = createHarness({ documents: serving(() => jsonResponse(documentOf({ client_id: loopbackId }))).documents, config: { oauthLoopbackClientIds: true } });
  assert.equal((await open(dev, loopbackId)).status, 200);
});

test('a document whose redirect URIs do not match, or that is not about itself, is refused', async () => {
  const cases: Array<[Record<string, unknown>, RegExp, string?]> = [
    [documentOf({ redirect_uris: ['https://elsewhere.example/cb'] }), /is not one the client registered/],
    [documentOf({ client_id: 'https://other.example/metadata.json' }), /is not its own URL/],
    [documentOf({ redirect_uris: ['http://app.example/cb'] }), /uses http on a non-loopback host/, 'http://app.example/cb'],
    [documentOf({ token_endpoint_auth_method: 'private_key_jwt' }), /supports only "none"/],
  ];
  for (const [doc, message, redirect] of cases) {
    const h = createHarness({ documents: serving(() => jsonResponse(doc)).documents, metadataDocument: LIMITS });
    const page = await open(h, CLIENT_ID, redirect);
    assert.equal(page.status, 400);
    assert.match(page.text, new RegExp(message.source.replace(/"/g, '&#34;')));
  }
});

test('redirects are not followed; the fetch asks for none', async () => {
  let redirectMode: unknown;
  const h = createHarness({
    documents: serving((init) => {
      redirectMode = (init as { redirect?: string }).redirect;
      return new Response(null, { status: 302, headers: { location: 'https://evil.example/doc.json' } });
    }).documents,
    metadataDocument: LIMITS,
  });
  const page = await open(h);
  assert.equal(page.status, 400);
  assert.match(page.text, /answered HTTP 302/);
  assert.equal(redirectMode, 'manual');
});
