import assert from 'node:assert/strict';
import { createHash, webcrypto } from 'node:crypto';
import { test } from 'node:test';
import { createMemoryStore } from '../../src/store/memory.js';
import { keyNamespace, migrateNamespace } from '../../src/store/namespace.js';
import { isValidKey } from '../../src/store/record.js';

test('the namespace is the first 16 hex characters of SHA-256 of the key', async () => {
  const key = 'sk-test-canary-0123456789';
  const expected = createHash('sha256').update(key).digest('hex').slice(0, 16);
  assert.equal(await keyNamespace(key, webcrypto.subtle), expected);
  assert.notEqual(await keyNamespace(`${key}x`, webcrypto.subtle), expected);
  assert.match(expected, /^[0-9a-f]{16}$/);
  assert.ok(isValidKey(`ns/${expected}/assistants`));
});

test('the digest comes from the Web Crypto it is given, not a global', async () => {
  const calls: string[] = [];
  const subtle = { digest: async (algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>) => (calls.push(algorithm), webcrypto.subtle.digest(algorithm, data)) };
  assert.match(await keyNamespace('sk-1', subtle), /^[0-9a-f]{16}$/);
  assert.deepEqual(calls, ['SHA-256']);
  await assert.rejects(keyNamespace('', subtle), /non-empty API key/);
});

test('migrateNamespace moves records, keeps newer ones at the target, and can run again', async () => {
  const records = new Map<string, string>();
  const store = createMemoryStore(records);
  await store.put('aaaa/assistants/id/asst_1', { n: 1 });
  await store.put('aaaa/threads/t/runs/id/run_1', { n: 2 });
  await store.put('default/assistants/id/asst_1', { n: 'newer' });
  await store.put('aaaab/assistants/id/asst_9', { other: true });
  assert.equal(await migrateNamespace(store, 'aaaa', 'default'), 2);
  assert.deepEqual(await store.get('default/assistants/id/asst_1'), { n: 'newer' });
  assert.deepEqual(await store.get('default/threads/t/runs/id/run_1'), { n: 2 });
  assert.deepEqual(await store.list('aaaa/'), []);
  assert.deepEqual(await store.get('aaaab/assistants/id/asst_9'), { other: true }, 'a namespace that merely starts alike is not touched');
  assert.equal(await migrateNamespace(store, 'aaaa', 'default'), 0);
  assert.equal(await migrateNamespace(store, 'default', 'default'), 0);
});
