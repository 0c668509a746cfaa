/**
 * The `responses` backend in-process: an in-memory upstream (a fetch function, no
 * sockets) that records every request and can be scripted, and the memory store.
 * Covers request translation, refusals, status derivation, expiry, locks and attachments
 * (store-backed lists and purges: responses-store.test.ts, against the fake server).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createResponsesBackend, RESPONSES_OPERATIONS } from '../../src/backends/responses/index.js';
import { OPERATIONS } from '../../src/backends/types.js';
import { loadConfig } from '../../src/config.js';
import { createClient } from '../../src/openai.js';
import type { FetchLike } from '../../src/openai/fetch-types.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { callTool } from '../../src/tools/call.js';
import { selectionFor } from '../../src/tools/selection.js';
import { CANARY_KEY } from '../helpers/in-process.js';

interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
  body: any;
}
type Finish = (body: any, lastUserText: string) => Record<string, unknown>;

/** Conversations and background responses in memory; a response completes on its second GET. */
function upstream(finish?: Finish) {
  const conversations = new Map<string, { id: string; created_at: number; metadata: any; items: any[]; busy?: string }>();
  const responses = new Map<string, any>();
  const requests: Seen[] = [];
  /** While true, responses stay where they are. */
  const control = { hold: false };
  let seq = 0;
  const mint = (prefix: string) => `${prefix}_${String(++seq).padStart(4, '0')}`;
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const error = (status: number, message: string, code: string | null = null) => json({ error: { message, type: 'invalid_request_error', code } }, status);
  const item = (it: any) =>
    it.type === 'function_call_output'
      ? { id: mint('fco'), status: 'completed', ...it }
      : { id: mint('msg'), type: 'message', status: 'completed', role: it.role, content: typeof it.content === 'string' ? [{ type: it.role === 'assistant' ? 'output_text' : 'input_text', text: it.content }] : it.content };
  const text = (t: string) => ({ id: mint('msg'), type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: t, annotations: [] }] });
  const complete = (r: any) => {
    const conv = conversations.get(r.body.conversation)!;
    const input = (r.body.input ?? []).map(item);
    const last = [...conv.items, ...input].filter((i) => i.type === 'message' && i.role === 'user').pop()?.content?.[0]?.text ?? '';
    const output = (r.body.input ?? []).find((i: any) => i.type === 'function_call_output');
    const fn = (r.body.tools ?? []).find((t: any) => t.type === 'function');
    const result: any = finish?.(r.body, last) ?? (output
      ? { output: [text(`Tool said: ${output.output}`)] }
      : /FAIL/.test(last)
        ? { status: 'failed', error: { code: 'server_error', message: 'boom' }, output: [] }
        : fn && r.body.tool_choice !== 'none'
          ? { output: [{ id: mint('fc'), type: 'function_call', call_id: mint('call'), name: fn.name, arguments: JSON.stringify({ input: last }), status: 'completed' }] }
          : { output: [text(`Echo: ${last}`)] });
    Object.assign(r, { status: 'completed', completed_at: 1_700_000_100, usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 } }, result);
    r.output = r.output.map((o: any) => ({ id: o.id ?? mint(o.type === 'message' ? 'msg' : 'it'), ...o }));
    conv.items.push(...input, ...r.output);
    conv.busy = undefined;
  };
  const fetch: FetchLike = async (url, init) => {
    const u = new URL(url);
    const path = u.pathname.replace(/^\/v1/, '');
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    requests.push({ method: init.method, path, query: Object.fromEntries(u.searchParams), body });
    const parts = path.split('/').slice(1);
    const conv = parts[0] === 'conversations' && parts[1] ? conversations.get(parts[1]) : undefined;
    if (parts[0] === 'conversations') {
      if (!parts[1] && init.method === 'POST') {
        const c = { id: mint('conv'), created_at: 1_700_000_000, metadata: body.metadata ?? {}, items: (body.items ?? []).map(item) };
        conversations.set(c.id, c);
        return json({ id: c.id, object: 'conversation', created_at: c.created_at, metadata: c.metadata });
      }
      if (!conv) return error(404, 'Conversation not found');
      const resource = { id: conv.id, object: 'conversation', created_at: conv.created_at, metadata: conv.metadata };
      if (parts.length === 2) {
        if (init.method === 'DELETE') {
          conversations.delete(conv.id);
          return json({ id: conv.id, object: 'conversation.deleted', deleted: true });
        }
        if (init.method === 'POST') conv.metadata = body.metadata;
        return json({ ...resource, metadata: conv.metadata });
      }
      if (parts.length === 3 && init.method === 'POST') {
        if (conv.busy) return error(400, 'Another process is currently operating on this conversation.', 'conversation_locked');
        const created = body.items.map(item);
        conv.items.push(...created);
        return json({ object: 'list', data: created, has_more: false });
      }
      if (parts.length === 3) {
        const ordered = u.searchParams.get('order') === 'asc' ? conv.items : [...conv.items].reverse();
        const after = u.searchParams.get('after');
        const start = after ? ordered.findIndex((i) => i.id === after) + 1 : 0;
        const limit = Number(u.searchParams.get('limit') ?? 20);
        const data = ordered.slice(start, start + limit);
        return json({ object: 'list', data, has_more: start + limit < ordered.length, first_id: data[0]?.id, last_id: data.at(-1)?.id });
      }
      const found = conv.items.find((i) => i.id === parts[3]);
      if (!found) return error(404, 'Item not found');
      if (init.method === 'DELETE') conv.items.splice(conv.items.indexOf(found), 1);
      return json(init.method === 'DELETE' ? resource : found);
    }
    if (parts[0] === 'responses' && !parts[1]) {
      const c = conversations.get(body.conversation);
      if (!c) return error(404, 'Conversation not found');
      if (c.busy) return error(400, 'Another process is currently operating on this conversation.', 'conversation_locked');
      const r = { id: mint('resp'), object: 'response', created_at: 1_700_000_050, status: 'queued', output: [], body, polls: 0 };
      responses.set(r.id, r);
      c.busy = r.id;
      return json(view(r));
    }
    if (parts[0] === 'vector_stores') return json({ id: mint('vs') });
    const r = responses.get(parts[1]);
    if (!r) return error(404, 'Response not found');
    if (parts[2] === 'cancel') {
      if (!['queued', 'in_progress'].includes(r.status)) return error(400, `Cannot cancel a response with status ${r.status}`);
      r.status = 'cancelled';
      conversations.get(r.body.conversation)!.busy = undefined;
      return json(view(r));
    }
    if (control.hold) return json(view(r));
    if (r.status === 'queued') r.status = 'in_progress';
    else if (r.status === 'in_progress') complete(r);
    return json(view(r));
  };
  const view = ({ body: _b, polls: _p, ...r }: any) => r;
  return { fetch, requests, conversations, control };
}

