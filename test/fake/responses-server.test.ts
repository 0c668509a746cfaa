/** Self-test of the fake Responses + Conversations server, with plain `fetch` calls over loopback. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createSseParser, type SseEvent } from '../../src/sse.js';
import { startFakeResponses, type FakeResponses } from './responses-server.js';

let fake: FakeResponses;
before(async () => {
  fake = await startFakeResponses({ specViolations: 'record' }); // tests the fake's own refusals: sends bad requests on purpose
});
after(() => fake.close());

const KEY = 'sk-test';
const headers = (key = KEY) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
const call = (method: string, path: string, body?: unknown, key = KEY) =>
  fetch(`${fake.url}${path}`, { method, headers: headers(key), body: body === undefined ? null : JSON.stringify(body) });

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const response = await call(method, path, body);
  const text = await response.text();
  assert.equal(response.status, 200, `${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}
/** Expects an error answer; returns its `error` object. */
async function fails(status: number, method: string, path: string, body?: unknown): Promise<any> {
  const response = await call(method, path, body);
  const json: any = await response.json();
  assert.equal(response.status, status, `${method} ${path}: ${JSON.stringify(json)}`);
  assert.match(response.headers.get('x-request-id') ?? '', /^req_/);
  assert.deepEqual(Object.keys(json.error).sort(), ['code', 'message', 'param', 'type']);
  return json.error;
}

interface Ev { event: string; data: any }
const parse = (text: string): Ev[] => {
  const out: SseEvent[] = [];
  const parser = createSseParser((e) => out.push(e));
  parser.push(text);
  parser.end();
  return out.map((e) => ({ event: e.event, data: JSON.parse(e.data) }));
};
async function stream(response: Response): Promise<Ev[]> {
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  assert.match(response.headers.get('x-request-id') ?? '', /^req_/);
  const events = parse(await response.text());
  for (const e of events) assert.equal(e.event, e.data.type, 'the event name repeats the payload type');
  return events;
}
/** Reads a stream the server may cut; returns what arrived before the cut and whether it was cut. */
async function readCut(response: Response): Promise<{ events: Ev[]; cut: boolean }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let cut = false;
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += decoder.decode(r.value, { stream: true });
  } catch {
    cut = true;
  }
  return { events: parse(text), cut };
}

const seqs = (events: Ev[]) => events.map((e) => e.data.sequence_number);
const types = (events: Ev[]) => events.map((e) => e.event);
const deltas = (events: Ev[], type = 'response.output_text.delta') => events.filter((e) => e.event === type).map((e) => e.data.delta).join('');
const user = (text: string) => ({ type: 'message', role: 'user', content: text });
const TOOL = { type: 'function', name: 'get_weather', strict: true, parameters: { type: 'object', properties: { input: { type: 'string' } } } };
const textOf = (item: any) => item.content.map((p: any) => p.text).join('');

async function conversation(...texts: string[]) {
  return api('POST', '/conversations', { metadata: { suite: 'fake' }, items: texts.map(user) });
}
const items = async (cid: string) => (await api('GET', `/conversations/${cid}/items?order=asc&limit=100`)).data;
async function pollDone(id: string): Promise<any> {
  for (let i = 0; i < 10; i++) {
    const r = await api('GET', `/responses/${id}`);
    if (r.status !== 'queued' && r.status !== 'in_progress') return r;
  }
  throw new Error(`response ${id} never finished`);
}

const MESSAGE_EVENTS = [
  'response.output_item.added', 'response.content_part.added',
  'response.output_text.delta', 'response.output_text.delta', 'response.output_text.delta',
  'response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed',
];

