/** RawJson splicing: the text and the byte forms say the same JSON, and kept bytes are never stale. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RawJson, encodeMessage, serializeMessage } from '../src/raw-json.js';

const decode = (value: string | Uint8Array) => (typeof value === 'string' ? value : new TextDecoder().decode(value));

test('a message with RawJson parts: the bytes are the UTF-8 of the text, parts spliced where they belong', () => {
  const tools = new RawJson(JSON.stringify([{ name: 'ünïcode-tool', description: 'naïve “quotes” 🚀' }]));
  const other = new RawJson('{"a":1}');
  const message = { jsonrpc: '2.0', id: 'é', result: { tools, nextCursor: 'x', other, _meta: { note: 'ß' } } };
  const text = serializeMessage(message);
  assert.deepEqual(JSON.parse(text), { jsonrpc: '2.0', id: 'é', result: { tools: JSON.parse(tools.text), nextCursor: 'x', other: { a: 1 }, _meta: { note: 'ß' } } });
  const bytes = encodeMessage(message);
  assert.ok(bytes instanceof Uint8Array, 'a message with RawJson is sent as bytes');
  assert.equal(decode(bytes), text);
  assert.equal(tools.bytes, tools.bytes, 'a RawJson encodes once and keeps its bytes');
});

test('each answer gets its own bytes: the next message (another id) does not change or share an earlier one', () => {
  const tools = new RawJson('[{"name":"t"}]');
  const first = encodeMessage({ jsonrpc: '2.0', id: 1, result: { tools } }) as Uint8Array;
  const second = encodeMessage({ jsonrpc: '2.0', id: 'two', result: { tools } }) as Uint8Array;
  assert.equal(decode(first), '{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"t"}]}}');
  assert.equal(decode(second), '{"jsonrpc":"2.0","id":"two","result":{"tools":[{"name":"t"}]}}');
  assert.notEqual(first.buffer, tools.bytes.buffer, 'the kept bytes are copied, never handed out');
});

test('messages without RawJson stay text; batches splice every member', () => {
  const plain = { jsonrpc: '2.0', id: 1, result: { ok: true } };
  assert.equal(encodeMessage(plain), JSON.stringify(plain));
  assert.equal(encodeMessage({ jsonrpc: '2.0', id: null, error: { code: -1, message: 'no' } }), '{"jsonrpc":"2.0","id":null,"error":{"code":-1,"message":"no"}}');
  const batch = [plain, { jsonrpc: '2.0', id: 2, result: { tools: new RawJson('[]') } }];
  assert.equal(serializeMessage(batch), '[{"jsonrpc":"2.0","id":1,"result":{"ok":true}},{"jsonrpc":"2.0","id":2,"result":{"tools":[]}}]');
  assert.equal(encodeMessage(batch), serializeMessage(batch), 'a batch (2025-03-26 only) goes out as text');
});