/** A backend on the in-memory upstream, driven through callTool like the MCP layer does. */
function setup(options: { finish?: Finish } = {}) {
  const up = upstream(options.finish);
  const store = createMemoryStore();
  const client = createClient({ apiKey: CANARY_KEY, baseUrl: 'http://upstream.test/v1', authHeader: 'authorization', queryParams: {}, headers: {}, timeoutMs: 5000, maxRetries: 0, fetch: up.fetch });
  const clock = { now: 1_700_000_000 };
  const backend = createResponsesBackend({ client, store, namespace: async () => 'ns-test', now: () => clock.now });
  // These tests check the backend's Assistants-shaped objects: results in full.
  const config = loadConfig({ OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: 'http://upstream.test/v1', MCP_DETAIL: 'full' });
  const ctx = { config, backend, selection: selectionFor({ toolsets: ['all'] }), session: { protocolVersion: '2025-11-25' }, signal: new AbortController().signal, notify() {}, log() {} };
  const call = (name: string, args: Record<string, unknown>) => callTool({ name, arguments: args }, ctx);
  const ok = async (name: string, args: Record<string, unknown>) => {
    const result = await call(name, args);
    assert.notEqual(result.isError, true, `${name}: ${result.content[0].text}`);
    return result.structuredContent as any;
  };
  const fails = async (name: string, args: Record<string, unknown>, pattern: RegExp) => {
    const result = await call(name, args);
    assert.equal(result.isError, true, `${name} should fail`);
    assert.match(result.content[0].text, pattern);
    return result.content[0].text;
  };
  return { ...up, backend, store, call, ok, fails, clock };
}

