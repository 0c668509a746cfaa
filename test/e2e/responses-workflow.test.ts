/**
 * End to end in-process: the `responses` backend, through callTool, against the local
 * fake Responses + Conversations server over loopback HTTP.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createResponsesBackend } from '../../src/backends/responses/index.js';
import { loadConfig } from '../../src/config.js';
import { createClient } from '../../src/openai.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/types.js';
import { callTool } from '../../src/tools/call.js';
import { selectionFor } from '../../src/tools/selection.js';
import { TOOLS } from '../../src/tools/index.js';
import { startFakeResponses, type FakeResponses } from '../fake/responses-server.js';
import { CANARY_KEY } from '../helpers/in-process.js';
import { runWorkflow } from '../helpers/workflow.js';

let fake: FakeResponses;
before(async () => {
  fake = await startFakeResponses({ apiKey: CANARY_KEY });
});
after(async () => {
  await fake.close();
});

/** Tools on a responses backend with its own store (or `store: null` for none). */
function tools(options: { store?: Store | null; namespace?: string; detail?: 'compact' | 'full' } = {}) {
  const store = options.store === null ? undefined : (options.store ?? createMemoryStore());
  const client = createClient({ apiKey: CANARY_KEY, baseUrl: fake.url, authHeader: 'authorization', queryParams: {}, headers: {}, timeoutMs: 10000, maxRetries: 0, fetch: (u, i) => fetch(u, i) });
  const backend = createResponsesBackend({ client, store, namespace: async () => options.namespace ?? 'e2e' });
  // Most tests here check the backend's Assistants-shaped objects: results in full.
  const config = loadConfig({ OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: fake.url, MCP_DETAIL: options.detail ?? 'full' });
  const ctx = { config, backend, selection: selectionFor({ toolsets: ['all'] }), session: { protocolVersion: '2025-11-25' }, signal: new AbortController().signal, notify() {}, log() {} };
  const call = (name: string, args: Record<string, unknown>) => callTool({ name, arguments: args }, ctx) as Promise<any>;
  const ok = async (name: string, args: Record<string, unknown>) => {
    const result = await call(name, args);
    assert.notEqual(result.isError, true, `${name}: ${result.content[0].text}`);
    return result.structuredContent;
  };
  const fails = async (name: string, args: Record<string, unknown>, pattern: RegExp) => {
    const result = await call(name, args);
    assert.equal(result.isError, true, `${name} should fail`);
    assert.match(result.content[0].text, pattern);
    assert.ok(!result.content[0].text.includes(CANARY_KEY));
  };
  return { store, call, ok, fails };
}

async function poll(ok: (name: string, args: Record<string, unknown>) => Promise<any>, ids: Record<string, string>, until: string) {
  for (let i = 0; i < 20; i++) {
    const run = await ok('run-get', ids);
    if (run.status === until) return run;
    assert.ok(['queued', 'in_progress', 'cancelling'].includes(run.status), `unexpected status ${run.status}`);
  }
  throw new Error(`run never reached ${until}`);
}

const multiply = { type: 'function', function: { name: 'multiply', parameters: { type: 'object', properties: { input: { type: 'string' } } } } };

async function assistantAndThread(t: ReturnType<typeof tools>, text = 'What is 6 x 7?', withTool = true) {
  const assistant = await t.ok('assistant-create', { model: 'gpt-4o', tools: withTool ? [multiply] : [] });
  const thread = await t.ok('thread-create', { messages: [{ role: 'user', content: text }] });
  return { assistant_id: assistant.id as string, thread_id: thread.id as string };
}

test('the shared 22-tool workflow passes on the responses backend', async () => {
  const t = tools({ detail: 'compact' });
  const from = fake.requests.length;
  const used = await runWorkflow(t.call);
  assert.deepEqual([...used].sort(), TOOLS.filter((tool) => tool.op).map((tool) => tool.name).sort(), 'every operation tool');
  const creates = fake.requests.slice(from).filter((r) => r.method === 'POST' && r.path === '/responses');
  assert.equal(creates.length, 3, 'run, tool-output round trip, second run');
  for (const r of creates) assert.deepEqual([(r.body as any).background, (r.body as any).store], [true, true]);
  assert.ok(fake.requests.slice(from).every((r) => !r.path.startsWith('/assistants') && !r.path.startsWith('/threads')), 'no Assistants endpoint is called');
});

