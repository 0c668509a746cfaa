import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CODES } from '../src/jsonrpc.js';
import { connect } from './helpers/in-process.js';

test('prompts/list names every prompt with a description and its arguments', async () => {
  const { result } = await connect().request('prompts/list');
  assert.deepEqual(result.prompts.map((p: any) => p.name), ['ask-assistant', 'create-assistant', 'debug-run']);
  for (const prompt of result.prompts) {
    assert.ok(prompt.description && prompt.title, prompt.name);
    assert.ok(prompt.arguments.some((a: any) => a.required), prompt.name);
  }
});

test('prompts/get fills in the arguments; missing ones and unknown prompts are -32602', async () => {
  const c = connect();
  const { result } = await c.request('prompts/get', { name: 'ask-assistant', arguments: { question: 'What is 6 x 7?', assistant_id: 'asst_1' } });
  assert.equal(result.messages[0].role, 'user');
  assert.match(result.messages[0].content.text, /asst_1[\s\S]*What is 6 x 7\?/);
  assert.equal((await c.request('prompts/get', { name: 'ask-assistant', arguments: {} })).error.code, CODES.INVALID_PARAMS);
  assert.equal((await c.request('prompts/get', { name: 'nope' })).error.code, CODES.INVALID_PARAMS);
});

test('completion/complete suggests template names for the prompt argument and the resource template', async () => {
  const c = connect();
  const prompt = await c.request('completion/complete', { ref: { type: 'ref/prompt', name: 'create-assistant' }, argument: { name: 'template', value: 'co' } });
  assert.deepEqual(prompt.result.completion.values, ['coding-assistant']);
  const all = await c.request('completion/complete', { ref: { type: 'ref/resource', uri: 'assistant://templates/{name}' }, argument: { name: 'name', value: '' } });
  assert.equal(all.result.completion.values.length, 4);
  const none = await c.request('completion/complete', { ref: { type: 'ref/prompt', name: 'ask-assistant' }, argument: { name: 'question', value: 'x' } });
  assert.deepEqual(none.result.completion.values, []);
  assert.equal((await c.request('completion/complete', { ref: { type: 'ref/prompt', name: 'ask-assistant' }, argument: { name: 'nope', value: '' } })).error.code, CODES.INVALID_PARAMS);
});