const multiply = { type: 'function', function: { name: 'multiply', description: 'Multiplies', parameters: { type: 'object', properties: { input: { type: 'string' } } } } };

async function poll(ok: (name: string, args: Record<string, unknown>) => Promise<any>, ids: Record<string, string>, until: string) {
  for (let i = 0; i < 10; i++) {
    const run = await ok('run-get', ids);
    if (run.status === until) return run;
  }
  throw new Error(`never ${until}`);
}

test('every operation is implemented', () => {
  assert.deepEqual(Object.keys(RESPONSES_OPERATIONS).sort(), [...OPERATIONS].sort());
});

test('run-create sends one background response on the conversation, translated from Assistants settings', async () => {
  const t = setup();
  const assistant = await t.ok('assistant-create', {
    model: 'gpt-4o',
    instructions: 'Base.',
    tools: [multiply, { type: 'file_search', file_search: { max_num_results: 5 } }, { type: 'code_interpreter' }],
    tool_resources: { file_search: { vector_store_ids: ['vs_a'] }, code_interpreter: { file_ids: ['file-1'] } },
    temperature: 0.3,
    reasoning_effort: 'low',
  });
  const thread = await t.ok('thread-create', { tool_resources: { file_search: { vector_store_ids: ['vs_t'] } } });
  const run = await t.ok('run-create', {
    thread_id: thread.id,
    assistant_id: assistant.id,
    additional_instructions: 'Be brief.',
    tool_choice: { type: 'function', function: { name: 'multiply' } },
    response_format: { type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' }, strict: true } },
    max_completion_tokens: 300,
    truncation_strategy: { type: 'auto' },
    parallel_tool_calls: false,
    include: ['step_details.tool_calls[*].file_search.results[*].content'],
    metadata: { mine: 'yes' },
  });
  const sent = t.requests.filter((r) => r.method === 'POST' && r.path === '/responses');
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0].body, {
    model: 'gpt-4o',
    instructions: 'Base.\n\nBe brief.',
    tools: [
      { type: 'function', name: 'multiply', description: 'Multiplies', parameters: multiply.function.parameters, strict: false },
      { type: 'file_search', vector_store_ids: ['vs_a', 'vs_t'], max_num_results: 5 },
      { type: 'code_interpreter', container: { type: 'auto', file_ids: ['file-1'] } },
    ],
    tool_choice: { type: 'function', name: 'multiply' },
    parallel_tool_calls: false,
    temperature: 0.3,
    max_output_tokens: 300,
    reasoning: { effort: 'low' },
    text: { format: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true } },
    context_management: [{ type: 'compaction' }],
    include: ['file_search_call.results'],
    background: true,
    store: true,
    metadata: { mcp_run_id: run.id, mcp_assistant_id: assistant.id },
    conversation: thread.id,
  });
  assert.match(run.id, /^run_[A-Za-z0-9]{24}$/);
  assert.equal(run.object, 'thread.run');
  assert.equal(run.status, 'queued');
  assert.equal(run.instructions, 'Base.\n\nBe brief.');
  assert.deepEqual(run.metadata, { mine: 'yes' });
  assert.equal(run.usage, null);
});

