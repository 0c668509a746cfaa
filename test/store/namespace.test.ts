import assert from 'node:assert/strict';
import { createHash, webcrypto } from 'node:crypto';
import { test } from 'node:test';
import { keyNamespace } from '../../src/store/namespace.js';
import { isValidKey } from '../../src/store/record.js';

test('the namespace is the first 16 hex characters of SHA-256 of the key', async () => {
  const key = 'sk-test-canary-0123456789';
  const expected = createHash('sha256').update(key).digest('hex').slice(0, 16);
  assert.equal(await keyNamespace(key), expected);
  assert.equal(await keyNamespace(key, webcrypto.subtle), expected);
  assert.notEqual(await keyNamespace(`${key}x`), expected);
  assert.match(expected, /^[0-9a-f]{16}$/);
  assert.ok(isValidKey(`ns/${expected}/assistants`));
});

test('fails clearly without Web Crypto or without a key', async () => {
  // As on Node 18, which has no global crypto.
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'crypto')!;
  Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
  try {
    await assert.rejects(keyNamespace('sk-1'), /keyNamespace needs Web Crypto: pass crypto\.subtle/);
  } finally {
    Object.defineProperty(globalThis, 'crypto', descriptor);
  }
  assert.match(await keyNamespace('sk-1'), /^[0-9a-f]{16}$/);
  await assert.rejects(keyNamespace(''), /non-empty API key/);
});
