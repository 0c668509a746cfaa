/** The built dist/worker.js in Miniflare (workerd), against the local fake Assistants API. */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { Miniflare } from 'miniflare';
import { startFakeAssistants, type FakeAssistants } from '../fake/assistants-server.js';
import { CANARY_KEY } from '../helpers/in-process.js';

let fake: FakeAssistants;
let mf: Miniflare;

before(async () => {
  fake = await startFakeAssistants({ apiKey: CANARY_KEY });
  mf = new Miniflare({
    modules: true,
    scriptPath: fileURLToPath(new URL('../../../dist/worker.js', import.meta.url)),
    compatibilityDate: '2025-09-01',
    // A server-held key must not be served to anonymous callers: this one must never be used.
    bindings: { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'sk-server-secret-never-used' },
  });
});
after(async () => {
  await mf?.dispose();
  await fake?.close();
});

async function post(body: unknown, headers: Record<string, string> = {}) {
  const response = await mf.dispatchFetch('http://worker.test/mcp', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

test('answers initialize and tools/list with the same core', async () => {
  const init = await post({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {} } });
  assert.equal(init.status, 200);
  assert.equal(init.body.result.protocolVersion, '2025-06-18');
  const list = await post({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
  assert.equal(list.body.result.tools.length, 22);
});

test('a tool call uses the caller\'s bearer key against the upstream', async () => {
  const reply = await post(
    { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'assistant-create', arguments: { model: 'gpt-4o', name: 'From worker' } } },
    { authorization: `Bearer ${CANARY_KEY}` },
  );
  assert.equal(reply.body.result.structuredContent.name, 'From worker', JSON.stringify(reply.body));
  assert.equal(fake.requests.at(-1)?.headers.authorization, `Bearer ${CANARY_KEY}`);
});

test('without a caller key the server secret is not used', async () => {
  const before = fake.requests.length;
  const reply = await post({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'assistant-list', arguments: {} } });
  assert.equal(reply.body.result.isError, true);
  assert.match(reply.body.result.content[0].text, /OPENAI_API_KEY is not set/);
  assert.equal(fake.requests.length, before);
});

test('notifications get 202, other methods 405, bad JSON -32700', async () => {
  assert.equal((await post({ jsonrpc: '2.0', method: 'notifications/initialized' })).status, 202);
  const get = await mf.dispatchFetch('http://worker.test/mcp');
  assert.equal(get.status, 405);
  await get.text();
  const bad = await post('{oops');
  assert.equal(bad.body.error.code, -32700);
});

test('a body over the limit gets 413 and reaches no upstream', async () => {
  const before = fake.requests.length;
  const reply = await post({ jsonrpc: '2.0', id: 5, method: 'ping', params: { pad: 'x'.repeat(4 * 1024 * 1024) } });
  assert.equal(reply.status, 413);
  assert.equal(reply.body.error.code, -32600);
  assert.equal(fake.requests.length, before);
});
