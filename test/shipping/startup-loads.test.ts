/**
 * dist/cli.cjs loads on demand what only some runs need: the stdio server answers and calls
 * tools without reading the `--http`/OAuth chunk, the responses backend's chunk, node:crypto or
 * node:fs/promises (each costs startup time); the responses backend loads its chunk at its first call.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { startFakeAssistants, type FakeAssistants } from '../fake/assistants-server.js';
import { startFakeResponses, type FakeResponses } from '../fake/responses-server.js';
import { CLI_PATH, initialize, startCli } from '../helpers/cli-process.js';
import { CANARY_KEY } from '../helpers/in-process.js';

let dir: string;
let assistants: FakeAssistants;
let responses: FakeResponses;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oam-loads-'));
  // Preloaded into the server: at exit it writes the files and built-in modules it loaded.
  writeFileSync(join(dir, 'probe.cjs'), `process.on('exit', () => require('node:fs').writeFileSync(process.env.LOADS_FILE, JSON.stringify({ files: Object.keys(require.cache), builtins: process.moduleLoadList })));\n`);
  assistants = await startFakeAssistants({ apiKey: CANARY_KEY });
  responses = await startFakeResponses({ apiKey: CANARY_KEY });
});
after(async () => {
  await assistants?.close();
  await responses?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the server through initialize, tools/list and one assistant-list; returns what it loaded. */
async function loadsOf(env: Record<string, string>): Promise<{ chunks: string[]; builtins: string[] }> {
  const file = join(dir, `loads-${Math.random().toString(36).slice(2)}.json`);
  const cli = startCli({ OPENAI_API_KEY: CANARY_KEY, MCP_STORE_DIR: join(dir, 'store'), LOADS_FILE: file, ...env }, [], [process.execPath, '-r', join(dir, 'probe.cjs'), CLI_PATH]);
  await initialize(cli);
  assert.ok((await cli.request('tools/list', {})).result.tools.length > 0);
  const listed = await cli.call('assistant-list', {});
  assert.equal(listed.isError, undefined, listed.content?.[0]?.text);
  assert.equal(await cli.end(), 0);
  const loads = JSON.parse(readFileSync(file, 'utf8')) as { files: string[]; builtins: string[] };
  return { chunks: loads.files.filter((f) => f.includes('/dist/chunks/') || f.includes('\\dist\\chunks\\')).map((f) => basename(f)), builtins: loads.builtins };
}

const lazy = (chunks: string[], name: string) => chunks.filter((chunk) => chunk.startsWith(`${name}-`));

test('stdio on the assistants backend: no HTTP/OAuth chunk, no responses chunk, no node:crypto or node:fs/promises', async () => {
  const { chunks, builtins } = await loadsOf({ OPENAI_BASE_URL: assistants.url, OPENAI_BACKEND: 'assistants' });
  assert.ok(chunks.length > 0, 'the shared chunks are loaded (the probe sees chunk files)');
  assert.deepEqual(lazy(chunks, 'http-mode'), []);
  assert.deepEqual(lazy(chunks, 'responses'), []);
  assert.ok(!builtins.includes('NativeModule crypto'), 'node:crypto not loaded');
  assert.ok(!builtins.includes('NativeModule internal/fs/promises'), 'node:fs/promises not loaded');
});

test('stdio on the responses backend: its chunk loads at the first call, the HTTP/OAuth chunk still not', async () => {
  const { chunks } = await loadsOf({ OPENAI_BASE_URL: responses.url, OPENAI_BACKEND: 'responses' });
  assert.equal(lazy(chunks, 'responses').length, 1);
  assert.deepEqual(lazy(chunks, 'http-mode'), []);
});
