import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CODES, classify, parseJson } from '../src/jsonrpc.js';

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
