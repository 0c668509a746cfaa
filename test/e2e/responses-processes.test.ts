/**
 * The responses backend in the shipped files: dist/cli.cjs with a file store, and
 * dist/worker.js in Miniflare with a KV namespace, against the fake Responses API.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { Miniflare } from 'miniflare';
import { SEED_TOOLS } from '../../src/tools/index.js';
import { startFakeResponses, type FakeResponses } from '../fake/responses-server.js';
import { initialize, startCli, type CliProcess } from '../helpers/cli-process.js';
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

/** Started by the tests below; killed at the end, so a failed assertion leaves no process behind. */
const children: CliProcess[] = [];
after(() => {
  for (const cli of children) cli.child.kill();
});
const spawnCli = (vars: Record<string, string>) => {
  const cli = startCli(vars);
  children.push(cli);
  return cli;
};

test('stdio: a bogus key fails at assistant-create (one model check upstream), nothing is stored', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'oam-bogus-'));
  try {
    const cli = spawnCli({ ...env(), OPENAI_API_KEY: 'sk-...', MCP_STORE_DIR: dir });
    await initialize(cli);
    const created = await cli.call('assistant-create', { model: 'gpt-4o', name: 'Never' });
    assert.equal(created.isError, true);
    assert.match(created.content[0].text, /assistant-create failed: the API answered 401[\s\S]*API key was rejected/);
    const listed = await cli.call('assistant-list', {});
    assert.deepEqual(listed.structuredContent.data, []);
    assert.equal(await cli.end(), 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stdio: an unknown model fails at assistant-create with the model named; a known one is checked once', async () => {
  const cli = spawnCli(env());
  await initialize(cli);
  const bad = await cli.call('assistant-create', { model: 'gpt-does-not-exist' });
  assert.equal(bad.isError, true);
  assert.match(bad.content[0].text, /model "gpt-does-not-exist" is not available to this API key[\s\S]*What to do: Pick a model/);
  const before = fake.requests.filter((r) => r.path === '/models/gpt-4o').length;
  for (let i = 0; i < 3; i++) assert.equal((await cli.call('assistant-create', { model: 'gpt-4o' })).isError, undefined);
  assert.equal(fake.requests.filter((r) => r.path === '/models/gpt-4o').length - before, 1, 'the check is cached');
  assert.equal(await cli.end(), 0);
});

test('stdio: an unusable --store answers at once, naming the folder and how to choose another', { skip: process.platform !== 'linux', timeout: 30_000 }, async () => {
  const cli = spawnCli({ ...env(), MCP_STORE_DIR: '/proc/nope' });
  await initialize(cli);
  const created = await cli.call('assistant-create', { model: 'gpt-4o' });
  assert.equal(created.isError, true);
  assert.match(created.content[0].text, /store \(folder \/proc\/nope\) failed to write[\s\S]*What to do: Choose a writable folder with --store <dir> or MCP_STORE_DIR/);
  assert.equal(await cli.end(), 0);
  assert.match(cli.stderr(), /warning the store \(folder \/proc\/nope\)/, 'the banner time warning names the folder');
});

test('stdio: the banner names backend, upstream, store and namespace; rotating the key keeps the records', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'oam-rotate-'));
  const rotated = 'sk-rotated-canary-9f8e7d6c5b4a';
  const other = await startFakeResponses({ apiKey: rotated });
  try {
    const first = spawnCli({ ...env(), MCP_STORE_DIR: dir });
    await initialize(first);
    const created = await first.call('assistant-create', { model: 'gpt-4o', name: 'Kept' });
    assert.equal(await first.end(), 0);
    const host = new URL(fake.url).host;
    assert.match(first.stderr(), new RegExp(`info serving MCP on stdin/stdout \\| version [\\d.]+ \\| backend: responses \\| upstream: ${host} \\| store: folder ${dir} \\(namespace "default"\\)`));

    const second = spawnCli({ ...env(), OPENAI_API_KEY: rotated, OPENAI_BASE_URL: other.url, MCP_STORE_DIR: dir });
    await initialize(second);
    const got = await second.call('assistant-get', { assistant_id: created.structuredContent.id });
    assert.equal(got.structuredContent?.name, 'Kept', JSON.stringify(got));
    assert.equal(await second.end(), 0);
    assert.ok(!second.stderr().includes(rotated) && !first.stderr().includes(CANARY_KEY));
  } finally {
    await other.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stdio: records an earlier release kept under the key digest are moved into the default namespace', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'oam-migrate-'));
  try {
    const first = spawnCli({ ...env(), MCP_STORE_DIR: dir });
    await initialize(first);
    const created = await first.call('assistant-create', { model: 'gpt-4o', name: 'Old layout' });
    assert.equal(await first.end(), 0);
    // Rewrite the store as the earlier release laid it out: namespace = the key's digest.
    const digest = createHash('sha256').update(CANARY_KEY).digest('hex').slice(0, 16);
    const names = readdirSync(dir);
    assert.ok(names.length > 0 && names.every((name) => name.startsWith('default%2F')), names.join());
    for (const name of names) renameSync(join(dir, name), join(dir, name.replace('default%2F', `${digest}%2F`)));

    const second = spawnCli({ ...env(), MCP_STORE_DIR: dir });
    await initialize(second);
    const got = await second.call('assistant-get', { assistant_id: created.structuredContent.id });
    assert.equal(got.structuredContent?.name, 'Old layout', JSON.stringify(got));
    assert.equal(await second.end(), 0);
    assert.ok(readdirSync(dir).every((name) => name.startsWith('default%2F')), 'nothing is left under the digest');
    assert.match(second.stderr(), /moved \d+ records of this API key into namespace "default"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
