import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryStore } from '../../src/store/memory.js';
import { storeContract } from './contract.js';

storeContract('memory', async () => {
  const records = new Map<string, string>();
  return { store: createMemoryStore(records), putRaw: async (key, text) => void records.set(key, text) };
});

test('memory stores are independent unless they share a map', async () => {
  const shared = new Map<string, string>();
  const a = createMemoryStore(shared);
  await a.put('k', 1);
  assert.equal(await createMemoryStore().get('k'), undefined);
  assert.equal(await createMemoryStore(shared).get('k'), 1);
  assert.equal(shared.get('k'), '{"v":1,"value":1}');
});
