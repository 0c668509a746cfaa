/** Self-test of the fake's `stream: true`: event order and payloads, tool calls, and a cut stream finished by polling. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createSseParser, readSse, type SseEvent } from '../../src/sse.js';
import { startFakeAssistants, type FakeAssistants } from './assistants-server.js';

let fake: FakeAssistants;
before(async () => {
  fake = await startFakeAssistants();
});
after(() => fake.close());

const HEADERS = { authorization: 'Bearer sk-test', 'openai-beta': 'assistants=v2', 'content-type': 'application/json' };
const post = (path: string, body: unknown, signal?: AbortSignal) =>
  fetch(`${fake.url}${path}`, { method: 'POST', headers: HEADERS, body: JSON.stringify(body), signal: signal ?? null });
async function api(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${fake.url}${path}`, { method, headers: HEADERS, body: body === undefined ? null : JSON.stringify(body) });
  assert.equal(response.status, 200, `${method} ${path}: ${response.status}`);
  return response.json();
}

/** Every event of a streamed answer, `done` included. */
async function events(response: Response): Promise<Array<{ event: string; data: any }>> {
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  assert.match(response.headers.get('x-request-id') ?? '', /^req_/);
  const out: SseEvent[] = [];
  const parser = createSseParser((e) => out.push(e));
  const text = await response.text();
  assert.ok(text.endsWith('event: done\ndata: [DONE]\n\n'), 'ends with the done frame and a blank line');
  parser.push(text);
  parser.end();
  return out.map((e) => ({ event: e.event, data: e.data === '[DONE]' ? e.data : JSON.parse(e.data) }));
}

const deltaText = (all: Array<{ event: string; data: any }>) =>
  all.filter((e) => e.event === 'thread.message.delta').map((e) => e.data.delta.content[0].text.value).join('');

const MESSAGE_EVENTS = [
  'thread.run.step.created', 'thread.run.step.in_progress',
  'thread.message.created', 'thread.message.in_progress',
  'thread.message.delta', 'thread.message.delta', 'thread.message.delta',
  'thread.message.completed', 'thread.run.step.completed', 'thread.run.completed', 'done',
];

async function setup(tools: unknown[] = []) {
  const assistant = await api('POST', '/assistants', { model: 'gpt-test', tools });
  const thread = await api('POST', '/threads', { messages: [{ role: 'user', content: 'Weather in Paris?' }] });
  return { assistant, thread };
}

test('a streamed run: every lifecycle event in order, the text in deltas, and the state really advanced', async () => {
  const { assistant, thread } = await setup();
  const all = await events(await post(`/threads/${thread.id}/runs`, { assistant_id: assistant.id, stream: true }));
  assert.deepEqual(all.map((e) => e.event), ['thread.run.created', 'thread.run.queued', 'thread.run.in_progress', ...MESSAGE_EVENTS]);
  const [created, , inProgress] = all;
  assert.equal(created!.data.object, 'thread.run');
  assert.equal(created!.data.status, 'queued');
  assert.equal(inProgress!.data.status, 'in_progress');
  const opened = all.find((e) => e.event === 'thread.message.created')!.data;
  assert.equal(opened.status, 'in_progress');
  assert.deepEqual(opened.content, []);
  assert.equal(deltaText(all), 'Echo: Weather in Paris?');
  const done = all.find((e) => e.event === 'thread.message.completed')!.data;
  assert.equal(done.content[0].text.value, 'Echo: Weather in Paris?');
  const finished = all.find((e) => e.event === 'thread.run.completed')!.data;
  assert.equal(finished.status, 'completed');
  assert.deepEqual(finished.usage, { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 });
  const step = all.find((e) => e.event === 'thread.run.step.completed')!.data;
  assert.equal(step.step_details.message_creation.message_id, opened.id);

  const run = await api('GET', `/threads/${thread.id}/runs/${created!.data.id}`);
  assert.equal(run.status, 'completed');
  const messages = await api('GET', `/threads/${thread.id}/messages?run_id=${run.id}`);
  assert.deepEqual(messages.data.map((m: any) => m.content[0].text.value), ['Echo: Weather in Paris?']);
  const steps = await api('GET', `/threads/${thread.id}/runs/${run.id}/steps`);
  assert.deepEqual(steps.data.map((s: any) => [s.type, s.status]), [['message_creation', 'completed']]);
});

test('create-thread-and-run streams thread.created first', async () => {
  const { assistant } = await setup();
  const all = await events(await post('/threads/runs', { assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: 'hi' }] }, stream: true }));
  assert.deepEqual(all.map((e) => e.event), ['thread.created', 'thread.run.created', 'thread.run.queued', 'thread.run.in_progress', ...MESSAGE_EVENTS]);
  assert.equal(all[1]!.data.thread_id, all[0]!.data.id);
  assert.equal((await api('GET', `/threads/${all[0]!.data.id}`)).id, all[0]!.data.id);
  assert.equal(deltaText(all), 'Echo: hi');
});

