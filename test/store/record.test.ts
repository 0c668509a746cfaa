import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkKey, checkPrefix, decodeRecord, encodeRecord, isValidKey, MAX_KEY_LENGTH } from '../../src/store/record.js';

test('the key grammar: /-separated segments of [A-Za-z0-9_.:-], no empty, "." or ".." segment', () => {
  for (const key of ['a', 'assistants/asst_AbC-1', 'runs/t:1/r.2', '...', 'a/.b/c.', 'x'.repeat(MAX_KEY_LENGTH)]) {
    assert.equal(isValidKey(key), true, key);
    assert.equal(checkKey(key), key);
  }
  for (const key of ['', '/', 'a/', '/a', 'a//b', '.', '..', 'a/./b', 'a/..', 'a b', 'a\\b', 'a?b', 'ä', 'x'.repeat(MAX_KEY_LENGTH + 1)]) {
    assert.equal(isValidKey(key), false, key);
    assert.throws(() => checkKey(key), { message: /^invalid store key .*segments of A-Z a-z 0-9 _ \. : -/ }, key);
  }
  assert.equal(isValidKey(undefined), false);
});

test('error messages shorten long keys', () => {
  assert.throws(() => checkKey('y'.repeat(5000)), (error: Error) => error.message.length < 300 && /\(5000 characters\)/.test(error.message));
});

test('prefixes allow partial keys but no other characters', () => {
  for (const prefix of ['', 'a/', 'a/b', 'a:']) assert.equal(checkPrefix(prefix), prefix);
  for (const prefix of ['a\\', 'a b', 'x'.repeat(MAX_KEY_LENGTH + 1)]) assert.throws(() => checkPrefix(prefix), /invalid store prefix/);
});

test('records are {"v":1,"value":...} and decode back', () => {
  const text = encodeRecord('k', { a: [1, 'b'] });
  assert.equal(text, '{"v":1,"value":{"a":[1,"b"]}}');
  assert.deepEqual(decodeRecord('k', text), { a: [1, 'b'] });
  assert.equal(decodeRecord('k', '{"v":1,"value":null}'), null);
});

test('newer and corrupt records throw errors naming the key', () => {
  assert.throws(() => decodeRecord('assistants/a', '{"v":7,"value":1}'), {
    message: 'store record "assistants/a" was written by a newer openai-assistants-mcp (record version 7); upgrade openai-assistants-mcp to read it (this release reads version 1)',
  });
  assert.throws(() => decodeRecord('k', ''), { message: /^store record "k" is corrupt: not JSON/ });
  assert.throws(() => decodeRecord('k', '{"v":1.5,"value":1}'), { message: /^store record "k" is corrupt: expected/ });
});
