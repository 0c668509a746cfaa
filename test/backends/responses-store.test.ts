/**
 * The `responses` backend's own records, against the fake Responses server: store-backed
 * lists (assistants, runs), message-list paging over conversation items, side tables,
 * batching into the conversation, and what thread-delete leaves behind.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createResponsesBackend } from '../../src/backends/responses/index.js';
import { loadConfig } from '../../src/config.js';
import { createClient } from '../../src/openai.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { callTool } from '../../src/tools/call.js';
import { selectionFor } from '../../src/tools/selection.js';
import { startFakeResponses, type FakeResponses } from '../fake/responses-server.js';
import { CANARY_KEY } from '../helpers/in-process.js';

let fake: FakeResponses;
before(async () => {
  fake = await startFakeResponses({ apiKey: CANARY_KEY });
});
after(async () => {
  await fake.close();
});

function setup(namespace = 'ns-store', records = new Map<string, string>()) {
  const client = createClient({ apiKey: CANARY_KEY, baseUrl: fake.url, authHeader: 'authorization', queryParams: {}, headers: {}, timeoutMs: 10000, maxRetries: 0, fetch: (u, i) => fetch(u, i) });
  const backend = createResponsesBackend({ client, store: createMemoryStore(records), namespace: async () => namespace });
  // These tests check the backend's Assistants-shaped objects: results in full.
  const config = loadConfig({ OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: fake.url, MCP_DETAIL: 'full' });
  const ctx = { config, backend, selection: selectionFor({ toolsets: ['all'] }), session: { protocolVersion: '2025-11-25' }, signal: new AbortController().signal, notify() {}, log() {} };
  const ok = async (name: string, args: Record<string, unknown>) => {
    const result = await callTool({ name, arguments: args }, ctx);
    assert.notEqual(result.isError, true, `${name}: ${result.content[0].text}`);
    return result.structuredContent as any;
  };
  const fails = async (name: string, args: Record<string, unknown>, pattern: RegExp) => {
    const result = await callTool({ name, arguments: args }, ctx);
    assert.equal(result.isError, true, `${name} should fail`);
    assert.match(result.content[0].text, pattern);
  };
  const poll = async (ids: Record<string, string>, until: string) => {
    for (let i = 0; i < 10; i++) if ((await ok('run-get', ids)).status === until) return;
    throw new Error(`never ${until}`);
  };
  return { ok, fails, poll, records };
}

const multiply = { type: 'function', function: { name: 'multiply', parameters: { type: 'object', properties: { input: { type: 'string' } } } } };
const texts = (list: any) => list.data.map((m: any) => m.content[0].text.value);

test('assistant-list pages with limit, order, after and before; deleted ones leave the list', async () => {
  const t = setup('ns-list');
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await t.ok('assistant-create', { model: 'gpt-4o', name: `n${i}` })).id);
  const first = await t.ok('assistant-list', { limit: 2 });
  assert.deepEqual([first.data.map((a: any) => a.id), first.first_id, first.last_id, first.has_more], [[ids[4], ids[3]], ids[4], ids[3], true]);
  const second = await t.ok('assistant-list', { limit: 2, after: first.last_id });
  assert.deepEqual(second.data.map((a: any) => a.id), [ids[2], ids[1]]);
  const last = await t.ok('assistant-list', { limit: 2, after: second.last_id });
  assert.deepEqual([last.data.map((a: any) => a.id), last.has_more], [[ids[0]], false]);
  const asc = await t.ok('assistant-list', { order: 'asc', before: ids[3], limit: 2 });
  assert.deepEqual([asc.data.map((a: any) => a.id), asc.has_more], [[ids[1], ids[2]], true]);
  await t.fails('assistant-list', { after: 'asst_nope' }, /after="asst_nope" is not an id in this list/);
  await t.ok('assistant-delete', { assistant_id: ids[2] });
  await t.fails('assistant-get', { assistant_id: ids[2] }, /No assistant/);
  assert.equal((await t.ok('assistant-list', {})).data.length, 4);
});

test('assistants and runs an earlier release indexed (order/<order>/<id>) are listed, paged and deleted', async () => {
  const records = new Map<string, string>();
  const before = setup('ns-legacy', records);
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await before.ok('assistant-create', { model: 'gpt-4o', name: `n${i}` })).id);
  const thread = await before.ok('thread-create', {});
  const runs: string[] = [];
  for (let i = 0; i < 2; i++) {
    runs.push((await before.ok('run-create', { thread_id: thread.id, assistant_id: ids[0] })).id);
    await before.poll({ thread_id: thread.id, run_id: runs[i] }, 'completed');
  }
  // Rewrite every index entry the way releases up to 4.0 wrote it.
  const order = (key: string) => (JSON.parse(records.get(key)!).value as { order: string }).order;
  for (const key of [...records.keys()].filter((k) => k.includes('/newest/'))) records.delete(key);
  for (const id of ids) records.set(`ns-legacy/assistants/order/${order(`ns-legacy/assistants/id/${id}`)}/${id}`, '{"v":1,"value":1}');
  for (const id of runs) records.set(`ns-legacy/threads/${thread.id}/runs/order/${order(`ns-legacy/threads/${thread.id}/runs/id/${id}`)}/${id}`, '{"v":1,"value":1}');

  const t = setup('ns-legacy', records);
  assert.deepEqual((await t.ok('assistant-list', {})).data.map((a: any) => a.id), [...ids].reverse());
  assert.deepEqual((await t.ok('assistant-list', { order: 'asc', after: ids[0], limit: 1 })).data.map((a: any) => a.id), [ids[1]]);
  assert.deepEqual((await t.ok('run-list', { thread_id: thread.id })).data.map((r: any) => r.id), [...runs].reverse());
  assert.equal([...records.keys()].filter((k) => k.includes('/order/')).length, 0, 'the old entries were moved');
  await t.ok('assistant-delete', { assistant_id: ids[1] });
  assert.deepEqual((await t.ok('assistant-list', {})).data.map((a: any) => a.id), [ids[2], ids[0]]);
});

test('every record is under the caller\'s namespace, and the key is never stored', async () => {
  const t = setup('ns-keys');
  const assistant = await t.ok('assistant-create', { model: 'gpt-4o' });
  const thread = await t.ok('thread-create', { messages: [{ role: 'user', content: 'hi', metadata: { a: '1' } }] });
  const run = await t.ok('run-create', { thread_id: thread.id, assistant_id: assistant.id });
  await t.poll({ thread_id: thread.id, run_id: run.id }, 'completed');
  assert.ok(t.records.size >= 5);
  assert.ok([...t.records.keys()].every((k) => k.startsWith('ns-keys/')));
  assert.ok(![...t.records.values()].some((v) => v.includes(CANARY_KEY)));
});

test('message-list hides tool items, fills pages across upstream pages and pages backwards; run_id filters', async () => {
  const t = setup();
  const assistant = await t.ok('assistant-create', { model: 'gpt-4o', tools: [multiply] });
  const from = fake.requests.length;
  const thread = await t.ok('thread-create', { messages: Array.from({ length: 25 }, (_, i) => ({ role: 'user', content: `m${i}` })) });
  const creates = fake.requests.slice(from).filter((r) => r.method === 'POST');
  assert.deepEqual(creates.map((r) => [r.path, (r.body as any).items.length]), [['/conversations', 20], [`/conversations/${thread.id}/items`, 5]]);
  const run = await t.ok('run-create', { thread_id: thread.id, assistant_id: assistant.id });
  const ids = { thread_id: thread.id, run_id: run.id };
  await t.poll(ids, 'requires_action');
  const [call] = (await t.ok('run-get', ids)).required_action.submit_tool_outputs.tool_calls;
  await t.ok('run-submit-tool-outputs', { ...ids, tool_outputs: [{ tool_call_id: call.id, output: '1' }] });
  await t.poll(ids, 'completed');

  const newest = await t.ok('message-list', { thread_id: thread.id, limit: 2 });
  assert.deepEqual([texts(newest), newest.has_more], [['Tool said: 1', 'm24'], true], 'the function call and its output are hidden');
  const next = await t.ok('message-list', { thread_id: thread.id, limit: 3, after: newest.last_id });
  assert.deepEqual(texts(next), ['m23', 'm22', 'm21']);
  const back = await t.ok('message-list', { thread_id: thread.id, limit: 2, before: next.first_id });
  assert.deepEqual(texts(back), ['Tool said: 1', 'm24']);
  const all = await t.ok('message-list', { thread_id: thread.id, order: 'asc', limit: 100 });
  assert.deepEqual([all.data.length, all.has_more], [26, false]);
  assert.equal(all.data[0].created_at, thread.created_at, 'messages given at thread-create carry the thread\'s time');
  const mine = await t.ok('message-list', { thread_id: thread.id, run_id: run.id });
  assert.deepEqual(mine.data.map((m: any) => [m.role, m.run_id, m.assistant_id]), [['assistant', run.id, assistant.id]]);
});

test('additional_messages join the thread in batches of 20 before the response starts', async () => {
  const t = setup();
  const assistant = await t.ok('assistant-create', { model: 'gpt-4o' });
  const thread = await t.ok('thread-create', {});
  const from = fake.requests.length;
  const run = await t.ok('run-create', {
    thread_id: thread.id,
    assistant_id: assistant.id,
    additional_messages: Array.from({ length: 21 }, (_, i) => ({ role: 'user', content: `a${i}` })),
  });
  const posts = fake.requests.slice(from).filter((r) => r.method === 'POST').map((r) => [r.path, (r.body as any).items?.length]);
  assert.deepEqual(posts, [[`/conversations/${thread.id}/items`, 20], [`/conversations/${thread.id}/items`, 1], ['/responses', undefined]]);
  await t.poll({ thread_id: thread.id, run_id: run.id }, 'completed');
  assert.equal(texts(await t.ok('message-list', { thread_id: thread.id, limit: 1 }))[0], 'Echo: a20');
});

test('run-list is the thread\'s own index, newest first; thread-delete purges it with the side table', async () => {
  const t = setup('ns-purge');
  const assistant = await t.ok('assistant-create', { model: 'gpt-4o' });
  const thread = await t.ok('thread-create', { messages: [{ role: 'user', content: 'hi', metadata: { a: '1' } }] });
  const runs: string[] = [];
  for (let i = 0; i < 3; i++) {
    runs.push((await t.ok('run-create', { thread_id: thread.id, assistant_id: assistant.id })).id);
    await t.poll({ thread_id: thread.id, run_id: runs[i] }, 'completed');
  }
  const listed = await t.ok('run-list', { thread_id: thread.id, limit: 2 });
  assert.deepEqual([listed.data.map((r: any) => r.id), listed.has_more], [[runs[2], runs[1]], true]);
  assert.deepEqual((await t.ok('run-list', { thread_id: thread.id, order: 'asc' })).data.map((r: any) => r.id), runs);
  assert.equal((await t.ok('run-update', { thread_id: thread.id, run_id: runs[0], metadata: { x: 'y' } })).metadata.x, 'y');
  assert.equal((await t.ok('run-get', { thread_id: thread.id, run_id: runs[0] })).metadata.x, 'y');
  const [first] = (await t.ok('message-list', { thread_id: thread.id, order: 'asc' })).data;
  assert.deepEqual(first.metadata, { a: '1' });

  assert.ok([...t.records.keys()].some((k) => k.includes(thread.id)));
  assert.deepEqual(await t.ok('thread-delete', { thread_id: thread.id }), { id: thread.id, object: 'thread.deleted', deleted: true });
  assert.ok(![...t.records.keys()].some((k) => k.includes(thread.id)), 'nothing of the thread is left in the store');
  await t.fails('run-get', { thread_id: thread.id, run_id: runs[0] }, /No run/);
});
