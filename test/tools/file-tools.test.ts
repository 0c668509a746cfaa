/** File and vector-store tools in detail: argument rules, sandbox refusals at the tool, indexing failures, file-content forms, roots/list, the resource template. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { DEFAULTS } from '../../src/config.js';
import { createConnection } from '../../src/connection.js';
import { nodeFetch } from '../../src/node/fetch.js';
import { createLocalFiles } from '../../src/node/local-files.js';
import { createServerCore } from '../../src/server.js';
import { startFakeAssistants, type FakeAssistants } from '../fake/assistants-server.js';
import { NEVER_INDEXED, UNINDEXABLE } from '../fake/files-server.js';
import { CANARY_KEY } from '../helpers/in-process.js';

let fake: FakeAssistants;
const root = mkdtempSync(join(tmpdir(), 'mcp-file-tools-'));
const outside = mkdtempSync(join(tmpdir(), 'mcp-file-tools-out-'));
writeFileSync(join(root, 'notes.txt'), 'Meeting notes: the launch is on Friday.');
writeFileSync(join(outside, 'secret.txt'), 'SECRET');
before(async () => { fake = await startFakeAssistants({ apiKey: CANARY_KEY }); });
after(async () => { await fake?.close(); });

/** A connection whose client may declare roots and answers roots/list with `clientRoots`. */
function client(options: { roots?: string[]; local?: boolean; clientRoots?: string[] } = {}) {
  const localFiles = options.local === false ? undefined : createLocalFiles(options.roots ?? [root]);
  const core = createServerCore({ ...DEFAULTS, backend: 'assistants', apiKey: CANARY_KEY, baseUrl: fake.url, toolsets: ['all'] }, { fetch: nodeFetch, localFiles });
  const sent: any[] = [];
  const connection = createConnection(core, (message) => {
    sent.push(message);
    // The client side: answer the server's roots/list.
    if ((message as any).method === 'roots/list') {
      connection.receive(JSON.stringify({ jsonrpc: '2.0', id: (message as any).id, result: { roots: (options.clientRoots ?? []).map((p) => ({ uri: pathToFileURL(p).href })) } }));
    }
  });
  let nextId = 1;
  const request = async (method: string, params: Record<string, unknown>) => {
    const id = nextId++;
    connection.receive(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    await connection.idle();
    return sent.find((m) => m.id === id);
  };
  return {
    sent,
    request,
    lastId: () => nextId - 1,
    async notify(method: string, params: Record<string, unknown>) {
      connection.receive(JSON.stringify({ jsonrpc: '2.0', method, params }));
    },
    async init(capabilities: Record<string, unknown>) {
      return request('initialize', { protocolVersion: '2025-06-18', capabilities, clientInfo: { name: 't', version: '1' } });
    },
    async call(name: string, args: Record<string, unknown>) {
      return (await request('tools/call', { name, arguments: args, _meta: { progressToken: 'p' } })).result;
    },
    async ok(name: string, args: Record<string, unknown>) {
      const result = await this.call(name, args);
      assert.notEqual(result.isError, true, result.content[0].text);
      return result;
    },
  };
}

const uploads = () => fake.requests.filter((r) => r.method === 'POST' && (r.path === '/files' || r.path.startsWith('/uploads')));

test('file-upload arguments: one source, a filename with content, valid base64; nothing is sent otherwise', async () => {
  const c = client();
  const before = uploads().length;
  const cases: [Record<string, unknown>, RegExp][] = [
    [{}, /either path .* or content/],
    [{ path: join(root, 'notes.txt'), content: 'x', filename: 'a.txt' }, /not both/],
    [{ content: 'x' }, /filename is required with content/],
    [{ content: '@@@', encoding: 'base64', filename: 'a.bin' }, /not valid base64/],
    [{ content: 'x', filename: '../a.txt' }, /filename/],
    [{ content: 'x'.repeat(2 * 1024 * 1024 + 1), filename: 'big.txt' }, /at most 2097152/],
  ];
  for (const [args, pattern] of cases) {
    const result = await c.call('file-upload', args);
    assert.equal(result.isError, true, JSON.stringify(args).slice(0, 80));
    assert.match(result.content[0].text, pattern);
  }
  assert.equal(uploads().length, before, 'no upload request was made');
});

test('file-upload by content: base64 bytes arrive intact, with the given media type', async () => {
  const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
  const result = await client().ok('file-upload', { content: bytes.toString('base64'), encoding: 'base64', filename: 'pixel.png', purpose: 'vision' });
  assert.equal(result.structuredContent.bytes, 8);
  assert.equal(result.structuredContent.purpose, 'vision');
  assert.deepEqual(fake.files.state.files.get(result.structuredContent.id)!.data, bytes);
});

test('file-upload by path: refused outside the roots and without local files, before any request', async () => {
  const before = uploads().length;
  const outsideResult = await client().call('file-upload', { path: join(outside, 'secret.txt') });
  assert.match(outsideResult.content[0].text, /is outside the allowed folders/);
  const worker = await client({ local: false }).call('file-upload', { path: join(root, 'notes.txt') });
  assert.match(worker.content[0].text, /not available on this server[\s\S]*Pass the file as content/);
  const noRoots = await client({ roots: [] }).call('file-upload', { path: join(root, 'notes.txt') });
  assert.match(noRoots.content[0].text, /no allowed folder[\s\S]*MCP_FILE_ROOTS/);
  assert.equal(uploads().length, before);
  assert.ok(!JSON.stringify([outsideResult, worker, noRoots]).includes('SECRET'));
});

test('file-upload by path inside a root the client shares through roots/list', async () => {
  const c = client({ roots: [], clientRoots: [root] });
  await c.init({ roots: { listChanged: false } });
  const result = await c.ok('file-upload', { path: join(root, 'notes.txt') });
  assert.equal(result.structuredContent.filename, 'notes.txt');
  assert.ok(c.sent.some((m) => m.method === 'roots/list'), 'the server asked the client for its roots');
  const undeclared = client({ roots: [], clientRoots: [root] });
  await undeclared.init({});
  assert.match((await undeclared.call('file-upload', { path: join(root, 'notes.txt') })).content[0].text, /no allowed folder/);
  assert.ok(!undeclared.sent.some((m) => m.method === 'roots/list'), 'never asked a client that did not declare roots');
});

test('vector-store-file-add: one file and a batch; failed files are named with their reason', async () => {
  const c = client();
  const good = (await c.ok('file-upload', { content: 'Cats sleep a lot.', filename: 'cats.txt' })).structuredContent.id;
  const bad = (await c.ok('file-upload', { content: `${UNINDEXABLE} data`, filename: 'broken.txt' })).structuredContent.id;
  const store = (await c.ok('vector-store-create', { name: 'pets' })).structuredContent.id;

  const single = await c.ok('vector-store-file-add', { vector_store_id: store, file_id: bad });
  assert.equal(single.structuredContent.status, 'failed');
  assert.deepEqual(single.structuredContent.failed, [{ file_id: bad, code: 'unsupported_file', message: 'The file could not be parsed.' }]);
  assert.match(single.structuredContent.next, /failed to index/);

  const batch = await c.ok('vector-store-file-add', { vector_store_id: store, file_ids: [good, bad] });
  assert.equal(batch.structuredContent.status, 'completed');
  assert.deepEqual(batch.structuredContent.failed.map((f: any) => f.file_id), [bad]);
  assert.equal(batch.structuredContent.file_counts.completed, 1);
  assert.ok(c.sent.some((m) => m.method === 'notifications/progress' && /Indexing 2 files/.test(m.params.message)), 'progress while waiting');

  const both = await c.call('vector-store-file-add', { vector_store_id: store, file_id: good, file_ids: [good] });
  assert.match(both.content[0].text, /file_id .* or file_ids/);
  const found = await c.ok('vector-store-search', { vector_store_id: store, query: 'do cats sleep?' });
  assert.equal(found.structuredContent.data[0].file_id, good);
  const files = await c.ok('vector-store-file-list', { vector_store_id: store, filter: 'failed' });
  assert.deepEqual(files.structuredContent.data.map((f: any) => f.id), [bad]);
});

test('file-content: text as text, images as image content, other bytes as a blob, container files, save_to', async () => {
  const c = client();
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
  const image = (await c.ok('file-upload', { content: png.toString('base64'), encoding: 'base64', filename: 'chart.png' })).structuredContent.id;
  const shown = await c.ok('file-content', { file_id: image });
  assert.deepEqual(shown.content[1], { type: 'image', data: png.toString('base64'), mimeType: 'image/png' });
  assert.equal(shown.structuredContent.presented_as, 'image');

  const pdf = (await c.ok('file-upload', { content: Buffer.from('%PDF-1.4 x').toString('base64'), encoding: 'base64', filename: 'doc.pdf' })).structuredContent.id;
  const blob = await c.ok('file-content', { file_id: pdf });
  assert.deepEqual(blob.content[1], { type: 'resource', resource: { uri: `openai://files/${pdf}`, mimeType: 'application/pdf', blob: Buffer.from('%PDF-1.4 x').toString('base64') } });

  const cfile = fake.files.state.addContainerFile('cntr_1', '/mnt/data/result.csv', Buffer.from('a,b\n1,2\n'));
  const output = await c.ok('file-content', { file_id: cfile.id, container_id: 'cntr_1' });
  assert.equal(output.content[1].text, 'a,b\n1,2\n');
  assert.equal(output.structuredContent.filename, 'result.csv');

  const saved = await c.ok('file-content', { file_id: cfile.id, container_id: 'cntr_1', save_to: root });
  assert.equal(saved.structuredContent.saved_to, join(root, 'result.csv'));
  assert.equal(readFileSync(join(root, 'result.csv'), 'utf8'), 'a,b\n1,2\n');
  assert.match((await c.call('file-content', { file_id: cfile.id, container_id: 'cntr_1', save_to: outside })).content[0].text, /is outside the allowed folders/);
  assert.match((await client({ local: false }).call('file-content', { file_id: pdf, save_to: root })).content[0].text, /only available on a local server/);

  const big = fake.files.state.addFile('huge.bin', 'assistants', Buffer.alloc(2 * 1024 * 1024 + 1));
  const before = fake.requests.length;
  assert.match((await c.call('file-content', { file_id: big.id })).content[0].text, /at most 2097152 inline[\s\S]*save_to/);
  assert.ok(!fake.requests.slice(before).some((r) => r.path.endsWith('/content')), 'refused before downloading');
  const bigSaved = await c.ok('file-content', { file_id: big.id, save_to: root });
  assert.equal(bigSaved.structuredContent.bytes, 2 * 1024 * 1024 + 1);
  assert.deepEqual(readFileSync(bigSaved.structuredContent.saved_to), fake.files.state.files.get(big.id)!.data, 'streamed to disk byte for byte');
  assert.ok(bigSaved.content.some((c: any) => c.type === 'resource_link' && c.uri === pathToFileURL(bigSaved.structuredContent.saved_to).href));
});

test('resources/read openai://files/{id}: text and blob; missing files are invalid params', async () => {
  const c = client();
  const id = (await c.ok('file-upload', { content: 'hello file', filename: 'hello.txt' })).structuredContent.id;
  const read = await c.request('resources/read', { uri: `openai://files/${id}` });
  assert.deepEqual(read.result.contents, [{ uri: `openai://files/${id}`, mimeType: 'text/plain', text: 'hello file' }]);
  const missing = await c.request('resources/read', { uri: 'openai://files/file_nope' });
  assert.equal(missing.error.code, -32602);
  assert.match(missing.error.message, /404[\s\S]*file-list/);
  assert.doesNotMatch(missing.error.message, /shut the Assistants API down/);
  const templates = (await c.request('resources/templates/list', {})).result.resourceTemplates.map((t: any) => t.uriTemplate);
  assert.ok(templates.includes('openai://files/{file_id}'));
});

test('an upstream without the endpoint gets a plain explanation, not "check the ID"', async () => {
  fake.fail({ method: 'GET', path: '/vector_stores', status: 404, body: { error: { message: 'Invalid URL (GET /v1/vector_stores)', type: 'invalid_request_error', param: null, code: null } } });
  const result = await client().call('vector-store-list', {});
  assert.match(result.content[0].text, /does not serve this endpoint of the Files \/ Vector Stores API/);
  assert.doesNotMatch(result.content[0].text, /Assistants API down/);
});

test('the fake checks query strings against the spec, as strictly as bodies, and counts what it refused', async () => {
  const headers = { authorization: `Bearer ${CANARY_KEY}`, 'openai-beta': 'assistants=v2' };
  const response = await fetch(`${fake.url}/vector_stores?limit=5&colour=red`, { headers });
  assert.equal(response.status, 400);
  assert.deepEqual(pick((await response.json()).error), { param: 'colour', message: "Unknown query parameter 'colour' for listVectorStores." });
  const badFilter = await fetch(`${fake.url}/vector_stores/vs_x/files?filter=done`, { headers });
  assert.equal(badFilter.status, 400);
  assert.match((await badFilter.json()).error.message, /Invalid value for 'query.filter': "done". Supported values are: "in_progress"/);
  const body = await fetch(`${fake.url}/vector_stores`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ name: 1 }) });
  assert.equal(body.status, 400);
  assert.deepEqual(pick((await body.json()).error), { param: 'name', message: "Invalid type for 'body.name': expected string, but got number 1." });
  const form = new FormData();
  form.set('purpose', 'assistants');
  form.set('colour', 'red');
  form.set('file', new Blob(['hi']), 'hi.txt');
  const upload = await fetch(`${fake.url}/files`, { method: 'POST', headers, body: form });
  assert.equal(upload.status, 400);
  assert.deepEqual(pick((await upload.json()).error), { param: 'colour', message: "Unknown parameter: 'body.colour'." });
  // Refused on purpose here: taken back, so the fake's close does not fail the suite for them.
  assert.deepEqual(fake.violations.splice(0).map((v) => `${v.operation} ${v.at}`), ['listVectorStores query.colour', 'listVectorStoreFiles query.filter', 'createVectorStore body.name', 'createFile body.colour']);
});

