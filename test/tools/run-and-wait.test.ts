/** Run-and-wait tools in-process against the fake Assistants API: streamed and polled, deadlines, cuts, cancellation. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Backend } from '../../src/backends/types.js';
import { DEFAULTS, type Config } from '../../src/config.js';
import { createConnection } from '../../src/connection.js';
import { createServerCore } from '../../src/server.js';
import { TOOLS_BY_NAME } from '../../src/tools/index.js';
import { validate } from '../../src/validate.js';
import { startFakeAssistants, type FakeAssistants } from '../fake/assistants-server.js';
import { CANARY_KEY } from '../helpers/in-process.js';

let fake: FakeAssistants;
let slowFake: FakeAssistants;
before(async () => {
  fake = await startFakeAssistants({ apiKey: CANARY_KEY });
  slowFake = await startFakeAssistants({ apiKey: CANARY_KEY, streamDelayMs: 300 });
});
after(async () => {
  await fake?.close();
  await slowFake?.close();
});

/** A connection to a core on `upstream`; `polled` hides the backend's streaming so the waiter polls. */
function client(upstream: FakeAssistants, { polled = false, config = {} as Partial<Config> } = {}) {
  const core = createServerCore({ ...DEFAULTS, backend: 'assistants', apiKey: CANARY_KEY, baseUrl: upstream.url, ...config }, { fetch: (url, init) => fetch(url, init) });
  if (polled) core.backend = { name: core.backend!.name, call: core.backend!.call } satisfies Backend;
  const sent: any[] = [];
  const connection = createConnection(core, (message) => sent.push(message));
  let nextId = 1;
  return {
    sent,
    connection,
    send(message: object) {
      connection.receive(JSON.stringify(message));
    },
    /** Calls a tool with a progress token; resolves with its result and the progress notifications sent before it. */
    async call(name: string, args: Record<string, unknown>) {
      const id = nextId++;
      const start = sent.length;
      connection.receive(JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args, _meta: { progressToken: `p${id}` } } }));
      await connection.idle();
      const mine = sent.slice(start);
      const index = mine.findIndex((m) => m.id === id);
      assert.ok(index >= 0, `no answer to ${name}`);
      const progress = mine.slice(0, index).filter((m) => m.method === 'notifications/progress' && m.params.progressToken === `p${id}`);
      assert.ok(!mine.slice(index + 1).some((m) => m.method === 'notifications/progress'), 'no progress after the result');
      const { result } = mine[index];
      assert.notEqual(result.isError, true, result.content?.[0]?.text);
      assert.deepEqual(validate(TOOLS_BY_NAME.get(name)!.outputSchema, result.structuredContent), [], 'matches outputSchema');
      return { result: result.structuredContent, text: result.content.map((c: any) => c.text).join('\n'), progress: progress.map((m) => m.params) };
    },
  };
}

async function assistant(upstream: FakeAssistants, tools: unknown[] = []) {
  const { result } = await client(upstream).call('assistant-create', { model: 'gpt-4o', tools });
  return result.id as string;
}

const multiply = [{ type: 'function', function: { name: 'multiply', parameters: { type: 'object', properties: {} } } }];

function assertMonotonic(progress: { progress: number; message: string }[]) {
  assert.ok(progress.length > 0, 'progress was reported');
  for (let i = 1; i < progress.length; i++) assert.ok(progress[i].progress > progress[i - 1].progress, 'progress strictly increases');
}

for (const polled of [false, true]) {
  const mode = polled ? 'polled' : 'streamed';

  test(`${mode}: one call from question to answer, with progress before the result`, async () => {
    const c = client(fake, { polled });
    const assistant_id = await assistant(fake);
    const { result, text, progress } = await c.call('thread-create-and-run', { assistant_id, message: 'What is 6 x 7?' });
    assert.equal(result.status, 'completed');
    assert.equal(result.timed_out, false);
    assert.match(result.answer, /6 x 7/);
    assert.ok(result.usage);
    assert.match(text, /message-create-and-run/);
    assertMonotonic(progress);
    assert.match(progress.at(-1)!.message, /completed/);
    if (!polled) assert.ok(progress.some((p) => /run in_progress: .+/.test(p.message)), 'streamed text appears in progress');

    const next = await c.call('message-create-and-run', { thread_id: result.thread_id, assistant_id, message: 'And 7 x 8?' });
    assert.equal(next.result.thread_id, result.thread_id);
    assert.match(next.result.answer, /7 x 8/);
  });

  test(`${mode}: requires_action round trip in two calls`, async () => {
    const c = client(fake, { polled });
    const assistant_id = await assistant(fake, multiply);
    const first = await c.call('thread-create-and-run', { assistant_id, message: '6 x 7' });
    assert.equal(first.result.status, 'requires_action');
    assert.equal(first.result.tool_calls[0].name, 'multiply');
    assert.match(first.text, /run-submit-tool-outputs-and-wait/);
    const done = await answerEachCall(c, first);
    assert.equal(done.result.status, 'completed');
    assert.match(done.result.answer, /42/);
  });
}

test('the deadline returns a normal result saying how to resume; run-wait then finishes it', async () => {
  const c = client(slowFake);
  const assistant_id = await assistant(slowFake);
  const started = Date.now();
  const { result, text } = await c.call('thread-create-and-run', { assistant_id, message: 'take your time', timeout_ms: 1000 });
  assert.ok(Date.now() - started < 10_000);
  assert.equal(result.timed_out, true);
  assert.ok(['queued', 'in_progress'].includes(result.status), result.status);
  assert.match(text, /run-wait/);
  const resumed = await client(slowFake, { polled: true }).call('run-wait', { thread_id: result.thread_id, run_id: result.run_id });
  assert.equal(resumed.result.status, 'completed');
  assert.match(resumed.result.answer, /take your time/);
});

