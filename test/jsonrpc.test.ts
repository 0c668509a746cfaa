import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CODES, classify, nestedDeeperThan, parseJson } from '../src/jsonrpc.js';
import { TOOLS } from '../src/tools/index.js';
import { connect, recordingFetch } from './helpers/in-process.js';

test('parseJson reports a parse error with id null', () => {
  const parsed = parseJson('{"jsonrpc":"2.0",');
  assert.equal(parsed.kind, 'error');
  if (parsed.kind === 'error') {
    assert.equal(parsed.response.id, null);
    assert.equal(parsed.response.error?.code, CODES.PARSE_ERROR);
  }
});

test('parseJson tells single messages from batches', () => {
  assert.equal(parseJson('{"a":1}').kind, 'single');
  assert.equal(parseJson('[{"a":1}]').kind, 'batch');
});

test('classify accepts requests and notifications', () => {
  assert.equal(classify({ jsonrpc: '2.0', id: 1, method: 'ping' }).kind, 'request');
  assert.equal(classify({ jsonrpc: '2.0', id: 'a', method: 'ping', params: {} }).kind, 'request');
  assert.equal(classify({ jsonrpc: '2.0', method: 'notifications/initialized' }).kind, 'notification');
  assert.equal(classify({ jsonrpc: '2.0', id: 1, result: {} }).kind, 'response');
});

test('classify rejects malformed envelopes with -32600, keeping a usable id', () => {
  const cases: [unknown, unknown][] = [
    [42, null],
    [[], null],
    [{ jsonrpc: '1.0', id: 3, method: 'ping' }, 3],
    [{ jsonrpc: '2.0', id: 4, method: 7 }, 4],
    [{ jsonrpc: '2.0', id: 5, method: 'ping', params: [1] }, 5],
    [{ jsonrpc: '2.0', id: 1.5, method: 'ping' }, null],
    [{ jsonrpc: '2.0', id: { x: 1 }, method: 'ping' }, null],
  ];
  for (const [value, id] of cases) {
    const result = classify(value);
    assert.equal(result.kind, 'invalid', JSON.stringify(value));
    if (result.kind === 'invalid') {
      assert.equal(result.response.error?.code, CODES.INVALID_REQUEST);
      assert.equal(result.response.id, id);
    }
  }
});

/** `{"a":{"a":…"x"…}}` nested `levels` deep, built as text (a value that deep cannot be stringified). */
const nested = (levels: number, open = '{"a":', close = '}', inner = '"x"') => open.repeat(levels) + inner + close.repeat(levels);

test('depth is measured without recursion, at any depth JSON.parse accepts', () => {
  assert.equal(nestedDeeperThan(JSON.parse(nested(100_000, '[', ']')), 64), true);
  assert.equal(nestedDeeperThan(JSON.parse(nested(64)), 64), false);
  assert.equal(nestedDeeperThan(JSON.parse(nested(65)), 64), true);
  assert.equal(nestedDeeperThan('scalar', 0), false);
});

test('100k-level nesting gets -32602 (params) or -32600 (elsewhere) with its id, never -32603', async () => {
  const upstream = recordingFetch();
  const c = connect({}, upstream.fetch);
  const cases: [string, number][] = [
    [`{"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":${nested(100_000)}}}`, CODES.INVALID_PARAMS],
    [`{"jsonrpc":"2.0","id":2,"method":"ping","params":${nested(100_000, '{"p":[', ']}')}}`, CODES.INVALID_PARAMS],
    [`{"jsonrpc":"2.0","id":3,"method":"ping","extra":${nested(100_000, '[', ']')}}`, CODES.INVALID_REQUEST],
    ...TOOLS.map((tool, i): [string, number] => [`{"jsonrpc":"2.0","id":${10 + i},"method":"tools/call","params":{"name":"${tool.name}","arguments":{"metadata":${nested(100_000)}}}}`, CODES.INVALID_PARAMS]),
  ];
  for (const [text, code] of cases) {
    const [reply] = await c.raw(text);
    assert.equal(reply.error?.code, code, text.slice(0, 80));
    assert.equal(reply.id, JSON.parse(text).id);
    assert.match(reply.error.message, /deeper than 64 levels/);
    assert.ok(reply.error.message.length < 200, 'a short message');
  }
  assert.equal(upstream.calls.length, 0, 'nothing deep reaches the upstream');
  assert.deepEqual((await c.request('ping')).result, {}, 'the connection keeps serving');
  const atLimit = await c.raw(`{"jsonrpc":"2.0","id":99,"method":"ping","params":{"x":${nested(62)}}}`);
  assert.deepEqual(atLimit[0].result, {}, 'params 64 levels deep are accepted');
});
