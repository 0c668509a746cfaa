/** Files and vector-store tools in-process, on both backends, against the fake upstreams. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEFAULTS, type Config } from '../../src/config.js';
import { createConnection } from '../../src/connection.js';
import { nodeFetch } from '../../src/node/fetch.js';
import { createLocalFiles } from '../../src/node/local-files.js';
import { createServerCore } from '../../src/server.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { startFakeAssistants, type FakeAssistants } from '../fake/assistants-server.js';
import { startFakeResponses, type FakeResponses } from '../fake/responses-server.js';
import { makeRoot, runFilesWorkflow } from '../helpers/files-workflow.js';
import { CANARY_KEY } from '../helpers/in-process.js';

let assistantsFake: FakeAssistants;
let responsesFake: FakeResponses;
const { root, handbook } = makeRoot();
before(async () => {
  assistantsFake = await startFakeAssistants({ apiKey: CANARY_KEY });
  responsesFake = await startFakeResponses({ apiKey: CANARY_KEY });
});
after(async () => {
  await assistantsFake?.close();
  await responsesFake?.close();
});

export function filesClient(backend: Config['backend'], baseUrl: string, roots: string[] = [root], protocolVersion = '2025-06-18') {
  const core = createServerCore({ ...DEFAULTS, backend, apiKey: CANARY_KEY, baseUrl, toolsets: ['all'] }, { fetch: nodeFetch, store: createMemoryStore(), localFiles: createLocalFiles(roots) });
  const sent: any[] = [];
  const connection = createConnection(core, (message) => sent.push(message), { protocolVersion });
  let nextId = 1;
  return {
    sent,
    async call(name: string, args: Record<string, unknown>) {
      const id = nextId++;
      connection.receive(JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args, _meta: { progressToken: id } } }));
      await connection.idle();
      return sent.find((m) => m.id === id).result;
    },
  };
}

for (const backend of ['assistants', 'responses'] as const) {
  test(`${backend} backend: upload by path and content, index, ask with file_search, answer cites the file`, async () => {
    const fake = backend === 'assistants' ? assistantsFake : responsesFake;
    const c = filesClient(backend, fake.url);
    await runFilesWorkflow(c.call, handbook);
    const vectorCalls = fake.requests.filter((r) => r.path.startsWith('/vector_stores'));
    assert.ok(vectorCalls.length > 0 && vectorCalls.every((r) => r.headers['openai-beta'] === 'assistants=v2'), 'every /vector_stores call sends OpenAI-Beta');
    assert.ok(fake.requests.every((r) => !JSON.stringify(r.body ?? '').includes(CANARY_KEY)));
  });
}

for (const backend of ['assistants', 'responses'] as const) {
  test(`${backend} backend: a file_search attachment on a message is searched by the run`, async () => {
    const fake = backend === 'assistants' ? assistantsFake : responsesFake;
    const c = filesClient(backend, fake.url);
    const file = (await c.call('file-upload', { content: 'The spare key is under the blue flowerpot.', filename: 'house.txt' })).structuredContent;
    const assistant = (await c.call('assistant-create', { model: 'gpt-4o', tools: [{ type: 'file_search' }] })).structuredContent;
    const thread = (await c.call('thread-create', {})).structuredContent;
    const asked = await c.call('message-create-and-run', {
      thread_id: thread.id, assistant_id: assistant.id, content: 'Where is the spare key?', attachments: [{ file_id: file.id, tools: [{ type: 'file_search' }] }],
    });
    assert.notEqual(asked.isError, true, asked.content[0].text);
    assert.match(asked.structuredContent.answer, /blue flowerpot/);
    assert.deepEqual(asked.structuredContent.cited_file_ids, [file.id]);
  });
}

test('responses backend: file_search and code_interpreter resources become the Responses tools\' fields', async () => {
  const c = filesClient('responses', responsesFake.url);
  const data = (await c.call('file-upload', { content: 'x,y\n1,2\n', filename: 'data.csv' })).structuredContent;
  const store = (await c.call('vector-store-create', { name: 'kb', file_ids: [data.id] })).structuredContent;
  const assistant = (await c.call('assistant-create', {
    model: 'gpt-4o',
    tools: [{ type: 'file_search', file_search: { max_num_results: 5, ranking_options: { ranker: 'default_2024_08_21', score_threshold: 0.3 } } }, { type: 'code_interpreter' }],
    tool_resources: { file_search: { vector_store_ids: [store.id] }, code_interpreter: { file_ids: [data.id] } },
  })).structuredContent;
  const asked = await c.call('thread-create-and-run', { assistant_id: assistant.id, message: 'Summarise the data.' });
  assert.notEqual(asked.isError, true, asked.content[0].text);
  const sent = responsesFake.requests.filter((r) => r.method === 'POST' && r.path === '/responses').at(-1)!.body as any;
  assert.deepEqual(sent.tools, [
    { type: 'file_search', vector_store_ids: [store.id], max_num_results: 5, ranking_options: { score_threshold: 0.3 } },
    { type: 'code_interpreter', container: { type: 'auto', file_ids: [data.id] } },
  ]);
});
