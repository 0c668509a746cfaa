/**
 * The 26 tools against every named upstream profile: the fake Responses server behaves
 * like each one (input required, no background, no conversations, no stream replay,
 * cancel refused while running, paging that ignores `after`, {"detail"} errors), and the
 * server is started either with that profile or with the `generic` guess, which the
 * upstream's answers must correct.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULTS } from '../../src/config.js';
import { createConnection } from '../../src/connection.js';
import { createProcessScope } from '../../src/backends/responses/index.js';
import { createServerCore } from '../../src/server.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { TOOLS } from '../../src/tools/index.js';
import { PROFILE_NAMES, PROFILES, type ProfileName } from '../../src/upstream/profile.js';
import { startFakeResponses, type FakeResponses } from '../fake/responses-server.js';
import { CANARY_KEY } from '../helpers/in-process.js';
import { runWorkflow } from '../helpers/workflow.js';

/** The tools of one server process (`scope`: a fresh one acts as another process on the same store). */
function tools(fake: FakeResponses, profile: ProfileName | undefined, store = createMemoryStore(), scope = createProcessScope()) {
  const core = createServerCore(
    { ...DEFAULTS, backend: 'responses', apiKey: CANARY_KEY, baseUrl: fake.url, maxRetries: 0, toolsets: ['all'], ...(profile ? { upstreamProfile: profile } : {}) },
    { fetch: (url, init) => fetch(url, init), store, scope },
  );
  const sent: any[] = [];
  const connection = createConnection(core, (message) => sent.push(message));
  let nextId = 1;
  const call = async (name: string, args: Record<string, unknown>) => {
    const id = nextId++;
    connection.receive(JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } }));
    await connection.idle();
    const reply = sent.find((m) => m.id === id);
    assert.ok(reply?.result, `${name}: ${JSON.stringify(reply)}`);
    return reply.result;
  };
  const ok = async (name: string, args: Record<string, unknown>) => {
    const result = await call(name, args);
    assert.notEqual(result.isError, true, `${name}: ${result.content?.[0]?.text}`);
    return result.structuredContent;
  };
  return { call, ok };
}

const multiply = { type: 'function', function: { name: 'multiply', parameters: { type: 'object', properties: { input: { type: 'string' } } } } };

/** The four run-and-wait tools: a function round trip, a follow-up question, and run-wait. */
async function waitTools(ok: ReturnType<typeof tools>['ok']) {
  const assistant = await ok('assistant-create', { model: 'gpt-4o', tools: [multiply] });
  const asked = await ok('thread-create-and-run', { assistant_id: assistant.id, message: 'What is 6 x 7?', timeout_ms: 20_000 });
  assert.equal(asked.status, 'requires_action', asked.next);
  const answered = await ok('run-submit-tool-outputs-and-wait', { thread_id: asked.thread_id, run_id: asked.run_id, tool_outputs: [{ tool_call_id: asked.tool_calls[0].id, output: '42' }], timeout_ms: 20_000 });
  assert.deepEqual([answered.status, answered.answer], ['completed', 'Tool said: 42']);
  const plain = await ok('assistant-create', { model: 'gpt-4o' });
  const again = await ok('message-create-and-run', { thread_id: asked.thread_id, assistant_id: plain.id, content: 'And now?', timeout_ms: 20_000 });
  assert.deepEqual([again.status, again.answer], ['completed', 'Echo: And now?']);
  const waited = await ok('run-wait', { thread_id: again.thread_id, run_id: again.run_id });
  assert.deepEqual([waited.status, waited.answer], ['completed', 'Echo: And now?']);
  return new Set(['thread-create-and-run', 'run-submit-tool-outputs-and-wait', 'message-create-and-run', 'run-wait']);
}

