import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLineSplitter } from '../../src/transports/lines.js';

test('joins partial chunks into one line', () => {
  const s = createLineSplitter();
  assert.deepEqual(s.push('{"a":'), []);
  assert.deepEqual(s.push('1}'), []);
  assert.deepEqual(s.push('\n'), ['{"a":1}']);
});

test('splits several messages in one chunk, strips CRLF, skips blank lines', () => {
  const s = createLineSplitter();
  assert.deepEqual(s.push('{"a":1}\r\n\n  \r\n{"b":2}\n{"c"'), ['{"a":1}', '{"b":2}']);
  assert.deepEqual(s.push(':3}\r\n'), ['{"c":3}']);
});

test('keeps very long lines below the limit intact', () => {
  const s = createLineSplitter(5_000_000);
  const long = `{"x":"${'y'.repeat(2_000_000)}"}`;
  const lines = [...s.push(long.slice(0, 1_000_001)), ...s.push(long.slice(1_000_001)), ...s.push('\n')];
  assert.equal(lines.length, 1);
  assert.equal(lines[0], long);
});

test('drops a line over the limit, reports it once, and recovers on the next line', () => {
  const s = createLineSplitter(10);
  assert.deepEqual(s.push('0123456789abcdef'), []);
  assert.equal(s.takeOverflow(), true);
  assert.equal(s.takeOverflow(), false);
  assert.deepEqual(s.push('more junk\n{"ok":1}\n'), ['{"ok":1}']);
  assert.deepEqual(s.push('0123456789abc\n{"b":2}\n'), ['{"b":2}']);
  assert.equal(s.takeOverflow(), true);
});

test('works on bytes: a character split across chunks is decoded whole, and the limit counts bytes', () => {
  const s = createLineSplitter(8);
  const bytes = new TextEncoder().encode('"é€"\n');
  assert.deepEqual(s.push(bytes.subarray(0, 2)), []);
  assert.deepEqual(s.push(bytes.subarray(2, 5)), []);
  assert.deepEqual(s.push(bytes.subarray(5)), ['"é€"']);
  assert.deepEqual(s.push('"éééé"\n"ok"\n'), ['"ok"'], '6 characters but 10 bytes: over the limit');
  assert.equal(s.takeOverflow(), true);
});