test('requires_action comes from unanswered function calls; submit sends function_call_output in a new response with the same settings', async () => {
  const t = setup();
  const assistant = await t.ok('assistant-create', { model: 'gpt-4o', tools: [multiply] });
  const thread = await t.ok('thread-create', { messages: [{ role: 'user', content: 'six times seven' }] });
  const run = await t.ok('run-create', { thread_id: thread.id, assistant_id: assistant.id });
  const ids = { thread_id: thread.id, run_id: run.id };
  const waiting = await poll(t.ok, ids, 'requires_action');
  const [call] = waiting.required_action.submit_tool_outputs.tool_calls;
  assert.deepEqual(call.function, { name: 'multiply', arguments: '{"input":"six times seven"}' });
  assert.equal(waiting.expires_at, t.clock.now + 600);
  await t.fails('message-create', { thread_id: thread.id, role: 'user', content: 'hi' }, new RegExp(`already has an active run ${run.id}; wait for it \\(run-get\\) or stop it \\(run-cancel\\)`));
  await t.fails('run-submit-tool-outputs', { ...ids, tool_outputs: [{ tool_call_id: 'call_other', output: 'x' }] }, /not pending: call_other; missing: call_/);

  const steps = await t.ok('run-step-list', ids);
  assert.equal(steps.data[0].status, 'in_progress');
  assert.equal(steps.data[0].step_details.tool_calls[0].function.output, null);

  const submitted = await t.ok('run-submit-tool-outputs', { ...ids, tool_outputs: [{ tool_call_id: call.id, output: '42' }] });
  assert.equal(submitted.status, 'queued');
  assert.equal(submitted.required_action, null);
  const [first, second] = t.requests.filter((r) => r.method === 'POST' && r.path === '/responses').map((r) => r.body);
  assert.deepEqual(second.input, [{ type: 'function_call_output', call_id: call.id, output: '42' }]);
  const { input: _input, ...rest } = second;
  assert.deepEqual(rest, first);

  const done = await poll(t.ok, ids, 'completed');
  assert.deepEqual(done.usage, { prompt_tokens: 20, completion_tokens: 10, total_tokens: 30 });
  const all = await t.ok('run-step-list', { ...ids, order: 'asc' });
  assert.deepEqual(all.data.map((s: any) => [s.type, s.status]), [['tool_calls', 'completed'], ['message_creation', 'completed']]);
  assert.equal(all.data[0].step_details.tool_calls[0].function.output, '42');
  assert.equal(all.data[0].id, `step_${t.conversations.get(thread.id)!.items.find((i) => i.type === 'function_call').id}`);
  assert.deepEqual(all.data[1].usage, { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 });
  const replies = await t.ok('message-list', { thread_id: thread.id, run_id: run.id });
  assert.deepEqual(replies.data.map((m: any) => [m.content[0].text.value, m.run_id, m.assistant_id]), [['Tool said: 42', run.id, assistant.id]]);
});

test('failed and incomplete responses map to Assistants statuses and details', async () => {
  const t = setup({ finish: (_body, last) => (last === 'long' ? { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: [] } : undefined as never) });
  const assistant = await t.ok('assistant-create', { model: 'gpt-4o' });
  const thread = await t.ok('thread-create', { messages: [{ role: 'user', content: 'please FAIL' }] });
  const run = await t.ok('run-create', { thread_id: thread.id, assistant_id: assistant.id });
  const failed = await poll(t.ok, { thread_id: thread.id, run_id: run.id }, 'failed');
  assert.deepEqual(failed.last_error, { code: 'server_error', message: 'boom' });
  assert.equal(failed.failed_at, t.clock.now);
  await t.ok('message-create', { thread_id: thread.id, role: 'user', content: 'long' });
  const next = await t.ok('run-create', { thread_id: thread.id, assistant_id: assistant.id });
  const incomplete = await poll(t.ok, { thread_id: thread.id, run_id: next.id }, 'incomplete');
  assert.deepEqual(incomplete.incomplete_details, { reason: 'max_completion_tokens' });
});

test('run-cancel in requires_action closes the dangling calls, and a new run works', async () => {
  const t = setup();
  const assistant = await t.ok('assistant-create', { model: 'gpt-4o', tools: [multiply] });
  const thread = await t.ok('thread-create', { messages: [{ role: 'user', content: 'x' }] });
  const run = await t.ok('run-create', { thread_id: thread.id, assistant_id: assistant.id });
  const waiting = await poll(t.ok, { thread_id: thread.id, run_id: run.id }, 'requires_action');
  const cancelled = await t.ok('run-cancel', { thread_id: thread.id, run_id: run.id });
  assert.equal(cancelled.status, 'cancelled');
  assert.equal(cancelled.cancelled_at, t.clock.now);
  const posted = t.requests.filter((r) => r.method === 'POST' && r.path === `/conversations/${thread.id}/items`).at(-1)!;
  assert.deepEqual(posted.body.items, [{ type: 'function_call_output', call_id: waiting.required_action.submit_tool_outputs.tool_calls[0].id, output: 'cancelled' }]);
  await t.fails('run-cancel', { thread_id: thread.id, run_id: run.id }, /Cannot cancel run .*: its status is cancelled/);
  const again = await t.ok('run-create', { thread_id: thread.id, assistant_id: assistant.id, tool_choice: 'none' });
  assert.equal((await poll(t.ok, { thread_id: thread.id, run_id: again.id }, 'completed')).status, 'completed');
});

