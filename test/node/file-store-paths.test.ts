/** The file store's on-disk names: the quick path for names that need no split gives the names a character-by-character encoder gives. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { legacyRecordPath, recordPath } from '../../src/node/file-store-paths.js';

/** The on-disk format, spelled out one character at a time as releases up to 4.1 computed it. */
function reference(key: string, folders: boolean): string[] {
  const chunks = [''];
  const ends: string[] = [];
  for (const char of key) {
    const encoded = /[a-z0-9_.-]/.test(char) ? char : `%${char.charCodeAt(0).toString(16).toUpperCase()}`;
    if (chunks[chunks.length - 1].length + encoded.length > 200) {
      ends.push('~');
      chunks.push('');
    }
    chunks[chunks.length - 1] += encoded;
    if (folders && char === '/') {
      ends.push('');
      chunks.push('');
    }
  }
  ends.push('.json');
  return chunks.map((chunk, i) => (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(chunk) ? `%${chunk.charCodeAt(0).toString(16).toUpperCase()}${chunk.slice(1)}` : chunk) + ends[i]);
}

test('record paths equal the character-by-character encoding, at and around the split length, for device names and prefixes', () => {
  const keys = ['', 'a', 'a/', 'ns/assistants/newest/', 'ns/con/Nul', 'CON', 'com1.x/LPT9', 'aux/aux', 'x:y/Z.z', 'ns/threads/conv_1/runs/newest/99823/59/99/99/98/76.run_AbC'];
  // Segments whose names are 199..202 characters with their `%2F`, plain and escaped, and whole keys of 400.
  for (let n = 190; n <= 202; n++) keys.push(`${'a'.repeat(n)}/x`, `p/${'a'.repeat(n - 3)}B/q`, `${'a'.repeat(n)}`, `k/${'B'.repeat(Math.floor(n / 3))}`);
  keys.push(`L:${'A:'.repeat(199)}`, 'a'.repeat(400), `${'ab/'.repeat(133)}c`);
  let seed = 7;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const alphabet = 'abcXYZ019_.:-/';
  for (let i = 0; i < 2000; i++) keys.push(Array.from({ length: 1 + Math.floor(random() * 260) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
  for (const key of keys) {
    assert.deepEqual(recordPath(key), reference(key, true), key);
    assert.deepEqual(legacyRecordPath(key), reference(key, false), key);
  }
});