test('requires_action → run-submit-tool-outputs → completed, with steps and the reply tagged with the run', async () => {
  const t = tools();
  const { assistant_id, thread_id } = await assistantAndThread(t);
  const run = await t.ok('run-create', { thread_id, assistant_id });
  const ids = { thread_id, run_id: run.id };
  const waiting = await poll(t.ok, ids, 'requires_action');
  const [call] = waiting.required_action.submit_tool_outputs.tool_calls;
  assert.equal(call.function.name, 'multiply');
  assert.deepEqual(JSON.parse(call.function.arguments), { input: 'What is 6 x 7?' });
  await t.ok('run-submit-tool-outputs', { ...ids, tool_outputs: [{ tool_call_id: call.id, output: '42' }] });
  const done = await poll(t.ok, ids, 'completed');
  assert.equal(done.required_action, null);
  assert.ok(done.usage.total_tokens > 0);
  const steps = await t.ok('run-step-list', { ...ids, order: 'asc' });
  assert.deepEqual(steps.data.map((s: any) => s.type), ['tool_calls', 'message_creation']);
  assert.equal(steps.data[0].step_details.tool_calls[0].function.output, '42');
  const reply = await t.ok('message-get', { thread_id, message_id: steps.data[1].step_details.message_creation.message_id });
  assert.deepEqual([reply.role, reply.content[0].text.value, reply.run_id, reply.assistant_id], ['assistant', 'Tool said: 42', run.id, assistant_id]);
});

test('cancelling a run in requires_action closes its calls, and a new run on the thread works', async () => {
  const t = tools();
  const { assistant_id, thread_id } = await assistantAndThread(t);
  const run = await t.ok('run-create', { thread_id, assistant_id });
  await poll(t.ok, { thread_id, run_id: run.id }, 'requires_action');
  const cancelled = await t.ok('run-cancel', { thread_id, run_id: run.id });
  assert.equal(cancelled.status, 'cancelled');
  const closing = fake.requests.filter((r) => r.method === 'POST' && r.path === `/conversations/${thread_id}/items`).at(-1);
  assert.equal((closing?.body as any).items[0].type, 'function_call_output');
  await t.ok('message-create', { thread_id, role: 'user', content: 'Never mind, say hi.' });
  const next = await t.ok('run-create', { thread_id, assistant_id, tools: [] });
  await poll(t.ok, { thread_id, run_id: next.id }, 'completed');
  const [reply] = (await t.ok('message-list', { thread_id, run_id: next.id })).data;
  assert.equal(reply.content[0].text.value, 'Echo: Never mind, say hi.');
});

test('message-list pages through the conversation', async () => {
  const t = tools();
  const thread = await t.ok('thread-create', { messages: Array.from({ length: 23 }, (_, i) => ({ role: 'user', content: `m${i}` })) });
  const seen: string[] = [];
  let after: string | undefined;
  for (let page = 0; page < 10; page++) {
    const list = await t.ok('message-list', { thread_id: thread.id, order: 'asc', limit: 5, ...(after ? { after } : {}) });
    seen.push(...list.data.map((m: any) => m.content[0].text.value));
    assert.equal(list.has_more, seen.length < 23);
    if (!list.has_more) break;
    after = list.last_id;
  }
  assert.deepEqual(seen, Array.from({ length: 23 }, (_, i) => `m${i}`));
  const newest = await t.ok('message-list', { thread_id: thread.id, limit: 2 });
  assert.deepEqual(newest.data.map((m: any) => m.content[0].text.value), ['m22', 'm21']);
  const back = await t.ok('message-list', { thread_id: thread.id, limit: 2, before: newest.first_id, order: 'asc' });
  assert.deepEqual(back.data.map((m: any) => m.content[0].text.value), ['m20', 'm21']);
});

test('a run with every translatable setting is accepted upstream and completes', async () => {
  const t = tools();
  const assistant = await t.ok('assistant-create', {
    model: 'gpt-4o',
    instructions: 'Answer in JSON.',
    tools: [multiply, { type: 'file_search', file_search: { max_num_results: 5, ranking_options: { ranker: 'default_2024_08_21', score_threshold: 0.5 } } }, { type: 'code_interpreter' }],
    tool_resources: { file_search: { vector_store_ids: ['vs_1'] }, code_interpreter: { file_ids: ['file-1'] } },
    response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } },
    reasoning_effort: 'low',
    top_p: 0.9,
  });
  const thread = await t.ok('thread-create', { messages: [{ role: 'user', content: 'hi' }] });
  const run = await t.ok('run-create', {
    thread_id: thread.id,
    assistant_id: assistant.id,
    additional_instructions: 'Be brief.',
    tool_choice: 'none',
    max_completion_tokens: 256,
    truncation_strategy: { type: 'auto' },
    include: ['step_details.tool_calls[*].file_search.results[*].content'],
    temperature: 0.5,
  });
  const done = await poll(t.ok, { thread_id: thread.id, run_id: run.id }, 'completed');
  assert.deepEqual([done.instructions, done.max_completion_tokens, done.temperature, done.top_p], ['Answer in JSON.\n\nBe brief.', 256, 0.5, 0.9]);
  const sent = fake.requests.filter((r) => r.method === 'POST' && r.path === '/responses').at(-1)!.body as any;
  assert.deepEqual(sent.tools.map((tool: any) => tool.type), ['function', 'file_search', 'code_interpreter']);
  // The Assistants ranker enum has no Responses counterpart: the dated ranker is dropped, the threshold kept.
  assert.deepEqual(sent.tools[1], { type: 'file_search', vector_store_ids: ['vs_1'], max_num_results: 5, ranking_options: { score_threshold: 0.5 } });
  assert.deepEqual([sent.max_output_tokens, sent.text.format.type, sent.reasoning.effort, sent.conversation], [256, 'json_schema', 'low', thread.id]);
});

