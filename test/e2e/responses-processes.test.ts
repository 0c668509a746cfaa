/**
 * The responses backend in the shipped files: dist/cli.cjs with a file store, and
 * dist/worker.js in Miniflare with a KV namespace, against the fake Responses API.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { Miniflare } from 'miniflare';
import { SEED_TOOLS } from '../../src/tools/index.js';
import { startFakeResponses, type FakeResponses } from '../fake/responses-server.js';
import { initialize, startCli } from '../helpers/cli-process.js';
import { CANARY_KEY } from '../helpers/in-process.js';
import { runWorkflow } from '../helpers/workflow.js';

let fake: FakeResponses;
let storeDir: string;
before(async () => {
  fake = await startFakeResponses({ apiKey: CANARY_KEY });
  storeDir = mkdtempSync(join(tmpdir(), 'oam-store-'));
});
after(async () => {
  await fake?.close();
  rmSync(storeDir, { recursive: true, force: true });
});

const env = () => ({ OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: fake.url, OPENAI_BACKEND: 'responses', MCP_STORE_DIR: storeDir, MCP_TOOLSETS: 'all' });

test('stdio: all 22 tools on the responses backend with a file store; records outlive the process and hold no key', async () => {
  const first = startCli(env());
  await initialize(first);
  const used = await runWorkflow((name, args) => first.call(name, args));
  assert.deepEqual([...used].sort(), SEED_TOOLS.map((t) => t.name).sort());
  const created = await first.call('assistant-create', { model: 'gpt-4o', name: 'Persistent' });
  assert.equal(await first.end(), 0);
  assert.ok(!first.stdout().includes(CANARY_KEY) && !first.stderr().includes(CANARY_KEY));

  const files = readdirSync(storeDir, { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
  assert.ok(files.length > 0, 'records were written');
  for (const file of files) {
    const text = readFileSync(join(storeDir, file), 'utf8');
    assert.equal(JSON.parse(text).v, 1, 'records carry a schema version');
    assert.ok(!text.includes(CANARY_KEY), 'no key in any record');
  }

  const second = startCli(env());
  await initialize(second);
  const got = await second.call('assistant-get', { assistant_id: created.structuredContent.id });
  assert.equal(got.structuredContent.name, 'Persistent');
  assert.equal(await second.end(), 0);
});

test('Worker: the responses backend on a KV namespace, with the caller\'s own key', async () => {
  const mf = new Miniflare({
    modules: true,
    scriptPath: fileURLToPath(new URL('../../../dist/worker.js', import.meta.url)),
    compatibilityDate: '2025-09-01',
    kvNamespaces: ['STORE'],
    bindings: { OPENAI_BASE_URL: fake.url, OPENAI_BACKEND: 'responses', MCP_TOOLSETS: 'all' },
  });
  try {
    let id = 0;
    const call = async (name: string, args: Record<string, unknown>) => {
      const response = await mf.dispatchFetch('http://worker.test/mcp', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${CANARY_KEY}`, 'mcp-protocol-version': '2025-11-25' },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method: 'tools/call', params: { name, arguments: args } }),
      });
      const text = await response.text();
      assert.ok(!text.includes(CANARY_KEY));
      return JSON.parse(text).result;
    };
    const used = await runWorkflow(call);
    assert.equal(used.size, 22);
    const health = await mf.dispatchFetch('http://worker.test/health');
    assert.equal(((await health.json()) as { backend: string }).backend, 'responses');
  } finally {
    await mf.dispose();
  }
});

test('Worker without a STORE binding: tools that need the store explain the configuration', async () => {
  const mf = new Miniflare({
    modules: true,
    scriptPath: fileURLToPath(new URL('../../../dist/worker.js', import.meta.url)),
    compatibilityDate: '2025-09-01',
    bindings: { OPENAI_BASE_URL: fake.url, OPENAI_BACKEND: 'responses', MCP_TOOLSETS: 'all' },
  });
  try {
    const before = fake.requests.length;
    const response = await mf.dispatchFetch('http://worker.test/mcp', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${CANARY_KEY}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'assistant-list', arguments: {} } }),
    });
    const { result } = (await response.json()) as { result: { isError: boolean; content: { text: string }[] } };
    assert.equal(result.isError, true);
    assert.match(result.content[0].text, /bind a KV namespace named STORE/);
    assert.equal(fake.requests.length, before);
  } finally {
    await mf.dispose();
  }
});