test('conversations: create, get, update, delete; items stored with ids and normalized content', async () => {
  const conv = await api('POST', '/conversations', {
    metadata: { a: '1' },
    items: [user('hi'), { role: 'assistant', content: 'hello' }, { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'look' }, { type: 'input_image', image_url: 'https://example.com/a.png' }] }],
  });
  assert.match(conv.id, /^conv_[0-9a-f]{48}$/);
  assert.deepEqual(Object.keys(conv).sort(), ['created_at', 'id', 'metadata', 'object']);
  assert.equal(conv.object, 'conversation');
  assert.deepEqual(await api('GET', `/conversations/${conv.id}`), conv);
  const [u, a, img] = await items(conv.id);
  assert.match(u.id, /^msg_/);
  assert.deepEqual(u, { id: u.id, type: 'message', status: 'completed', role: 'user', content: [{ type: 'input_text', text: 'hi' }] });
  assert.deepEqual(a.content, [{ type: 'output_text', text: 'hello', annotations: [], logprobs: [] }]);
  assert.equal(img.content[1].type, 'input_image');
  assert.deepEqual(await api('GET', `/conversations/${conv.id}/items/${a.id}`), a);

  assert.equal((await fails(400, 'POST', `/conversations/${conv.id}`, {})).code, 'missing_required_parameter');
  assert.deepEqual((await api('POST', `/conversations/${conv.id}`, { metadata: { b: '2' } })).metadata, { b: '2' });
  const orphan = await fails(400, 'POST', `/conversations/${conv.id}/items`, { items: [user('more'), { type: 'function_call_output', call_id: 'call_x', output: 'x' }] });
  assert.equal(orphan.message, 'No tool call found for function call output with call_id call_x.');
  const list = await api('POST', `/conversations/${conv.id}/items`, { items: [user('more')] });
  assert.equal(list.object, 'list');
  assert.equal(list.first_id, list.data[0].id);
  assert.equal((await fails(400, 'POST', `/conversations/${conv.id}/items`, { items: Array.from({ length: 21 }, () => user('x')) })).code, 'array_above_max_length');
  const wrongPart = await fails(400, 'POST', '/conversations', { items: [{ role: 'assistant', content: [{ type: 'input_text', text: 'x' }] }] });
  assert.deepEqual([wrongPart.message, wrongPart.param], ["Invalid value: 'input_text'. Supported values are: 'output_text' and 'refusal'.", 'items[0].content[0].type']);

  const afterDelete = await api('DELETE', `/conversations/${conv.id}/items/${u.id}`);
  assert.deepEqual(afterDelete, { ...conv, metadata: { b: '2' } }, 'deleting an item answers the conversation');
  await fails(404, 'GET', `/conversations/${conv.id}/items/${u.id}`);
  assert.deepEqual(await api('DELETE', `/conversations/${conv.id}`), { id: conv.id, object: 'conversation.deleted', deleted: true });
  await fails(404, 'GET', `/conversations/${conv.id}`);
});

test('items paging: desc by default, asc, limit, after (also after a deleted item) and has_more', async () => {
  const conv = await conversation('1', '2', '3', '4', '5');
  const all = await items(conv.id);
  assert.deepEqual(all.map(textOf), ['1', '2', '3', '4', '5']);
  const first = await api('GET', `/conversations/${conv.id}/items?limit=2`);
  assert.deepEqual(first.data.map(textOf), ['5', '4']);
  assert.equal(first.has_more, true);
  assert.equal(first.last_id, all[3].id);
  const next = await api('GET', `/conversations/${conv.id}/items?limit=2&after=${first.last_id}`);
  assert.deepEqual(next.data.map(textOf), ['3', '2']);
  const last = await api('GET', `/conversations/${conv.id}/items?limit=2&after=${next.last_id}`);
  assert.deepEqual([last.data.map(textOf), last.has_more], [['1'], false]);
  const asc = await api('GET', `/conversations/${conv.id}/items?order=asc&limit=3&after=${all[0].id}`);
  assert.deepEqual([asc.data.map(textOf), asc.has_more], [['2', '3', '4'], true]);
  await api('DELETE', `/conversations/${conv.id}/items/${all[2].id}`);
  const skip = await api('GET', `/conversations/${conv.id}/items?order=asc&after=${all[2].id}`);
  assert.deepEqual(skip.data.map(textOf), ['4', '5']);
  assert.equal((await fails(400, 'GET', `/conversations/${conv.id}/items?limit=101`)).code, 'integer_above_max_value');
  assert.equal((await fails(400, 'GET', `/conversations/${conv.id}/items?order=up`)).code, 'invalid_value');
  const empty = await api('GET', `/conversations/${(await conversation()).id}/items`);
  assert.deepEqual(empty, { object: 'list', data: [], first_id: null, last_id: null, has_more: false });
});

