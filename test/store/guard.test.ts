import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ToolError } from '../../src/errors.js';
import { guardStore, StoreError } from '../../src/store/guard.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/types.js';

const GUARD = { location: 'folder /srv/x', hint: 'Choose another with --store <dir>.', timeoutMs: 50 };

test('an operation that never ends is rejected after the bound, naming the store and the way out', async () => {
  const never = new Promise<never>(() => {});
  const hung: Store = { get: () => never, put: () => never, delete: () => never, list: () => never, scan: () => never, check: () => never };
  const store = guardStore(hung, GUARD);
  for (const [op, run] of [['read', () => store.get('a/b')], ['write', () => store.put('a/b', 1)], ['delete', () => store.delete('a/b')], ['list', () => store.list('a/')], ['list', () => store.scan('a/', { limit: 1 })], ['open', () => store.check!()]] as const) {
    await assert.rejects(run(), (error: unknown) => {
      assert.ok(error instanceof StoreError && error instanceof ToolError);
      assert.match(error.message, new RegExp(`^the store \\(folder /srv/x\\) failed to ${op} .*: no answer within 50 ms$`));
      assert.equal(error.advice, GUARD.hint);
      return true;
    });
  }
});

test('failures keep their cause; results pass through unchanged', async () => {
  const store = guardStore({ ...createMemoryStore(), put: async () => { throw new Error("EACCES: permission denied, open '/srv/x/a'"); } }, GUARD);
  await assert.rejects(store.put('a/b', 1), /folder \/srv\/x\) failed to write "a\/b": EACCES: permission denied, open '\/srv\/x\/a'/);
  const memory = guardStore(createMemoryStore(), GUARD);
  await memory.put('a/b', { n: 1 });
  assert.deepEqual(await memory.get('a/b'), { n: 1 });
  assert.deepEqual(await memory.list('a/'), ['a/b']);
  assert.deepEqual(await memory.scan('a/', { limit: 5 }), ['a/b']);
  assert.equal('check' in memory, false, 'no check when the store has none');
});