const pick = (error: { param: string; message: string }) => ({ param: error.param, message: error.message });

test('vector-store-file-add with wait: false returns at once, still indexing, saying how to check', async () => {
  const c = client();
  const file = (await c.ok('file-upload', { content: 'Owls hunt at night.', filename: 'owls.txt' })).structuredContent.id;
  const store = (await c.ok('vector-store-create', { name: 'birds' })).structuredContent.id;
  const added = await c.ok('vector-store-file-add', { vector_store_id: store, file_id: file, wait: false });
  assert.equal(added.structuredContent.status, 'in_progress');
  assert.equal(added.structuredContent.timed_out, false);
  assert.match(added.structuredContent.next, /vector-store-file-get/);
});

test('vector-store-file-add: a wait past timeout_ms returns still indexing; a cancelled wait stops polling', async () => {
  const c = client();
  const file = (await c.ok('file-upload', { content: `${NEVER_INDEXED} forever`, filename: 'slow.txt' })).structuredContent.id;
  const store = (await c.ok('vector-store-create', { name: 'slow' })).structuredContent.id;
  const waited = await c.ok('vector-store-file-add', { vector_store_id: store, file_id: file, timeout_ms: 1000 });
  assert.equal(waited.structuredContent.timed_out, true);
  assert.equal(waited.structuredContent.status, 'in_progress');
  assert.match(waited.structuredContent.next, /Still indexing after 1 s/);

  const other = (await c.ok('file-upload', { content: `${NEVER_INDEXED} again`, filename: 'slow2.txt' })).structuredContent.id;
  const polls = () => fake.requests.filter((r) => r.method === 'GET' && r.path === `/vector_stores/${store}/files/${other}`).length;
  const reply = c.request('tools/call', { name: 'vector-store-file-add', arguments: { vector_store_id: store, file_id: other, timeout_ms: 60_000 } });
  while (polls() === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  c.sent.length = 0;
  await c.notify('notifications/cancelled', { requestId: c.lastId(), reason: 'user' });
  await reply;
  const after = polls();
  await new Promise((resolve) => setTimeout(resolve, 600));
  assert.equal(polls(), after, 'no polling after the cancel');
  assert.ok(!c.sent.some((m) => m.id === c.lastId()), 'a cancelled request gets no response');
});
