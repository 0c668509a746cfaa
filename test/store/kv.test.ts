/** The KV store against a real Workers KV binding from Miniflare (workerd). */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Miniflare } from 'miniflare';
import { createKvStore, type KvNamespaceLike } from '../../src/store/kv.js';
import { storeContract } from './contract.js';

let mf: Miniflare;
let namespaces = 0;

before(async () => {
  mf = new Miniflare({
    modules: true,
    script: 'export default { fetch() { return new Response("") } }',
    compatibilityDate: '2025-09-01',
    kvNamespaces: ['STORE', 'PAGED', 'SHARED'],
  });
  await mf.ready;
});
after(() => mf?.dispose());

// Miniflare types the binding with @cloudflare/workers-types, which is not installed (and
// not wanted): its declared type degrades, so assert the shape the store declares.
const binding = async (name: string) => (await mf.getKVNamespace(name)) as unknown as KvNamespaceLike;

storeContract('Workers KV', async () => {
  if (namespaces++) throw new Error('the contract opens one KV namespace');
  const kv = await binding('STORE');
  return { store: createKvStore(kv), putRaw: (key, text) => kv.put(key, text) };
});

test('list follows cursors across pages', async () => {
  const real = await binding('PAGED');
  const calls: { prefix?: string; cursor?: string }[] = [];
  // Real KV pages at 1000 keys; a limit of 3 makes the same cursors appear with few keys.
  const paged: KvNamespaceLike = {
    get: (key, type) => real.get(key, type),
    put: (key, value) => real.put(key, value),
    delete: (key) => real.delete(key),
    list: (options) => {
      calls.push(options);
      return (real as unknown as { list(o: object): ReturnType<KvNamespaceLike['list']> }).list({ ...options, limit: 3 });
    },
  };
  const store = createKvStore(paged);
  const keys = Array.from({ length: 10 }, (_, i) => `p/${String(i).padStart(2, '0')}`);
  for (const key of [...keys].reverse()) await store.put(key, key);
  await store.put('q/outside', 1);
  assert.deepEqual(await store.list('p/'), keys);
  assert.equal(calls.length, 4);
  assert.deepEqual(calls[0], { prefix: 'p/' });
  assert.ok(calls.slice(1).every((call) => call.prefix === 'p/' && typeof call.cursor === 'string' && call.cursor.length > 0));
});

test('keys in a shared namespace that are not store keys are left out of list', async () => {
  const kv = await binding('SHARED');
  await kv.put('x/other app key', 'raw');
  await kv.put('x//double', 'raw');
  const store = createKvStore(kv);
  await store.put('x/mine', 1);
  assert.deepEqual(await store.list('x/'), ['x/mine']);
  assert.equal(await kv.get('x/mine', 'text'), '{"v":1,"value":1}');
});