test('a background response: queued → in_progress → completed, locks its conversation, then appends input and output with the same ids', async () => {
  const conv = await conversation('Hello');
  const body = { model: 'gpt-test', conversation: conv.id, instructions: 'Be brief.', background: true, store: true, metadata: { mcp_run_id: 'run_1' }, temperature: 0.5, max_output_tokens: 100 };
  const created = await api('POST', '/responses', body);
  assert.match(created.id, /^resp_/);
  assert.equal(created.status, 'queued');
  assert.deepEqual(created.conversation, { id: conv.id });
  for (const [k, v] of Object.entries({ model: 'gpt-test', instructions: 'Be brief.', background: true, metadata: { mcp_run_id: 'run_1' }, temperature: 0.5, max_output_tokens: 100, tools: [], tool_choice: 'auto', top_p: 1, parallel_tool_calls: true, usage: null, error: null, output: [] })) {
    assert.deepEqual(created[k], v, k);
  }
  const locked = await fails(400, 'POST', '/responses', { model: 'gpt-test', conversation: { id: conv.id }, input: 'again' });
  assert.equal(locked.code, 'conversation_locked');
  assert.equal((await fails(400, 'POST', `/conversations/${conv.id}/items`, { items: [user('x')] })).code, 'conversation_locked');
  assert.equal((await api('GET', `/responses/${created.id}`)).status, 'in_progress');
  assert.equal((await items(conv.id)).length, 1, 'nothing appended before completion');
  const done = await api('GET', `/responses/${created.id}`);
  assert.equal(done.status, 'completed');
  assert.equal(typeof done.completed_at, 'number');
  assert.deepEqual(Object.keys(done.usage).sort(), ['input_tokens', 'input_tokens_details', 'output_tokens', 'output_tokens_details', 'total_tokens']);
  const [msg] = done.output;
  assert.deepEqual(msg, { id: msg.id, type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Echo: Hello', annotations: [], logprobs: [] }] });
  assert.deepEqual((await items(conv.id)).map((i: any) => i.id).slice(1), [msg.id]);
  assert.deepEqual(await api('GET', `/conversations/${conv.id}/items/${msg.id}`), msg, 'the conversation item is the output item');

  const second = await api('POST', '/responses', { model: 'gpt-test', conversation: conv.id, input: 'Again', background: true });
  const finished = await pollDone(second.id);
  assert.equal(textOf(finished.output[0]), 'Echo: Again');
  const all = await items(conv.id);
  assert.deepEqual(all.map(textOf), ['Hello', 'Echo: Hello', 'Again', 'Echo: Again']);
  const inputs = await api('GET', `/responses/${second.id}/input_items?order=asc`);
  assert.deepEqual(inputs.data.map(textOf), ['Hello', 'Echo: Hello', 'Again'], 'conversation items are prepended to the input items');
  assert.equal(inputs.data[2].id, all[2].id);
});

test('function calling: one function_call, outputs required before the next response, then "Tool said"', async () => {
  const conv = await conversation();
  const first = await api('POST', '/responses', { model: 'gpt-test', conversation: conv.id, tools: [TOOL], input: 'Weather in Paris?' });
  assert.equal(first.status, 'completed', 'a non-background response is done in the POST answer');
  assert.deepEqual(first.tools, [TOOL]);
  const [fc] = first.output;
  assert.equal(first.output.length, 1);
  assert.match(fc.id, /^fc_/);
  assert.match(fc.call_id, /^call_/);
  assert.deepEqual({ ...fc, id: 0, call_id: 0 }, { id: 0, type: 'function_call', status: 'completed', call_id: 0, name: 'get_weather', arguments: '{"input":"Weather in Paris?"}' });

  const pending = await fails(400, 'POST', '/responses', { model: 'gpt-test', conversation: conv.id, tools: [TOOL], input: 'hello?' });
  assert.equal(pending.message, `No tool output found for function call ${fc.call_id}.`);
  const unknown = await fails(400, 'POST', '/responses', { model: 'gpt-test', conversation: conv.id, input: [{ type: 'function_call_output', call_id: 'call_nope', output: 'x' }] });
  assert.equal(unknown.message, 'No tool call found for function call output with call_id call_nope.');

  const second = await api('POST', '/responses', { model: 'gpt-test', conversation: conv.id, tools: [TOOL], background: true, input: [{ type: 'function_call_output', call_id: fc.call_id, output: '14C, cloudy' }] });
  const done = await pollDone(second.id);
  assert.equal(textOf(done.output[0]), 'Tool said: 14C, cloudy');
  const all = await items(conv.id);
  assert.deepEqual(all.map((i: any) => i.type), ['message', 'function_call', 'function_call_output', 'message']);
  assert.equal(all[1].id, fc.id);
  assert.match(all[2].id, /^fco_/);
  assert.deepEqual({ ...all[2], id: 0 }, { id: 0, type: 'function_call_output', call_id: fc.call_id, output: '14C, cloudy', status: 'completed' });
  const none = await api('POST', '/responses', { model: 'gpt-test', conversation: conv.id, tools: [TOOL], tool_choice: 'none', input: 'plain' });
  assert.equal(textOf(none.output[0]), 'Echo: plain', 'tool_choice none answers in text');
});

test('FAIL fails the response and appends nothing; SLOW stays in_progress for 3 more GETs', async () => {
  const conv = await conversation('before');
  const failing = await api('POST', '/responses', { model: 'gpt-test', conversation: conv.id, input: 'please FAIL', background: true });
  const failed = await pollDone(failing.id);
  assert.equal(failed.status, 'failed');
  assert.deepEqual(failed.error, { code: 'server_error', message: 'The model failed (fake).' });
  assert.deepEqual(failed.output, []);
  assert.deepEqual((await items(conv.id)).map(textOf), ['before']);

  const slow = await api('POST', '/responses', { model: 'gpt-test', conversation: conv.id, input: 'SLOW please', background: true });
  const statuses = [];
  for (let i = 0; i < 5; i++) statuses.push((await api('GET', `/responses/${slow.id}`)).status);
  assert.deepEqual(statuses, ['in_progress', 'in_progress', 'in_progress', 'in_progress', 'completed']);
});

test('cancel: background only, idempotent, not after completion; a cancelled response appends nothing', async () => {
  const conv = await conversation('hi');
  const r = await api('POST', '/responses', { model: 'gpt-test', conversation: conv.id, background: true });
  assert.equal((await api('POST', `/responses/${r.id}/cancel`)).status, 'cancelled');
  assert.equal((await api('POST', `/responses/${r.id}/cancel`)).status, 'cancelled');
  assert.equal((await api('GET', `/responses/${r.id}`)).status, 'cancelled', 'a GET does not move a cancelled response');
  assert.equal((await items(conv.id)).length, 1);
  const sync = await api('POST', '/responses', { model: 'gpt-test', conversation: conv.id });
  assert.match((await fails(400, 'POST', `/responses/${sync.id}/cancel`)).message, /background/);
  const bg = await api('POST', '/responses', { model: 'gpt-test', conversation: conv.id, background: true });
  await pollDone(bg.id);
  assert.equal((await fails(400, 'POST', `/responses/${bg.id}/cancel`)).message, 'Cannot cancel a completed response.');
  assert.deepEqual(await api('DELETE', `/responses/${bg.id}`), { id: bg.id, object: 'response', deleted: true });
  await fails(404, 'GET', `/responses/${bg.id}`);
});

test('validation: unknown ids, max_output_tokens, background without store, missing model or input, store:false', async () => {
  const conv = await conversation('x');
  const missing = await fails(404, 'POST', '/responses', { model: 'm', conversation: 'conv_missing', input: 'x' });
  assert.equal(missing.message, "Conversation with id 'conv_missing' not found.");
  await fails(404, 'GET', '/responses/resp_missing');
  assert.equal((await fails(400, 'POST', '/responses', { model: 'm', input: 'x', max_output_tokens: 15 })).code, 'integer_below_min_value');
  assert.equal((await fails(400, 'POST', '/responses', { model: 'm', input: 'x', background: true, store: false })).param, 'store');
  assert.equal((await fails(400, 'POST', '/responses', { input: 'x' })).param, 'model');
  assert.equal((await fails(400, 'POST', '/responses', { model: 'm' })).param, 'input');
  assert.equal((await fails(400, 'POST', '/responses', { model: 'm', input: 'x', tools: [{ type: 'function', function: { name: 'f' } }] })).param, 'tools[0].name');
  assert.equal((await fails(400, 'POST', '/responses', { model: 'gpt-does-not-exist', input: 'x' })).code, 'model_not_found');
  assert.equal((await fails(404, 'GET', '/models/gpt-does-not-exist')).code, 'model_not_found');
  assert.deepEqual(await api('GET', '/models/gpt-test'), { id: 'gpt-test', object: 'model', created: 1700000000, owned_by: 'system' });
  const unstored = await api('POST', '/responses', { model: 'm', conversation: conv.id, store: false });
  assert.equal(unstored.status, 'completed');
  await fails(404, 'GET', `/responses/${unstored.id}`);
});

test('streaming: event order, increasing sequence numbers, deltas that add up, and the state really advanced', async () => {
  const conv = await conversation('Weather in Paris?');
  const events = await stream(await call('POST', '/responses', { model: 'gpt-test', conversation: conv.id, background: true, stream: true }));
  assert.deepEqual(types(events), ['response.created', 'response.queued', 'response.in_progress', ...MESSAGE_EVENTS]);
  assert.deepEqual(seqs(events), events.map((_, i) => i));
  const [created, queued, started] = events;
  assert.equal(created!.data.response.status, 'queued');
  assert.equal(queued!.data.response.status, 'queued');
  assert.equal(started!.data.response.status, 'in_progress');
  const final = events.at(-1)!.data.response;
  const text = final.output[0].content[0].text;
  assert.equal(text, 'Echo: Weather in Paris?');
  assert.equal(deltas(events), text);
  assert.equal(events.find((e) => e.event === 'response.output_text.done')!.data.text, text);
  const added = events.find((e) => e.event === 'response.output_item.added')!.data;
  assert.deepEqual([added.output_index, added.item.status, added.item.content], [0, 'in_progress', []]);
  const delta = events.find((e) => e.event === 'response.output_text.delta')!.data;
  assert.deepEqual([delta.item_id, delta.content_index, delta.logprobs], [final.output[0].id, 0, []]);
  assert.deepEqual(await api('GET', `/responses/${final.id}`), final);
  assert.equal((await items(conv.id)).at(-1).id, final.output[0].id);

  const resumed = await stream(await call('GET', `/responses/${final.id}?stream=true&starting_after=5`));
  assert.deepEqual(seqs(resumed), seqs(events).filter((n) => n > 5));
  assert.equal((await fails(400, 'GET', `/responses/${(await api('POST', '/responses', { model: 'm', input: 'x' })).id}?stream=true`)).param, 'stream');
});

test('streaming a function call (not background): arguments in deltas, then completed', async () => {
  const events = await stream(await call('POST', '/responses', { model: 'gpt-test', tools: [TOOL], input: 'Paris', stream: true }));
  assert.deepEqual(types(events), [
    'response.created', 'response.in_progress', 'response.output_item.added',
    'response.function_call_arguments.delta', 'response.function_call_arguments.delta',
    'response.function_call_arguments.done', 'response.output_item.done', 'response.completed',
  ]);
  assert.equal(events[0]!.data.response.status, 'in_progress');
  const done = events.find((e) => e.event === 'response.function_call_arguments.done')!.data;
  assert.equal(deltas(events, 'response.function_call_arguments.delta'), '{"input":"Paris"}');
  assert.deepEqual([done.name, done.arguments], ['get_weather', '{"input":"Paris"}']);
  assert.equal(events.at(-1)!.data.response.output[0].call_id, events.at(-2)!.data.item.call_id);
  const failed = await stream(await call('POST', '/responses', { model: 'gpt-test', input: 'FAIL now', stream: true }));
  assert.deepEqual(types(failed), ['response.created', 'response.in_progress', 'response.failed']);
});

test('a cut stream: the response stays where the stream left it, polling finishes it, resuming fills the gap', async () => {
  const conv = await conversation('cut me');
  fake.fail({ method: 'POST', path: '/responses', cutStreamAfter: 5 });
  const { events, cut } = await readCut(await call('POST', '/responses', { model: 'gpt-test', conversation: conv.id, background: true, stream: true }));
  assert.equal(cut, true);
  assert.deepEqual(types(events), ['response.created', 'response.queued', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
  const id = events[0]!.data.response.id;
  const midway = await api('GET', `/responses/${id}`);
  assert.equal(midway.status, 'completed', 'one GET finishes the half-streamed message');
  assert.equal(textOf(midway.output[0]), 'Echo: cut me');
  assert.equal((await items(conv.id)).at(-1).id, midway.output[0].id);
  const rest = await stream(await call('GET', `/responses/${id}?stream=true&starting_after=${events.at(-1)!.data.sequence_number}`));
  const all = [...events, ...rest];
  assert.deepEqual(seqs(all), all.map((_, i) => i));
  assert.equal(deltas(all), 'Echo: cut me');

  fake.fail({ path: '/responses', cutStreamAfter: 2 });
  const early = await readCut(await call('POST', '/responses', { model: 'gpt-test', conversation: conv.id, background: true, stream: true }));
  const earlyId = early.events[0]!.data.response.id;
  assert.equal((await api('GET', `/responses/${earlyId}`)).status, 'in_progress');
  assert.equal((await pollDone(earlyId)).status, 'completed');
});

test('failure rules answer errors, reset sockets or delay; a stream with a delay between events still completes', async () => {
  fake.fail({ path: /^\/conversations$/, status: 429, headers: { 'retry-after-ms': '5' } });
  const limited = await call('POST', '/conversations', {});
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get('retry-after-ms'), '5');
  assert.equal(((await limited.json()) as any).error.code, 'rate_limit_exceeded');
  fake.fail({ method: 'GET', reset: true });
  await assert.rejects(call('GET', '/models/m'));
  assert.equal((await call('GET', '/models/m')).status, 200, 'a rule applies `times` times (default once)');
  const recorded = fake.requests.at(-1)!;
  assert.deepEqual([recorded.method, recorded.path, recorded.headers.authorization], ['GET', '/models/m', `Bearer ${KEY}`]);

  const slow = await startFakeResponses({ apiKey: 'sk-other', streamDelayMs: 2 });
  try {
    const response = await fetch(`${slow.url}/responses`, { method: 'POST', headers: headers('sk-other'), body: JSON.stringify({ model: 'm', input: 'SLOW', stream: true }) });
    const events = await stream(response);
    assert.equal(events.at(-1)!.event, 'response.completed');
  } finally {
    await slow.close();
  }
});

test('auth: a missing or wrong key answers 401 with the OpenAI error shape', async () => {
  const wrong = await call('GET', '/models/m', undefined, 'sk-wrong');
  assert.equal(wrong.status, 401);
  const body: any = await wrong.json();
  assert.equal(body.error.code, 'invalid_api_key');
  assert.ok(!body.error.message.includes('sk-wrong'), 'the key is not echoed in full');
  const none = await fetch(`${fake.url}/conversations`, { method: 'POST', body: '{}' });
  assert.equal(none.status, 401);
  assert.match(none.headers.get('x-request-id') ?? '', /^req_/);
});
