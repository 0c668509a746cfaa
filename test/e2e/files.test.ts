/**
 * Done-when of files and vector stores, in the shipped binary: upload by path (inside an allowed
 * root) and by content, index, ask with file_search, get an answer citing the file — on both
 * backends, over stdio and over --http.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { startFakeAssistants, type FakeAssistants } from '../fake/assistants-server.js';
import { startFakeResponses, type FakeResponses } from '../fake/responses-server.js';
import { initialize, startCli } from '../helpers/cli-process.js';
import { makeRoot, runFilesWorkflow } from '../helpers/files-workflow.js';
import { postRpc, startHttpCli } from '../helpers/http-process.js';
import { CANARY_KEY } from '../helpers/in-process.js';

let assistantsFake: FakeAssistants;
let responsesFake: FakeResponses;
let storeDir: string;
const { root, handbook } = makeRoot();
before(async () => {
  assistantsFake = await startFakeAssistants({ apiKey: CANARY_KEY });
  responsesFake = await startFakeResponses({ apiKey: CANARY_KEY });
  storeDir = mkdtempSync(join(tmpdir(), 'oam-files-store-'));
});
after(async () => {
  await assistantsFake?.close();
  await responsesFake?.close();
  rmSync(storeDir, { recursive: true, force: true });
});

const env = (backend: 'assistants' | 'responses', roots = root) => ({
  OPENAI_BASE_URL: backend === 'assistants' ? assistantsFake.url : responsesFake.url,
  OPENAI_BACKEND: backend,
  MCP_STORE_DIR: storeDir,
  MCP_FILE_ROOTS: roots,
  MCP_TOOLSETS: 'all',
});

for (const backend of ['assistants', 'responses'] as const) {
  test(`stdio, ${backend} backend: path and content uploads, indexing, an answer citing the file`, async () => {
    const cli = startCli({ ...env(backend), OPENAI_API_KEY: CANARY_KEY });
    await initialize(cli);
    await runFilesWorkflow((name, args) => cli.call(name, args), handbook);
    const escape = await cli.call('file-upload', { path: '/proc/self/environ' });
    assert.match(escape.content[0].text, /is outside the allowed folders/);
    assert.equal(await cli.end(), 0);
    assert.ok(!cli.stdout().includes(CANARY_KEY) && !cli.stderr().includes(CANARY_KEY));
    assert.ok(cli.lines.every((line) => JSON.parse(line)), 'stdout carries JSON-RPC only');
  });

  test(`--http, ${backend} backend: path and content uploads, indexing, an answer citing the file`, async () => {
    const server = await startHttpCli(env(backend));
    try {
      let id = 0;
      await runFilesWorkflow(async (name, args) => {
        const reply = await postRpc(server.url, { jsonrpc: '2.0', id: ++id, method: 'tools/call', params: { name, arguments: args } }, { authorization: `Bearer ${CANARY_KEY}`, 'mcp-protocol-version': '2025-11-25' });
        assert.equal(reply.status, 200, reply.text);
        return reply.body.result;
      }, handbook);
    } finally {
      await server.stop();
    }
    assert.ok(!server.stderr().includes(CANARY_KEY) && !server.stdout().includes(CANARY_KEY));
  });
}

test('stdio: the server asks a client that declared roots for them, and uploads from there', async () => {
  const cli = startCli({ ...env('assistants', ''), OPENAI_API_KEY: CANARY_KEY });
  cli.child.stdout!.on('data', () => {
    for (const line of cli.lines.splice(0)) {
      const message = JSON.parse(line);
      if (message.method === 'roots/list') cli.send({ jsonrpc: '2.0', id: message.id, result: { roots: [{ uri: pathToFileURL(root).href, name: 'docs' }] } });
    }
  });
  await cli.request('initialize', { protocolVersion: '2025-11-25', capabilities: { roots: { listChanged: true } }, clientInfo: { name: 'test', version: '0' } });
  cli.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  const uploaded = await cli.call('file-upload', { path: handbook });
  assert.equal(uploaded.isError, undefined, uploaded.content[0].text);
  assert.equal(uploaded.structuredContent.filename, 'handbook.md');
  assert.equal(await cli.end(), 0);
});

test('--http, 2026-07-28 era: the same workflow with per-request _meta; file reads are private to the caller', async () => {
  const server = await startHttpCli(env('responses'));
  const MODERN = '2026-07-28';
  const meta = { 'io.modelcontextprotocol/protocolVersion': MODERN, 'io.modelcontextprotocol/clientCapabilities': {} };
  const headers = (method: string, name?: string) => ({ authorization: `Bearer ${CANARY_KEY}`, 'mcp-protocol-version': MODERN, 'mcp-method': method, ...(name ? { 'mcp-name': name } : {}) });
  try {
    let id = 0;
    const { files } = await runFilesWorkflow(async (name, args) => {
      const reply = await postRpc(server.url, { jsonrpc: '2.0', id: ++id, method: 'tools/call', params: { name, arguments: args, _meta: meta } }, headers('tools/call', name));
      assert.equal(reply.status, 200, reply.text);
      assert.equal(reply.body.result.resultType, 'complete');
      return reply.body.result;
    }, handbook);
    const uri = `openai://files/${files[0]!.id}`;
    const read = await postRpc(server.url, { jsonrpc: '2.0', id: ++id, method: 'resources/read', params: { uri, _meta: meta } }, headers('resources/read', uri));
    assert.equal(read.status, 200, read.text);
    assert.match(read.body.result.contents[0].text, /office opens at nine/);
    assert.equal(read.body.result.cacheScope, 'private');
  } finally {
    await server.stop();
  }
});
