/** Files in dist/worker.js (Miniflare): uploads by content up to the stated limit through the HTTP body limit, multipart on the Worker's fetch, no path uploads. */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { Miniflare } from 'miniflare';
import { CONTENT_MAX_BYTES } from '../../src/tools/files.js';
import { startFakeAssistants, type FakeAssistants } from '../fake/assistants-server.js';
import { CANARY_KEY } from '../helpers/in-process.js';

let fake: FakeAssistants;
let mf: Miniflare;
before(async () => {
  fake = await startFakeAssistants({ apiKey: CANARY_KEY });
  mf = new Miniflare({ modules: true, scriptPath: fileURLToPath(new URL('../../../dist/worker.js', import.meta.url)), compatibilityDate: '2025-09-01', bindings: { OPENAI_BASE_URL: fake.url, MCP_TOOLSETS: 'all' } });
});
after(async () => {
  await mf?.dispose();
  await fake?.close();
});

let id = 0;
async function call(name: string, args: Record<string, unknown>) {
  const response = await mf.dispatchFetch('http://worker.test/mcp', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${CANARY_KEY}`, 'mcp-protocol-version': '2025-11-25' },
    body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method: 'tools/call', params: { name, arguments: args } }),
  });
  const text = await response.text();
  assert.equal(response.status, 200, text.slice(0, 300));
  return JSON.parse(text).result;
}

test('Worker: the largest content upload (base64) fits the HTTP body limit and arrives byte for byte', async () => {
  const bytes = new Uint8Array(CONTENT_MAX_BYTES).map((_, i) => (i * 7) & 0xff);
  const uploaded = await call('file-upload', { content: Buffer.from(bytes).toString('base64'), encoding: 'base64', filename: 'blob.bin' });
  assert.notEqual(uploaded.isError, true, uploaded.content[0].text);
  assert.equal(uploaded.structuredContent.bytes, CONTENT_MAX_BYTES);
  assert.deepEqual(new Uint8Array(fake.files.state.files.get(uploaded.structuredContent.id)!.data), bytes);
  const record = fake.requests.filter((r) => r.path === '/files' && r.method === 'POST').at(-1)!;
  assert.match(record.headers['content-type']!, /^multipart\/form-data; boundary=/);
});

test('Worker: no path uploads, no save_to; content reads and vector stores work', async () => {
  const refused = await call('file-upload', { path: '/etc/passwd' });
  assert.match(refused.content[0].text, /not available on this server/);
  const text = await call('file-upload', { content: 'Worker notes', filename: 'w.txt' });
  const read = await call('file-content', { file_id: text.structuredContent.id });
  assert.equal(read.content[1].text, 'Worker notes');
  assert.match((await call('file-content', { file_id: text.structuredContent.id, save_to: '/tmp' })).content[0].text, /only available on a local server/);
  const store = await call('vector-store-create', { name: 'w', file_ids: [text.structuredContent.id] });
  assert.equal(store.isError, undefined, store.content[0].text);
});