test('a requires_action run expires after 10 minutes, closing its calls', async () => {
  const t = setup();
  const assistant = await t.ok('assistant-create', { model: 'gpt-4o', tools: [multiply] });
  const thread = await t.ok('thread-create', { messages: [{ role: 'user', content: 'x' }] });
  const run = await t.ok('run-create', { thread_id: thread.id, assistant_id: assistant.id });
  await poll(t.ok, { thread_id: thread.id, run_id: run.id }, 'requires_action');
  t.clock.now += 601;
  const expired = await t.ok('run-get', { thread_id: thread.id, run_id: run.id });
  assert.equal(expired.status, 'expired');
  assert.match(t.requests.at(-1)!.body.items[0].output, /^expired/);
  await t.fails('run-submit-tool-outputs', { thread_id: thread.id, run_id: run.id, tool_outputs: [{ tool_call_id: 'call_1', output: '1' }] }, /is expired, not requires_action[\s\S]*within 10 minutes/);
  await t.ok('message-create', { thread_id: thread.id, role: 'user', content: 'thread is free again' });
});

test('one run per thread: the store lock, and OpenAI\'s conversation_locked', async () => {
  const t = setup();
  const assistant = await t.ok('assistant-create', { model: 'gpt-4o' });
  const thread = await t.ok('thread-create', {});
  const run = await t.ok('run-create', { thread_id: thread.id, assistant_id: assistant.id });
  const busy = new RegExp(`Thread ${thread.id} already has an active run ${run.id}; wait for it \\(run-get\\) or stop it \\(run-cancel\\)`);
  t.control.hold = true;
  const before = t.requests.length;
  await t.fails('run-create', { thread_id: thread.id, assistant_id: assistant.id }, busy);
  await t.fails('thread-update', { thread_id: thread.id, metadata: { a: 'b' } }, busy);
  await t.fails('thread-delete', { thread_id: thread.id }, busy);
  await t.fails('message-create', { thread_id: thread.id, role: 'user', content: 'hi' }, busy);
  const inFlight = t.conversations.get(thread.id)!.busy;
  assert.ok(t.requests.slice(before).every((r) => r.method === 'GET' && r.path === `/responses/${inFlight}`), 'only the active run was refreshed');
  t.control.hold = false;
  await poll(t.ok, { thread_id: thread.id, run_id: run.id }, 'completed');
  await t.ok('message-create', { thread_id: thread.id, role: 'user', content: 'the lock is gone' });
  // Another process's response holds the conversation: the upstream's 400 becomes the same kind of error.
  const other = await t.ok('thread-create', {});
  t.conversations.get(other.id)!.busy = 'resp_elsewhere';
  await t.fails('message-create', { thread_id: other.id, role: 'user', content: 'hi' }, new RegExp(`Thread ${other.id} is busy`));
});