test('a stream cut mid-way recovers by polling', async () => {
  const c = client(fake);
  const assistant_id = await assistant(fake);
  fake.fail({ method: 'POST', path: /\/runs$/, cutStreamAfter: 3, times: 1 });
  const { result } = await c.call('thread-create-and-run', { assistant_id, message: 'cut me' });
  assert.equal(result.status, 'completed');
  assert.match(result.answer, /cut me/);
});

test('notifications/cancelled stops the wait at once; the run is not cancelled', async () => {
  const c = client(slowFake);
  const assistant_id = await assistant(slowFake);
  const before = slowFake.requests.length;
  c.send({ jsonrpc: '2.0', id: 99, method: 'tools/call', params: { name: 'thread-create-and-run', arguments: { assistant_id, message: 'never mind' }, _meta: { progressToken: 'x' } } });
  while (!slowFake.requests.slice(before).some((r) => r.path.endsWith('/runs'))) await new Promise((resolve) => setTimeout(resolve, 10));
  const cancelledAt = Date.now();
  c.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 99 } });
  await c.connection.idle();
  assert.ok(Date.now() - cancelledAt < 1000, 'stopped without waiting for the stream');
  assert.ok(!c.sent.some((m) => m.id === 99), 'no response to a cancelled request');
  assert.ok(!slowFake.requests.some((r) => r.path.endsWith('/cancel')), 'the run itself was not cancelled');
});

test('argument errors name the missing question', async () => {
  const core = createServerCore({ ...DEFAULTS, backend: 'assistants', apiKey: CANARY_KEY, baseUrl: fake.url }, { fetch: (url, init) => fetch(url, init) });
  const sent: any[] = [];
  const connection = createConnection(core, (m) => sent.push(m));
  connection.receive(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'thread-create-and-run', arguments: { assistant_id: 'asst_1' } } }));
  await connection.idle();
  assert.equal(sent[0].result.isError, true);
  assert.match(sent[0].result.content[0].text, /message \(or thread\.messages\) is required/);
});

test('message-create-and-run takes message like thread-create-and-run; content still works as a deprecated alias', async () => {
  const c = client(fake);
  const assistant_id = await assistant(fake);
  const first = await c.call('thread-create-and-run', { assistant_id, message: 'What is 6 x 7?' });
  const viaAlias = await c.call('message-create-and-run', { thread_id: first.result.thread_id, assistant_id, content: 'And 2 x 3?' });
  assert.match(viaAlias.result.answer, /2 x 3/);
  const refused = async (args: Record<string, unknown>) => {
    const start = c.sent.length;
    c.send({ jsonrpc: '2.0', id: 99, method: 'tools/call', params: { name: 'message-create-and-run', arguments: { thread_id: first.result.thread_id, assistant_id, ...args } } });
    await c.connection.idle();
    const answer = c.sent.slice(start).find((m) => m.id === 99);
    assert.equal(answer.result.isError, true);
    return answer.result.content[0].text as string;
  };
  assert.match(await refused({ message: 'a', content: 'b' }), /give the text once, as message/);
  assert.match(await refused({}), /message is required/);
  const tool = TOOLS_BY_NAME.get('message-create-and-run')!;
  assert.match(tool.inputSchema.properties!.content.description!, /Deprecated alias of message/);
  assert.match(tool.description, /"content" is a deprecated alias/);
});

test('run-submit-tool-outputs-and-wait falls back to polling when the stream is cut after its first event', async () => {
  const c = client(fake);
  const assistant_id = await assistant(fake, multiply);
  const first = await c.call('thread-create-and-run', { assistant_id, message: '6 x 7' });
  assert.equal(first.result.status, 'requires_action');
  fake.fail({ method: 'POST', path: /\/submit_tool_outputs$/, cutStreamAfter: 1, times: 1 });
  const before = fake.requests.length;
  const done = await answerEachCall(c, first);
  assert.equal(done.result.status, 'completed');
  assert.match(done.result.answer, /42/);
  assert.equal(fake.requests.slice(before).filter((r) => r.path.endsWith('/submit_tool_outputs')).length, 1, 'the outputs were submitted once');
});

/** Answers every tool call of a requires_action result with "42" and waits for what comes next. */
function answerEachCall(c: ReturnType<typeof client>, first: any) {
  return c.call('run-submit-tool-outputs-and-wait', {
    thread_id: first.result.thread_id,
    run_id: first.result.run_id,
    tool_outputs: first.result.tool_calls.map((call: any) => ({ tool_call_id: call.id, output: '42' })),
  });
}

test('a refused run (no such assistant) does not leave its new thread behind: threads cannot be listed', async () => {
  const c = client(fake);
  const before = fake.requests.length;
  c.send({ jsonrpc: '2.0', id: 'nope', method: 'tools/call', params: { name: 'thread-create-and-run', arguments: { assistant_id: 'asst_nope', message: 'hi' } } });
  await c.connection.idle();
  const { result } = c.sent.find((m) => m.id === 'nope');
  assert.equal(result.isError, true);
  assert.match(result.content[0].text, /find valid ones with assistant-list/);
  const requests = fake.requests.slice(before).map((r) => `${r.method} ${r.path}`);
  const threadId = /^POST \/threads\/([^/]+)\/runs$/.exec(requests.find((r) => r.endsWith('/runs')) ?? '')?.[1];
  assert.ok(threadId, requests.join(', '));
  assert.ok(requests.includes(`DELETE /threads/${threadId}`), `the thread is deleted: ${requests.join(', ')}`);
});