/** A run cancelled while it is running: cancelled here whatever the upstream allows, and nothing it writes later shows as an answer. */
async function cancelWhileRunning(fake: FakeResponses, ok: ReturnType<typeof tools>['ok']) {
  const assistant = await ok('assistant-create', { model: 'gpt-4o' });
  const thread = await ok('thread-create', { messages: [{ role: 'user', content: 'SLOW answer please' }] });
  const run = await ok('run-create', { thread_id: thread.id, assistant_id: assistant.id });
  const running = await ok('run-get', { thread_id: thread.id, run_id: run.id });
  assert.ok(['queued', 'in_progress'].includes(running.status), running.status);
  const cancelled = await ok('run-cancel', { thread_id: thread.id, run_id: run.id });
  for (let i = 0; i < 50 && (await ok('run-get', { thread_id: thread.id, run_id: run.id })).status !== 'cancelled'; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal((await ok('run-get', { thread_id: thread.id, run_id: run.id })).status, 'cancelled', `after run-cancel answered ${cancelled.status}`);
  fake.settle(); // a response the upstream would not stop finishes now
  const listed = await ok('message-list', { thread_id: thread.id });
  assert.deepEqual(listed.data.map((m: any) => m.role), ['user'], 'no late answer');
  return cancelled;
}

for (const name of PROFILE_NAMES) {
  for (const chosen of [name, undefined] as const) {
    test(`profile ${name}: all 26 tools work with ${chosen ? `--upstream-profile ${chosen}` : 'the generic guess'}`, async () => {
      // Llama Stack accepts two responses at once on one conversation (no conversation_locked).
      const fake = await startFakeResponses({ apiKey: CANARY_KEY, capabilities: { ...PROFILES[name], conversationLocks: name !== 'llama-stack' }, streamDelayMs: 10 });
      try {
        const { call, ok } = tools(fake, chosen);
        const used = await runWorkflow(call);
        for (const tool of await waitTools(ok)) used.add(tool);
        // The file and vector-store tools have their own tests (test/e2e/files.test.ts).
        assert.deepEqual([...used].sort(), TOOLS.filter((t) => t.toolset !== 'files' && t.toolset !== 'vector-stores').map((t) => t.name).sort(), 'every Assistants tool');
        const cancelled = await cancelWhileRunning(fake, ok);
        if (!PROFILES[name].cancelRunning && PROFILES[name].background) {
          assert.equal(cancelled.last_error.code, 'cancel_refused_upstream');
          assert.match(cancelled.last_error.message, /refused to stop response[\s\S]*not shown as an answer/);
        }
        const posts = fake.requests.filter((r) => r.method === 'POST' && r.path === '/responses');
        if (!PROFILES[name].background) assert.ok(posts.slice(-1).every((r) => (r.body as any).stream === true && (r.body as any).background === false), 'driven foreground streams');
        if (!PROFILES[name].conversations) assert.ok(fake.requests.every((r) => !r.path.startsWith('/conversations') || r.method === 'POST'), 'no conversation reads');
        // Corrections are learned once: one refused request each, then the fallback every time.
        const learning = chosen ? 0 : 1;
        if (PROFILES[name].inputRequired) assert.equal(posts.filter((r) => (r.body as any).input === undefined).length, learning, 'requests without input');
        if (!PROFILES[name].background) assert.equal(posts.filter((r) => (r.body as any).background === true).length, learning, 'background requests');
        if (!PROFILES[name].conversations) assert.equal(fake.requests.filter((r) => r.path === '/conversations').length, learning, 'conversation creates');
        if (!PROFILES[name].streamReplay) assert.ok(fake.requests.filter((r) => r.query.stream === 'true').length <= learning, 'stream replay tried at most once');
        const cancels = fake.requests.filter((r) => r.path.endsWith('/cancel'));
        assert.ok(cancels.length <= 2, 'a refused cancel is never retried');
      } finally {
        await fake.close();
      }
    });
  }
}

test('paging that never advances is detected once and paged here; message-list and the run-and-wait tools never loop', async () => {
  // The generic guess assumes paging works; this upstream answers the same first page, has_more and all.
  const fake = await startFakeResponses({ apiKey: CANARY_KEY, capabilities: { ...PROFILES.generic, itemPaging: false } });
  try {
    const { ok } = tools(fake, undefined);
    const assistant = await ok('assistant-create', { model: 'gpt-4o' });
    const messages = Array.from({ length: 120 }, (_, i) => ({ role: 'user', content: `m${i}` }));
    const big = await ok('thread-create', { messages });
    const asked = await ok('message-create-and-run', { thread_id: big.id, assistant_id: assistant.id, content: 'last one', timeout_ms: 10_000 });
    assert.deepEqual([asked.status, asked.answer], ['completed', 'Echo: last one'], 'the answer is found among the newest items');
    const from = fake.requests.length;
    const oldest = await ok('message-list', { thread_id: big.id, order: 'asc', limit: 5 });
    assert.match(oldest.note, /does not page conversation items[\s\S]*newest 100 items/);
    const beyond = await ok('message-list', { thread_id: big.id, order: 'desc', limit: 100, after: 'msg_unknown' });
    assert.deepEqual(beyond.data, []);
    assert.match(beyond.note, /msg_unknown is not among them/);
    const reads = fake.requests.slice(from).filter((r) => r.method === 'GET' && r.path.endsWith('/items'));
    assert.equal(reads.length, 2, 'learned once: one page per list from then on');
  } finally {
    await fake.close();
  }
});

test('a run-and-wait call returns by its deadline even when reading the answer hangs', async () => {
  const fake = await startFakeResponses({ apiKey: CANARY_KEY });
  try {
    const { ok } = tools(fake, 'openai');
    const assistant = await ok('assistant-create', { model: 'gpt-4o' });
    const thread = await ok('thread-create', { messages: [{ role: 'user', content: 'hello' }] });
    // Every item page of this thread takes a minute: only the deadline can end the call.
    fake.fail({ method: 'GET', path: new RegExp(`^/conversations/${thread.id}/items$`), delayMs: 60_000, times: 5 });
    const result = await ok('message-create-and-run', { thread_id: thread.id, assistant_id: assistant.id, content: 'Hi', timeout_ms: 1000 });
    assert.equal(result.status, 'completed');
    assert.equal(result.answer, undefined);
    assert.match(result.next, /could not be read within 1 s[\s\S]*message-list/);
  } finally {
    await fake.close();
  }
});

test('a run driven by a server process that is gone reads as failed, saying why; the thread is free again', async () => {
  const fake = await startFakeResponses({ apiKey: CANARY_KEY, capabilities: PROFILES.ollama, streamDelayMs: 50 });
  try {
    const store = createMemoryStore();
    const first = tools(fake, 'ollama', store);
    const assistant = await first.ok('assistant-create', { model: 'gpt-4o' });
    const thread = await first.ok('thread-create', { messages: [{ role: 'user', content: 'SLOW please' }] });
    const run = await first.ok('run-create', { thread_id: thread.id, assistant_id: assistant.id });
    // Another process on the same store (a restart, or another Worker request) has no stream for it.
    const second = tools(fake, 'ollama', store);
    const lost = await second.ok('run-get', { thread_id: thread.id, run_id: run.id });
    assert.equal(lost.status, 'failed');
    assert.match(lost.last_error.message, /server process that was reading this run's response stopped[\s\S]*no background mode/);
    const next = await second.ok('message-create-and-run', { thread_id: thread.id, assistant_id: assistant.id, content: 'again', timeout_ms: 20_000 });
    assert.deepEqual([next.status, next.answer], ['completed', 'Echo: again']);
  } finally {
    await fake.close();
  }
});
