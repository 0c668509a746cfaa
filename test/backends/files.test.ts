/** The files module: uploads in one request or in parts (streamed from disk), multipart bodies, route headers and safe paths. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createFilesApi } from '../../src/backends/files/index.js';
import { multipartBody } from '../../src/backends/files/multipart.js';
import { createClient } from '../../src/openai.js';
import { nodeFetch } from '../../src/node/fetch.js';
import { createLocalFiles } from '../../src/node/local-files.js';
import { startFakeResponses, type FakeResponses } from '../fake/responses-server.js';
import { parseMultipart } from '../fake/multipart.js';
import { CANARY_KEY } from '../helpers/in-process.js';

let fake: FakeResponses;
before(async () => { fake = await startFakeResponses({ apiKey: CANARY_KEY }); });
after(async () => { await fake?.close(); });

const client = () => createClient({ apiKey: CANARY_KEY, baseUrl: fake.url, authHeader: 'authorization', queryParams: {}, headers: {}, timeoutMs: 10_000, maxRetries: 0, fetch: nodeFetch });
const options = { idempotent: false };

test('a file above the single-request limit goes through the Uploads API in parts, streamed from disk', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-parts-'));
  const content = 'abcdefghijklmnopqrstuvwxyz0123';
  writeFileSync(join(dir, 'data.csv'), content);
  const file = await createLocalFiles([dir]).open(join(dir, 'data.csv'), [], 1000);
  const api = createFilesApi(client(), { limits: { singleRequestMaxBytes: 10, partBytes: 8 } });
  const before = fake.requests.length;
  const progress: string[] = [];
  const uploaded = await api.upload(file, 'assistants', { ...options, progress: (m) => progress.push(m) });
  await file.close();
  const calls = fake.requests.slice(before).map((r) => `${r.method} ${r.path.replace(/upload_\w+/, 'U')}`);
  assert.deepEqual(calls, ['POST /uploads', 'POST /uploads/U/parts', 'POST /uploads/U/parts', 'POST /uploads/U/parts', 'POST /uploads/U/parts', 'POST /uploads/U/complete']);
  assert.deepEqual(fake.requests[before]!.body, { filename: 'data.csv', purpose: 'assistants', bytes: 30, mime_type: 'text/csv' });
  assert.equal(progress.length, 4);
  assert.equal(uploaded.bytes, 30);
  const { bytes } = await api.download('downloadFile', { file_id: uploaded.id }, options);
  assert.equal(Buffer.from(bytes).toString(), content, 'the parts join into the original bytes');
});

test('a failed part cancels the upload and reports the failure', async () => {
  const api = createFilesApi(client(), { limits: { singleRequestMaxBytes: 4, partBytes: 4 } });
  fake.fail({ method: 'POST', path: /\/parts$/, status: 400 });
  const bytes = new TextEncoder().encode('0123456789');
  const before = fake.requests.length;
  await assert.rejects(api.upload({ filename: 'x.txt', contentType: 'text/plain', size: 10, read: (s, e) => bytes.slice(s, e) }, 'assistants', options), /Injected 400/);
  const last = fake.requests.at(-1)!;
  assert.match(last.path, /^\/uploads\/upload_\w+\/cancel$/);
  assert.equal(fake.requests.slice(before).filter((r) => r.path.endsWith('/complete')).length, 0);
});

test('multipart bodies: fields, a quoted filename, exact length, the same bytes whole or streamed', async () => {
  const data = new TextEncoder().encode('line one\r\n--not a boundary\r\n');
  const part = { field: 'file', filename: 'we"ird\r\nname.txt', contentType: 'text/plain', size: data.length };
  const whole = multipartBody({ purpose: 'assistants' }, { ...part, open: () => data });
  const streamed = multipartBody({ purpose: 'assistants' }, { ...part, open: () => (async function* () { yield data.slice(0, 5); yield data.slice(5); })() });
  const wholeBytes = Buffer.from(whole.open() as Uint8Array);
  assert.equal(wholeBytes.length, whole.length);
  const chunks: Buffer[] = [];
  for await (const chunk of streamed.open() as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  assert.equal(Buffer.concat(chunks).length, streamed.length);
  const parts = parseMultipart(whole.contentType, wholeBytes);
  assert.deepEqual(parts.map((p) => p.name), ['purpose', 'file']);
  assert.equal(parts[1]!.filename, 'we"ird\r\nname.txt', 'quotes and line breaks survive, percent-encoded');
  assert.deepEqual(parts[1]!.data, Buffer.from(data));
});

test('vector store calls send OpenAI-Beta; ids that could escape the path are refused before any request', async () => {
  const api = createFilesApi(client());
  const before = fake.requests.length;
  await api.call('listVectorStores', {}, { idempotent: true });
  assert.equal(fake.requests.at(-1)!.headers['openai-beta'], 'assistants=v2');
  await api.call('listFiles', {}, { idempotent: true });
  assert.equal(fake.requests.at(-1)!.headers['openai-beta'], undefined, 'only vector store calls carry it');
  await assert.rejects(api.call('retrieveFile', { file_id: '../vector_stores' }, { idempotent: true }), /not a safe ID/);
  assert.equal(fake.requests.length, before + 2);
});

test('responses messages: a container_file_citation keeps its container_id, so file-content can read the output', async () => {
  const { messageObject } = await import('../../src/backends/responses/content.js');
  const { citations } = await import('../../src/tools/citations.js');
  const item = { type: 'message' as const, id: 'msg_1', role: 'assistant', content: [{ type: 'output_text', text: 'See chart.png', annotations: [
    { type: 'container_file_citation', container_id: 'cntr_9', file_id: 'cfile_3', filename: 'chart.png', start_index: 4, end_index: 13 },
    { type: 'file_citation', file_id: 'file_1', filename: 'a.md', index: 0 },
  ] }] };
  const message = messageObject(item, 'conv_1', undefined, 0) as any;
  assert.deepEqual(citations(message.content[0].text.annotations), [
    { type: 'file_path', file_id: 'cfile_3', container_id: 'cntr_9' },
    { type: 'file_citation', file_id: 'file_1' },
  ]);
});

test('the upstream profile says which of Files, Vector Stores and container files exist: the others are refused before any request', async () => {
  const { createUpstream } = await import('../../src/upstream/learn.js');
  const refused = /profile \((\S+)\) has no (Files|Vector Stores|container files) API, so nothing was sent/;
  const source = { filename: 'a.txt', contentType: 'text/plain', size: 1, read: () => new Uint8Array([65]) };
  const before = fake.requests.length;
  const ollama = createFilesApi(client(), { upstream: createUpstream('ollama') });
  await assert.rejects(ollama.call('listFiles', {}, { idempotent: true }), refused);
  await assert.rejects(ollama.call('listVectorStores', {}, { idempotent: true }), /has no Vector Stores API/);
  await assert.rejects(ollama.download('retrieveContainerFileContent', { container_id: 'cntr_1', file_id: 'cfile_1' }, { idempotent: true }), /has no container files API/);
  await assert.rejects(ollama.upload(source, 'assistants', options), /has no Files API/);
  const llama = createFilesApi(client(), { upstream: createUpstream('llama-stack') });
  await assert.rejects(llama.call('retrieveContainerFile', { container_id: 'cntr_1', file_id: 'cfile_1' }, { idempotent: true }), /\(llama-stack\) has no container files API/);
  assert.equal(fake.requests.length, before, 'nothing reached the upstream');
  await llama.call('listVectorStores', {}, { idempotent: true });
  await createFilesApi(client(), { upstream: createUpstream('openai') }).call('listFiles', {}, { idempotent: true });
  assert.equal(fake.requests.length, before + 2, 'what the profile has is served');
});

test('a file tool on an upstream without that API says so plainly (tool result), naming the profile switch', async () => {
  const { connect } = await import('../helpers/in-process.js');
  const { recordingFetch } = await import('../helpers/in-process.js');
  const upstream = recordingFetch();
  const c = connect({ backend: 'responses', upstreamProfile: 'vllm' }, upstream.fetch);
  const result = await c.call('file-list', {});
  assert.equal(result.isError, true);
  assert.match(result.content[0].text, /^file-list failed: The upstream's profile \(vllm\) has no Files API, so nothing was sent\.\nWhat to do: .*--upstream-profile/);
  assert.equal(upstream.calls.length, 0);
});