test('function tools: the stream stops at requires_action; submit_tool_outputs streams the rest', async () => {
  const { assistant, thread } = await setup([{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }]);
  const first = await events(await post(`/threads/${thread.id}/runs`, { assistant_id: assistant.id, stream: true }));
  assert.deepEqual(first.map((e) => e.event), [
    'thread.run.created', 'thread.run.queued', 'thread.run.in_progress',
    'thread.run.step.created', 'thread.run.step.in_progress', 'thread.run.step.delta', 'thread.run.requires_action', 'done',
  ]);
  assert.deepEqual(first[3]!.data.step_details, { type: 'tool_calls', tool_calls: [] });
  const call = first[5]!.data.delta.step_details.tool_calls[0];
  assert.equal(call.index, 0);
  assert.equal(call.function.name, 'get_weather');
  const action = first[6]!.data.required_action.submit_tool_outputs.tool_calls;
  assert.deepEqual(action.map((c: any) => c.id), [call.id]);
  const runId = first[0]!.data.id;
  assert.equal((await api('GET', `/threads/${thread.id}/runs/${runId}`)).status, 'requires_action');

  const rest = await events(await post(`/threads/${thread.id}/runs/${runId}/submit_tool_outputs`, {
    tool_outputs: [{ tool_call_id: call.id, output: '18C, sunny' }], stream: true,
  }));
  assert.deepEqual(rest.map((e) => e.event), ['thread.run.step.completed', 'thread.run.queued', 'thread.run.in_progress', ...MESSAGE_EVENTS]);
  assert.equal(rest[0]!.data.step_details.tool_calls[0].function.output, '18C, sunny');
  assert.equal(deltaText(rest), 'Tool said: 18C, sunny');
  assert.equal((await api('GET', `/threads/${thread.id}/runs/${runId}`)).status, 'completed');
  const steps = await api('GET', `/threads/${thread.id}/runs/${runId}/steps?order=asc`);
  assert.deepEqual(steps.data.map((s: any) => [s.type, s.status]), [['tool_calls', 'completed'], ['message_creation', 'completed']]);
});

test('a cut stream leaves the run where it was; polling finishes it', async () => {
  const { assistant, thread } = await setup();
  fake.fail({ method: 'POST', path: `/threads/${thread.id}/runs`, cutStreamAfter: 3 });
  const response = await post(`/threads/${thread.id}/runs`, { assistant_id: assistant.id, stream: true });
  const seen: SseEvent[] = [];
  await assert.rejects(async () => {
    for await (const e of readSse(response.body!)) seen.push(e);
  }, 'the body ends in a network error, not a clean end');
  assert.deepEqual(seen.map((e) => e.event), ['thread.run.created', 'thread.run.queued', 'thread.run.in_progress']);
  const runId = JSON.parse(seen[0]!.data).id;
  assert.equal((await api('GET', `/threads/${thread.id}/messages?run_id=${runId}`)).data.length, 0, 'no message yet');

  const statuses: string[] = [];
  for (let i = 0; i < 5 && statuses.at(-1) !== 'completed'; i++) {
    statuses.push((await api('GET', `/threads/${thread.id}/runs/${runId}`)).status);
  }
  assert.deepEqual(statuses, ['completed'], 'one GET moved the in-progress run on');
  const messages = await api('GET', `/threads/${thread.id}/messages?run_id=${runId}`);
  assert.equal(messages.data[0].content[0].text.value, 'Echo: Weather in Paris?');
});

test('streamDelayMs holds events back; a client that leaves stops the stream and polling takes over', async () => {
  const slow = await startFakeAssistants({ streamDelayMs: 60_000 });
  try {
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${slow.url}${path}`, { method, headers: HEADERS, body: body === undefined ? null : JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
    const assistant = await call('POST', '/assistants', { model: 'gpt-test' });
    const thread = await call('POST', '/threads', { messages: [{ role: 'user', content: 'slow' }] });
    const controller = new AbortController();
    const response = await fetch(`${slow.url}/threads/${thread.id}/runs`, {
      method: 'POST', headers: HEADERS, body: JSON.stringify({ assistant_id: assistant.id, stream: true }), signal: controller.signal,
    });
    const stream = readSse(response.body!, controller.signal);
    const first = (await stream.next()).value as SseEvent;
    assert.equal(first.event, 'thread.run.created');
    const runId = JSON.parse(first.data).id;
    assert.equal((await call('GET', `/threads/${thread.id}/runs/${runId}`)).status, 'in_progress', 'the stream has not moved the run yet');
    controller.abort();
    await assert.rejects(stream.next(), { name: 'AbortError' });
    assert.equal((await call('GET', `/threads/${thread.id}/runs/${runId}`)).status, 'completed');
  } finally {
    await slow.close();
  }
});

test('stream: true elsewhere is still refused, and a cut rule leaves JSON answers alone', async () => {
  const refused = await post('/assistants', { model: 'gpt-test', stream: true });
  assert.equal(refused.status, 400);
  assert.equal((await refused.json()).error.param, 'stream');
  assert.deepEqual(fake.violations.splice(0).map((v) => v.at), ['body.stream'], 'refused by the spec check, and not counted against the suite');
  const { assistant, thread } = await setup();
  fake.fail({ path: `/threads/${thread.id}/runs`, cutStreamAfter: 0 });
  const run = await api('POST', `/threads/${thread.id}/runs`, { assistant_id: assistant.id });
  assert.equal(run.status, 'queued');
});