test('a failing response fails the run with last_error; cancelling mid-response cancels it', async () => {
  const t = tools();
  const { assistant_id, thread_id } = await assistantAndThread(t, 'please FAIL', false);
  const run = await t.ok('run-create', { thread_id, assistant_id });
  const failed = await poll(t.ok, { thread_id, run_id: run.id }, 'failed');
  assert.deepEqual([failed.last_error.code, typeof failed.failed_at], ['server_error', 'number']);
  await t.ok('message-create', { thread_id, role: 'user', content: 'SLOW please' });
  const slow = await t.ok('run-create', { thread_id, assistant_id });
  assert.equal((await t.ok('run-get', { thread_id, run_id: slow.id })).status, 'in_progress');
  const cancelled = await t.ok('run-cancel', { thread_id, run_id: slow.id });
  assert.equal(cancelled.status, 'cancelled');
  assert.deepEqual([fake.requests.at(-1)!.method, fake.requests.at(-1)!.path], ['POST', `${fake.requests.at(-2)!.path}/cancel`], 'cancels the response it last polled');
  await t.fails('run-cancel', { thread_id, run_id: slow.id }, /Cannot cancel run .*its status is cancelled/);
});

test('a second run-create while one is active gets the busy error; conversation_locked too', async () => {
  const t = tools();
  const { assistant_id, thread_id } = await assistantAndThread(t, 'hello', false);
  const run = await t.ok('run-create', { thread_id, assistant_id });
  await t.fails('run-create', { thread_id, assistant_id }, new RegExp(`Thread ${thread_id} already has an active run ${run.id}; wait for it \\(run-get\\) or stop it \\(run-cancel\\)`));
  await poll(t.ok, { thread_id, run_id: run.id }, 'completed');
  // A response started elsewhere holds the conversation: OpenAI's 400 conversation_locked.
  const other = tools({ store: createMemoryStore() });
  const started = await other.ok('run-create', { thread_id, assistant_id: (await other.ok('assistant-create', { model: 'gpt-4o' })).id });
  await t.fails('run-create', { thread_id, assistant_id }, new RegExp(`Thread ${thread_id} is busy`));
  await poll(other.ok, { thread_id, run_id: started.id }, 'completed');
});

test('refusals: features without a counterpart and ids of the shut-down API', async () => {
  const t = tools();
  const { assistant_id, thread_id } = await assistantAndThread(t, 'hi', false);
  const from = fake.requests.length;
  await t.fails('run-create', { thread_id, assistant_id, max_prompt_tokens: 500 }, /max_prompt_tokens has no counterpart/);
  await t.fails('run-create', { thread_id, assistant_id, truncation_strategy: { type: 'last_messages', last_messages: 2 } }, /cannot be windowed/);
  await t.fails('thread-get', { thread_id: 'thread_abc' }, /2026-08-26/);
  await t.fails('assistant-get', { assistant_id: 'asst_abc' }, /2026-08-26[\s\S]*assistant-list/);
  await t.fails('run-get', { thread_id, run_id: 'run_abc' }, /2026-08-26[\s\S]*run-list/);
  assert.equal(fake.requests.length, from);
});

test('two namespaces in one store do not see each other\'s assistants', async () => {
  const store = createMemoryStore();
  const alice = tools({ store, namespace: 'alice' });
  const bob = tools({ store, namespace: 'bob' });
  const a = await alice.ok('assistant-create', { model: 'gpt-4o', name: 'Alice' });
  const b = await bob.ok('assistant-create', { model: 'gpt-4o', name: 'Bob' });
  assert.deepEqual((await alice.ok('assistant-list', {})).data.map((x: any) => x.id), [a.id]);
  assert.deepEqual((await bob.ok('assistant-list', {})).data.map((x: any) => x.id), [b.id]);
  await bob.fails('assistant-get', { assistant_id: a.id }, /No assistant/);
});

test('without a store the tools explain how to configure one', async () => {
  const t = tools({ store: null });
  const from = fake.requests.length;
  await t.fails('assistant-create', { model: 'gpt-4o' }, /none is configured[\s\S]*KV namespace named STORE[\s\S]*--store DIR/);
  await t.fails('thread-create', {}, /none is configured/);
  assert.equal(fake.requests.length, from);
});