test('refusals say why and what to do, and send nothing upstream', async () => {
  const t = setup();
  const assistant = await t.ok('assistant-create', { model: 'gpt-4o' });
  const thread = await t.ok('thread-create', {});
  const before = t.requests.length;
  await t.fails('run-create', { thread_id: thread.id, assistant_id: assistant.id, max_prompt_tokens: 1000 }, /max_prompt_tokens has no counterpart[\s\S]*What to do: Leave max_prompt_tokens out/);
  await t.fails('run-create', { thread_id: thread.id, assistant_id: assistant.id, truncation_strategy: { type: 'last_messages', last_messages: 3 } }, /last_messages[\s\S]*What to do: Use truncation_strategy \{"type":"auto"\}/);
  await t.fails('thread-get', { thread_id: 'thread_abc123' }, /shut the Assistants API down on 2026-08-26[\s\S]*conv_/);
  await t.fails('message-list', { thread_id: 'thread_abc123' }, /2026-08-26/);
  await t.fails('assistant-get', { assistant_id: 'asst_old123' }, /No assistant asst_old123[\s\S]*2026-08-26[\s\S]*What to do: .*assistant-list/);
  await t.fails('run-create', { thread_id: thread.id, assistant_id: 'asst_old123' }, /2026-08-26/);
  await t.fails('run-get', { thread_id: thread.id, run_id: 'run_old123' }, /No run run_old123 on thread[\s\S]*2026-08-26[\s\S]*run-list/);
  await t.fails('run-step-get', { thread_id: thread.id, run_id: 'run_old123', step_id: 'step_1' }, /run-list/);
  await assert.rejects(t.backend.call('createRun', { thread_id: thread.id, assistant_id: assistant.id, stream: true }, { idempotent: false }), /stream: true is not supported/);
  assert.equal(t.requests.length, before);
});

test('message metadata, attachments and deletion live in the side table', async () => {
  const t = setup();
  const thread = await t.ok('thread-create', {});
  const message = await t.ok('message-create', {
    thread_id: thread.id,
    role: 'user',
    content: [{ type: 'text', text: 'see file' }, { type: 'image_url', image_url: { url: 'https://x.test/a.png' } }],
    attachments: [{ file_id: 'file-9', tools: [{ type: 'code_interpreter' }, { type: 'file_search' }] }],
    metadata: { k: 'v' },
  });
  const sent = t.requests.find((r) => r.path === `/conversations/${thread.id}/items` && r.method === 'POST')!;
  assert.deepEqual(sent.body.items[0].content, [{ type: 'input_text', text: 'see file' }, { type: 'input_image', image_url: 'https://x.test/a.png', detail: 'auto' }]);
  assert.deepEqual(t.requests.find((r) => r.path === '/vector_stores')!.body.file_ids, ['file-9']);
  assert.deepEqual(message.metadata, { k: 'v' });
  assert.equal(message.attachments[0].file_id, 'file-9');
  assert.deepEqual(message.content[1], { type: 'image_url', image_url: { url: 'https://x.test/a.png', detail: 'auto' } });
  const got = await t.ok('message-get', { thread_id: thread.id, message_id: message.id });
  assert.equal(got.created_at, t.clock.now);
  const assistant = await t.ok('assistant-create', { model: 'gpt-4o', tools: [{ type: 'code_interpreter' }, { type: 'file_search' }] });
  await t.ok('run-create', { thread_id: thread.id, assistant_id: assistant.id });
  const tools = t.requests.find((r) => r.path === '/responses')!.body.tools;
  assert.deepEqual(tools, [{ type: 'code_interpreter', container: { type: 'auto', file_ids: ['file-9'] } }, { type: 'file_search', vector_store_ids: ['vs_0002'] }]);
  const deleted = await t.ok('message-delete', { thread_id: thread.id, message_id: message.id });
  assert.deepEqual(deleted, { id: message.id, object: 'thread.message.deleted', deleted: true });
});

test('vector store calls carry OpenAI-Beta: assistants=v2, as the spec examples and the SDK send', async () => {
  const seen: { url: string; headers: Record<string, string> }[] = [];
  const fetch: FetchLike = async (url, init) => {
    seen.push({ url, headers: init.headers });
    return new Response(JSON.stringify({ id: 'vs_1' }), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const client = createClient({ apiKey: CANARY_KEY, baseUrl: 'http://upstream.test/v1', authHeader: 'authorization', queryParams: {}, headers: {}, timeoutMs: 5000, maxRetries: 0, fetch });
  const backend = createResponsesBackend({ client, store: createMemoryStore(), namespace: async () => 'ns' });
  await backend.call('createAssistant', { model: 'gpt-4o', tools: [{ type: 'file_search' }], tool_resources: { file_search: { vector_stores: [{ file_ids: ['file-1'] }] } } }, { idempotent: false });
  assert.deepEqual(seen.map((s) => [new URL(s.url).pathname, s.headers['openai-beta']]), [['/v1/vector_stores', 'assistants=v2']]);
});
