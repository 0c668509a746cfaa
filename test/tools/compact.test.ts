/**
 * Compact results against the strict fake Assistants API: bytes a model reads vs the
 * upstream JSON (printed), and nothing it needs lost: ids and texts read back.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TOOLS_BY_NAME } from '../../src/tools/index.js';
import { renderText } from '../../src/tools/render.js';
import { validate } from '../../src/validate.js';
import { startFakeAssistants, type FakeAssistants } from '../fake/assistants-server.js';
import { CANARY_KEY, connect } from '../helpers/in-process.js';

let fake: FakeAssistants;
before(async () => {
  fake = await startFakeAssistants({ apiKey: CANARY_KEY });
});
after(() => fake.close());

const bytes = (value: unknown) => Buffer.byteLength(typeof value === 'string' ? value : JSON.stringify(value));

const QUESTIONS = [
  'What were our three largest expenses last quarter, and how did they compare with the quarter before?',
  'Summarise the attached contract in five bullet points, with the termination clause first.',
  'Draft a short reply to the customer who asked about the delayed shipment of order 4471.',
  'Which of the open support tickets mention the login page, and how old is each of them?',
  'Translate the release notes for version 2.3 into German, keeping the product names in English.',
];

async function conversation() {
  const c = connect({ baseUrl: fake.url, toolsets: ['all'] }, (url, init) => fetch(url, init));
  const ok = async (name: string, args: Record<string, unknown>) => {
    const result = await c.call(name, args);
    assert.notEqual(result.isError, true, result.content?.[0]?.text);
    assert.deepEqual(validate(TOOLS_BY_NAME.get(name)!.outputSchema, result.structuredContent), [], `${name}: compact result matches outputSchema`);
    return result;
  };
  const assistant = (await ok('assistant-create', {
    model: 'gpt-4o',
    name: 'Finance helper',
    instructions: 'You answer questions about company finances and documents. Be precise, cite figures, and keep answers under 200 words.',
    tools: [{ type: 'code_interpreter' }, { type: 'function', function: { name: 'lookup_invoice', parameters: { type: 'object', properties: { id: { type: 'string' } } } } }],
    metadata: { team: 'finance' },
  })).structuredContent;
  const messages = Array.from({ length: 19 }, (_, i) => ({
    role: i % 2 ? 'assistant' : 'user',
    content: i % 2 ? `Here is what I found for question ${(i + 1) / 2}: the figures are in the report, and the short answer is yes, with two caveats noted below.` : QUESTIONS[(i / 2) % QUESTIONS.length],
  }));
  const thread = (await ok('thread-create', { messages })).structuredContent;
  const run = (await ok('run-create', { thread_id: thread.id, assistant_id: assistant.id, tool_choice: 'none' })).structuredContent;
  const ids = { thread_id: thread.id as string, run_id: run.id as string };
  for (let i = 0; i < 10 && (await ok('run-get', ids)).structuredContent.status !== 'completed'; i++);
  return { ok, ids };
}

test('message-list of 20, run-get and run-step-list: a model reads ≤ 50% of the upstream bytes, with ids and texts intact', async () => {
  const { ok, ids } = await conversation();
  const cases = [
    ['message-list', { thread_id: ids.thread_id, limit: 20 }],
    ['run-get', ids],
    ['run-step-list', ids],
  ] as const;
  const report: string[] = [];
  for (const [name, args] of cases) {
    const compact = await ok(name, args);
    const full = await ok(name, { ...args, detail: 'full' });
    const upstream = bytes(full.structuredContent);
    // A client gives the model either the text content or structuredContent: the larger one counts.
    const read = Math.max(bytes(compact.structuredContent), bytes(compact.content[0].text));
    report.push(`${name}: upstream ${upstream} B, compact structured ${bytes(compact.structuredContent)} B, text ${bytes(compact.content[0].text)} B (${Math.round((100 * read) / upstream)}%), whole result ${bytes(compact)} B`);
    assert.ok(read <= upstream / 2, `${name}: ${read} > 50% of ${upstream}`);
    assert.equal(compact.content.length, 1);
    assert.equal(compact.content[0].text, renderText(compact.structuredContent));
    assert.notEqual(compact.content[0].text, JSON.stringify(compact.structuredContent), 'the text is not the JSON again');
    checkNothingLost(name, full.structuredContent, compact.structuredContent, compact.content[0].text);
  }
  console.log(report.join('\n'));
});

/** Every id, text and status of the upstream object is in the compact form, and in its text. */
function checkNothingLost(name: string, full: any, compact: any, text: string) {
  const has = (value: string) => assert.ok(text.includes(value), `${name}: text has ${value}`);
  if (name === 'message-list') {
    assert.equal(full.data.length, 20);
    assert.deepEqual(compact.data.map((m: any) => m.id), full.data.map((m: any) => m.id));
    assert.deepEqual(compact.data.map((m: any) => m.text), full.data.map((m: any) => m.content[0].text.value));
    assert.deepEqual(compact.data.map((m: any) => m.role), full.data.map((m: any) => m.role));
    assert.deepEqual(compact.data.map((m: any) => m.run_id), full.data.map((m: any) => m.run_id ?? undefined));
    for (const m of compact.data) [m.id, m.text].forEach(has);
  }
  if (name === 'run-get') {
    assert.deepEqual([compact.id, compact.status, compact.assistant_id, compact.usage], [full.id, full.status, full.assistant_id, full.usage]);
    assert.match(compact.next, /message-list/);
    [compact.id, compact.status, String(compact.usage.total_tokens)].forEach(has);
  }
  if (name === 'run-step-list') {
    assert.ok(full.data.length >= 1);
    assert.deepEqual(compact.data.map((s: any) => [s.id, s.type, s.status]), full.data.map((s: any) => [s.id, s.type, s.status]));
    for (const [i, step] of full.data.entries()) {
      if (step.type === 'message_creation') assert.equal(compact.data[i].message_id, step.step_details.message_creation.message_id);
    }
    for (const s of compact.data) has(s.id);
  }
}

test('requires_action: the compact run names the tool calls and what to call next', async () => {
  const c = connect({ baseUrl: fake.url, toolsets: ['all'] }, (url, init) => fetch(url, init));
  const assistant = (await c.call('assistant-create', { model: 'gpt-4o', tools: [{ type: 'function', function: { name: 'multiply' } }] })).structuredContent;
  const thread = (await c.call('thread-create', { messages: [{ role: 'user', content: 'What is 6 x 7?' }] })).structuredContent;
  const run = (await c.call('run-create', { thread_id: thread.id, assistant_id: assistant.id })).structuredContent;
  let got: any;
  for (let i = 0; i < 10; i++) if ((got = (await c.call('run-get', { thread_id: thread.id, run_id: run.id })).structuredContent).status === 'requires_action') break;
  assert.equal(got.status, 'requires_action');
  assert.equal(got.required_action, undefined);
  assert.equal(got.tool_calls[0].name, 'multiply');
  assert.match(got.tool_calls[0].id, /^call_/);
  assert.equal(typeof got.tool_calls[0].arguments, 'string');
  assert.match(got.next, /run-submit-tool-outputs/);
  assert.equal(got.thread_id, undefined, 'the thread_id the caller sent is not repeated');
  assert.equal(got.instructions, undefined, 'the run does not echo its settings');
});
