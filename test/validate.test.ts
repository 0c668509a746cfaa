import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TOOLS_BY_NAME } from '../src/tools/index.js';
import { exampleOf, validate } from '../src/validate.js';
import { TOOLS } from '../src/tools/index.js';
import { connect, recordingFetch } from './helpers/in-process.js';

const tool = (name: string) => {
  const def = TOOLS_BY_NAME.get(name);
  assert.ok(def, name);
  return def;
};
/** Every issue for these arguments: schema first, then the tool's cross-parameter rules. */
const issuesFor = (name: string, args: Record<string, unknown>) => {
  const def = tool(name);
  const issues = validate(def.inputSchema, args);
  return issues.length ? issues : (def.refine?.(args) ?? []);
};
const messages = (name: string, args: Record<string, unknown>) => issuesFor(name, args).map((i) => i.message);

test('a message names the parameter, the rule, the received value and an example', () => {
  const [message] = messages('assistant-create', { model: 'gpt-4o', temperature: 3 });
  assert.equal(message, 'temperature must be between 0 and 2; received number 3. Example: 0.7');
});

test('valid arguments give no issues', () => {
  assert.deepEqual(
    issuesFor('assistant-create', {
      model: 'any-future-model-name',
      name: 'Helper',
      tools: [{ type: 'code_interpreter' }, { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
      tool_resources: { code_interpreter: { file_ids: ['file_1'] } },
      metadata: { a: 'b' },
      temperature: 0,
      top_p: 1,
      response_format: { type: 'json_object' },
      reasoning_effort: 'low',
    }),
    [],
  );
});

test('required, type and enum rules', () => {
  assert.match(messages('assistant-create', {})[0], /^model is required\. Example: "gpt-4o"$/);
  assert.match(messages('run-create', { thread_id: 't', assistant_id: 5 })[0], /assistant_id must be a string; received number 5/);
  assert.match(messages('message-create', { thread_id: 't', role: 'system', content: 'x' })[0], /role must be one of "user", "assistant"; received "system"/);
  assert.match(messages('assistant-get', { assistant_id: 'a', extra: 1 })[0], /extra is not a known parameter\. Known: assistant_id/);
});

test('ranges: temperature 0–2, top_p 0–1, limit 1–100, token limits', () => {
  assert.equal(issuesFor('assistant-create', { model: 'm', temperature: 2 }).length, 0);
  assert.equal(issuesFor('assistant-create', { model: 'm', temperature: -0.1 }).length, 1);
  assert.match(messages('run-create', { thread_id: 't', assistant_id: 'a', top_p: 1.5 })[0], /top_p must be between 0 and 1/);
  assert.match(messages('assistant-list', { limit: 0 })[0], /limit must be between 1 and 100; received number 0/);
  assert.match(messages('assistant-list', { limit: 101 })[0], /limit must be between 1 and 100/);
  assert.match(messages('assistant-list', { limit: 2.5 })[0], /limit must be an integer/);
  assert.match(messages('run-create', { thread_id: 't', assistant_id: 'a', max_prompt_tokens: 100 })[0], /max_prompt_tokens must be at least 256/);
});

test('lengths: name 256, description 512, instructions 256000 (long values are summarised)', () => {
  assert.equal(issuesFor('assistant-create', { model: 'm', name: 'n'.repeat(256) }).length, 0);
  assert.match(messages('assistant-create', { model: 'm', name: 'n'.repeat(257) })[0], /name must be at most 256 characters long \(got 257\); received a string of 257 characters/);
  assert.match(messages('assistant-create', { model: 'm', description: 'd'.repeat(513) })[0], /description must be at most 512/);
  assert.match(messages('assistant-create', { model: 'm', instructions: 'i'.repeat(256_001) })[0], /instructions must be at most 256000/);
  assert.equal(issuesFor('assistant-update', { assistant_id: 'a', name: null }).length, 0, 'null clears a field on update');
});

test('metadata: at most 16 pairs, keys ≤ 64, string values ≤ 512', () => {
  const pairs = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
  assert.equal(issuesFor('thread-create', { metadata: pairs(16) }).length, 0);
  assert.match(messages('thread-create', { metadata: pairs(17) })[0], /metadata must have at most 16 entries \(got 17\)/);
  assert.match(messages('thread-create', { metadata: { ['k'.repeat(65)]: 'v' } })[0], /the key of metadata\.k+ must be at most 64 characters/);
  assert.match(messages('thread-create', { metadata: { k: 'v'.repeat(513) } })[0], /metadata\.k must be at most 512/);
  assert.match(messages('thread-create', { metadata: { k: 1 } })[0], /metadata\.k must be a string; received number 1/);
});

test('tools: at most 128 on assistants and 20 on runs, known types, function names', () => {
  const many = (n: number) => Array.from({ length: n }, () => ({ type: 'code_interpreter' }));
  assert.equal(issuesFor('assistant-create', { model: 'm', tools: many(128) }).length, 0);
  assert.match(messages('assistant-create', { model: 'm', tools: many(129) })[0], /tools must have at most 128 item\(s\) \(got 129\)/);
  assert.match(messages('run-create', { thread_id: 't', assistant_id: 'a', tools: many(21) })[0], /tools must have at most 20/);
  assert.match(messages('assistant-create', { model: 'm', tools: [{ type: 'browser' }] })[0], /tools\[0\]\.type must be one of "code_interpreter", "file_search", "function"/);
  assert.match(messages('assistant-create', { model: 'm', tools: [{ type: 'function' }] })[0], /tools\[0\]\.function is required/);
  assert.match(
    messages('assistant-create', { model: 'm', tools: [{ type: 'function', function: { name: 'bad name!' } }] })[0],
    /tools\[0\]\.function\.name must match the pattern \^\[\\w-\]\{1,64\}\$; received "bad name!"\. Example: "get_weather"/,
  );
  assert.match(messages('assistant-create', { model: 'm', tools: [{ type: 'function', function: { name: 'x'.repeat(65) } }] })[0], /function\.name must match/);
});

test('tool_resources need the matching tool', () => {
  const [message] = messages('assistant-create', { model: 'm', tool_resources: { file_search: { vector_store_ids: ['vs_1'] } } });
  assert.match(message, /tool_resources\.file_search needs the file_search tool.*Add \{"type":"file_search"\} to tools/);
  assert.equal(issuesFor('assistant-create', { model: 'm', tools: [{ type: 'file_search' }], tool_resources: { file_search: { vector_store_ids: ['vs_1'] } } }).length, 0);
  // On update without `tools`, the assistant keeps its own tools, so nothing can be said.
  assert.equal(issuesFor('assistant-update', { assistant_id: 'a', tool_resources: { code_interpreter: { file_ids: [] } } }).length, 0);
  assert.equal(issuesFor('assistant-update', { assistant_id: 'a', tools: [], tool_resources: { code_interpreter: { file_ids: [] } } }).length, 1);
});

test('IDs: only letters, digits, _ and -, any length up to 256, no fixed format', () => {
  for (const ok of ['asst_abc123', 'x', 'a'.repeat(256), 'thread-ABC_09']) assert.equal(issuesFor('assistant-get', { assistant_id: ok }).length, 0, ok);
  for (const bad of ['../files', 'a/b', '', 'a.b', 'a%2F', 'a b', 'a'.repeat(257), 'ä']) {
    const [message] = messages('thread-get', { thread_id: bad });
    assert.match(message, /^thread_id must match the pattern/, bad);
    assert.match(message, /Example: "conv_abc123"/);
  }
});

test('anyOf reports the branch that matches the type', () => {
  assert.equal(issuesFor('message-create', { thread_id: 't', role: 'user', content: [{ type: 'text', text: 'hi' }] }).length, 0);
  assert.match(messages('message-create', { thread_id: 't', role: 'user', content: [] })[0], /content must have at least 1 item/);
  assert.match(messages('message-create', { thread_id: 't', role: 'user', content: 7 })[0], /content must be a string, or an array; received number 7/);
  assert.match(messages('run-create', { thread_id: 't', assistant_id: 'a', tool_choice: 'sometimes' })[0], /tool_choice must be one of "none", "auto", "required"/);
});

test('every problem is reported, not just the first', () => {
  assert.equal(issuesFor('run-create', { temperature: 9, top_p: -1 }).length, 4);
});

test('exampleOf builds an example from the schema', () => {
  assert.deepEqual(exampleOf({ type: 'object', required: ['a'], properties: { a: { enum: ['x', 'y'] } } }), { a: 'x' });
  assert.equal(exampleOf({ type: 'integer', minimum: 1 }), 1);
});

test('Object.prototype names are unknown parameters on every tool, and nothing is sent', async () => {
  const upstream = recordingFetch();
  const c = connect({}, upstream.fetch);
  const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];
  let id = 1;
  for (const tool of TOOLS) {
    const valid = JSON.stringify(exampleOf(tool.inputSchema)).slice(1, -1);
    for (const name of names) {
      // As text: JSON.parse makes "__proto__" an own key, as a client's message does.
      const args = `{${valid ? `${valid},` : ''}"${name}":{"x":1}}`;
      const [reply] = await c.raw(`{"jsonrpc":"2.0","id":${id++},"method":"tools/call","params":{"name":"${tool.name}","arguments":${args}}}`);
      assert.equal(reply.result?.isError, true, `${tool.name} ${name}`);
      assert.match(reply.result.content[0].text, new RegExp(`${name} is not a known parameter`), `${tool.name} ${name}`);
    }
  }
  assert.equal(upstream.calls.length, 0);
  assert.equal(id - 1, TOOLS.length * names.length);
});
