/** Run-and-wait on the responses backend against the fake Responses API: streamed, cut streams, deadlines. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEFAULTS } from '../../src/config.js';
import { createConnection } from '../../src/connection.js';
import { createServerCore } from '../../src/server.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { startFakeResponses, type FakeResponses } from '../fake/responses-server.js';
import { CANARY_KEY } from '../helpers/in-process.js';

let fake: FakeResponses;
let slowFake: FakeResponses;
before(async () => {
  fake = await startFakeResponses({ apiKey: CANARY_KEY });
  slowFake = await startFakeResponses({ apiKey: CANARY_KEY, streamDelayMs: 300 });
});
after(async () => {
  await fake?.close();
  await slowFake?.close();
});

function client(upstream: FakeResponses) {
  const core = createServerCore(
    { ...DEFAULTS, backend: 'responses', apiKey: CANARY_KEY, baseUrl: upstream.url },
    { fetch: (url, init) => fetch(url, init), store: createMemoryStore() },
  );
  const sent: any[] = [];
  const connection = createConnection(core, (message) => sent.push(message));
  let nextId = 1;
  return {
    async call(name: string, args: Record<string, unknown>) {
      const id = nextId++;
      const start = sent.length;
      connection.receive(JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args, _meta: { progressToken: id } } }));
      await connection.idle();
      const mine = sent.slice(start);
      const index = mine.findIndex((m) => m.id === id);
      const { result } = mine[index];
      assert.notEqual(result.isError, true, result.content?.[0]?.text);
      const progress = mine.slice(0, index).filter((m) => m.method === 'notifications/progress').map((m) => m.params);
      return { result: result.structuredContent, progress };
    },
  };
}

const multiply = [{ type: 'function', function: { name: 'multiply', parameters: { type: 'object', properties: {} } } }];

test('responses backend: one call from question to answer, streamed from GET /responses/{id}?stream=true', async () => {
  const c = client(fake);
  const assistant = await c.call('assistant-create', { model: 'gpt-4o' });
  const before = fake.requests.length;
  const { result, progress } = await c.call('thread-create-and-run', { assistant_id: assistant.result.id, message: 'What is 6 x 7?' });
  assert.equal(result.status, 'completed');
  assert.equal(result.answer, 'Echo: What is 6 x 7?');
  assert.ok(fake.requests.slice(before).some((r) => r.method === 'GET' && r.query.stream === 'true'), 'followed the event stream');
  assert.ok(progress.some((p) => /: Echo/.test(p.message)), 'streamed text in progress');
  assert.ok(progress.every((p, i) => i === 0 || p.progress > progress[i - 1].progress));
});

test('responses backend: requires_action round trip in two calls', async () => {
  const c = client(fake);
  const assistant = await c.call('assistant-create', { model: 'gpt-4o', tools: multiply });
  const first = await c.call('thread-create-and-run', { assistant_id: assistant.result.id, message: '6 x 7' });
  assert.equal(first.result.status, 'requires_action');
  const call = first.result.tool_calls[0];
  assert.equal(call.name, 'multiply');
  const done = await c.call('run-submit-tool-outputs-and-wait', { thread_id: first.result.thread_id, run_id: first.result.run_id, tool_outputs: [{ tool_call_id: call.id, output: '42' }] });
  assert.equal(done.result.status, 'completed');
  assert.equal(done.result.answer, 'Tool said: 42');
});

test('responses backend: a cut stream recovers by polling', async () => {
  const c = client(fake);
  const assistant = await c.call('assistant-create', { model: 'gpt-4o' });
  fake.fail({ method: 'GET', path: /^\/responses\/[^/]+$/, cutStreamAfter: 2 });
  const { result } = await c.call('thread-create-and-run', { assistant_id: assistant.result.id, message: 'cut me' });
  assert.equal(result.status, 'completed');
  assert.equal(result.answer, 'Echo: cut me');
});

test('responses backend: the deadline returns a resumable result; run-wait finishes it', async () => {
  const c = client(slowFake);
  const assistant = await c.call('assistant-create', { model: 'gpt-4o' });
  const first = await c.call('thread-create-and-run', { assistant_id: assistant.result.id, message: 'SLOW please', timeout_ms: 1000 });
  assert.equal(first.result.timed_out, true);
  assert.match(first.result.next, /run-wait/);
  const resumed = await c.call('run-wait', { thread_id: first.result.thread_id, run_id: first.result.run_id, timeout_ms: 30_000 });
  assert.equal(resumed.result.status, 'completed');
  assert.equal(resumed.result.answer, 'Echo: SLOW please');
});

test('responses backend: a run refused before it starts (no such assistant) does not leave its new thread behind', async () => {
  const core = createServerCore({ ...DEFAULTS, backend: 'responses', apiKey: CANARY_KEY, baseUrl: fake.url }, { fetch: (url, init) => fetch(url, init), store: createMemoryStore() });
  const sent: any[] = [];
  const connection = createConnection(core, (message) => sent.push(message));
  const before = fake.requests.length;
  connection.receive(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'thread-create-and-run', arguments: { assistant_id: 'asst_nope', message: 'hi' } } }));
  await connection.idle();
  const { result } = sent.find((m) => m.id === 1);
  assert.equal(result.isError, true);
  assert.match(result.content[0].text, /No assistant asst_nope/);
  const requests = fake.requests.slice(before).map((r) => `${r.method} ${r.path}`);
  const created = requests.filter((r) => r === 'POST /conversations');
  assert.equal(created.length, 1, requests.join(', '));
  assert.ok(requests.some((r) => /^DELETE \/conversations\/conv_/.test(r)), `the conversation is deleted: ${requests.join(', ')}`);
  assert.ok(!requests.some((r) => r.startsWith('POST /responses')), 'no run was started');
});
