/**
 * The realistic 22-tool workflow, written against a `call(tool, args)` function so the
 * same steps can drive any transport or backend. Returns the tools it used.
 */
import assert from 'node:assert/strict';
import { TOOLS_BY_NAME } from '../../src/tools/index.js';
import { renderText } from '../../src/tools/render.js';
import { validate } from '../../src/validate.js';

export type CallTool = (name: string, args: Record<string, unknown>) => Promise<any>;

/** Calls a tool and returns its (compact) structuredContent, failing the test on an error result. */
async function ok(call: CallTool, used: Set<string>, name: string, args: Record<string, unknown>) {
  const result = await call(name, args);
  used.add(name);
  assert.notEqual(result.isError, true, `${name} failed: ${result.content?.[0]?.text}`);
  assert.equal(result.content[0].text, renderText(result.structuredContent), `${name}: the text carries the same fields`);
  assert.deepEqual(validate(TOOLS_BY_NAME.get(name)!.outputSchema, result.structuredContent), [], `${name}: structuredContent matches outputSchema`);
  return result.structuredContent;
}

async function pollRun(step: (name: string, args: Record<string, unknown>) => Promise<any>, ids: Record<string, string>, until: string) {
  // Runs a server drives itself (upstreams without background mode) advance in real time, not per poll.
  for (let i = 0; i < 300; i++) {
    const run = await step('run-get', ids);
    if (run.status === until) return run;
    assert.ok(['queued', 'in_progress', 'cancelling'].includes(run.status), `unexpected status ${run.status} ${JSON.stringify(run.last_error ?? null)}`);
    if (i >= 10) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`run never reached ${until}`);
}

export async function runWorkflow(call: CallTool): Promise<Set<string>> {
  const used = new Set<string>();
  const step = (name: string, args: Record<string, unknown>) => ok(call, used, name, args);

  const assistant = await step('assistant-create', {
    model: 'gpt-4o',
    name: 'Calculator',
    instructions: 'Use the multiply tool for arithmetic.',
    tools: [{ type: 'function', function: { name: 'multiply', parameters: { type: 'object', properties: { input: { type: 'string' } } } } }],
    metadata: { suite: 'e2e' },
    temperature: 0.2,
  });
  assert.equal(assistant.name, 'Calculator');
  const assistant_id = assistant.id;

  const listed = await step('assistant-list', { limit: 100 });
  assert.ok(listed.data.some((a: any) => a.id === assistant_id));
  assert.equal((await step('assistant-get', { assistant_id })).instructions, 'Use the multiply tool for arithmetic.');
  const updated = await step('assistant-update', { assistant_id, instructions: 'Always use the multiply tool.', metadata: { suite: 'e2e', v: '2' } });
  assert.equal(updated.instructions, 'Always use the multiply tool.');
  assert.equal(updated.metadata.v, '2');

  const thread = await step('thread-create', { messages: [{ role: 'user', content: 'Hello!' }], metadata: { topic: 'math' } });
  const thread_id = thread.id;
  assert.equal((await step('thread-get', { thread_id })).metadata.topic, 'math');
  assert.equal((await step('thread-update', { thread_id, metadata: { topic: 'arithmetic' } })).metadata.topic, 'arithmetic');

  const message = await step('message-create', { thread_id, role: 'user', content: 'What is 6 x 7?' });
  const message_id = message.id;
  assert.equal(message.text, 'What is 6 x 7?');
  assert.equal((await step('message-get', { thread_id, message_id })).role, 'user');
  assert.equal((await step('message-update', { thread_id, message_id, metadata: { checked: 'yes' } })).metadata.checked, 'yes');
  const history = await step('message-list', { thread_id, order: 'asc' });
  assert.deepEqual(history.data.map((m: any) => m.text), ['Hello!', 'What is 6 x 7?']);

  const run = await step('run-create', { thread_id, assistant_id, additional_instructions: 'Be brief.', parallel_tool_calls: false });
  assert.ok(['queued', 'in_progress'].includes(run.status), run.status); // a run the server drives starts in_progress
  const ids = { thread_id, run_id: run.id };
  const waiting = await pollRun(step, ids, 'requires_action');
  const [toolCall] = waiting.tool_calls;
  assert.equal(toolCall.name, 'multiply');
  assert.match(waiting.next, /run-submit-tool-outputs/);

  const steps = await step('run-step-list', { ...ids });
  const toolStep = steps.data.find((s: any) => s.type === 'tool_calls');
  assert.ok(toolStep, 'a tool_calls step');
  assert.equal((await step('run-step-get', { ...ids, step_id: toolStep.id })).tool_calls[0].id, toolCall.id);

  await step('run-submit-tool-outputs', { ...ids, tool_outputs: [{ tool_call_id: toolCall.id, output: '42' }] });
  const done = await pollRun(step, ids, 'completed');
  assert.ok(done.usage.total_tokens > 0);
  assert.equal((await step('run-update', { ...ids, metadata: { graded: 'true' } })).metadata.graded, 'true');
  const reply = await step('message-list', { thread_id, run_id: run.id });
  assert.equal(reply.data[0].role, 'assistant');
  assert.equal(reply.data[0].text, 'Tool said: 42');

  const second = await step('run-create', { thread_id, assistant_id, tool_choice: 'none' });
  const cancelling = await step('run-cancel', { thread_id, run_id: second.id });
  assert.ok(['cancelling', 'cancelled'].includes(cancelling.status));
  await pollRun(step, { thread_id, run_id: second.id }, 'cancelled');
  const runs = await step('run-list', { thread_id });
  assert.deepEqual(runs.data.map((r: any) => r.id), [second.id, run.id]);

  assert.equal((await step('message-delete', { thread_id, message_id })).deleted, true);
  assert.equal((await step('thread-delete', { thread_id })).deleted, true);
  assert.equal((await step('assistant-delete', { assistant_id })).deleted, true);
  return used;
}
