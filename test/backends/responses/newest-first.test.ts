/**
 * The newest-first index pages exactly as cutting the whole list would (pagination.ts's
 * `paginate`), on the memory and file stores, over 10 and 1,200 entries; deletes, entries of
 * the old layout and two writing processes.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { entryId, entryKey, pageIndex, type NewestFirst } from '../../../src/backends/responses/newest-first.js';
import { paginate, type PageArgs } from '../../../src/backends/responses/pagination.js';
import { ToolError } from '../../../src/errors.js';
import { createFileStore } from '../../../src/node/file-store.js';
import { createMemoryStore } from '../../../src/store/memory.js';
import type { Store } from '../../../src/store/types.js';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'oamcp-newest-first-'));
});
after(() => rm(root, { recursive: true, force: true }));

const order = (ms: number) => String(ms).padStart(15, '0');

interface Seeded {
  index: NewestFirst;
  /** Every id, oldest first, as `paginate` takes them. */
  oldestFirst: string[];
  orders: Map<string, string>;
}

/** `count` entries a few ms apart, every seventh sharing its neighbour's millisecond (two processes). */
async function seed(store: Store, prefix: string, count: number): Promise<Seeded> {
  const orders = new Map<string, string>();
  let ms = 1_764_000_000_000;
  for (let i = 0; i < count; i++) {
    if (i % 7 !== 3) ms += 1 + (i % 5) * 40;
    orders.set(`obj_${String((i * 7919) % 10007).padStart(5, '0')}`, order(ms));
  }
  const entries = [...orders];
  for (let i = 0; i < entries.length; i += 50) await Promise.all(entries.slice(i, i + 50).map(([id, o]) => store.put(entryKey(prefix, o, id), 1)));
  // Independent of the key encoding: older first; in one millisecond, the higher id first.
  const oldestFirst = entries.sort(([a, oa], [b, ob]) => (oa !== ob ? (oa < ob ? -1 : 1) : a < b ? 1 : -1)).map(([id]) => id);
  const index: NewestFirst = { prefix, legacyPrefix: `${prefix.slice(0, -'newest/'.length)}order/`, orderOf: async (id) => orders.get(id), listTool: 'thing-list' };
  return { index, oldestFirst, orders };
}

function cases(ids: string[]): PageArgs[] {
  const at = [0, 1, Math.floor(ids.length / 2), ids.length - 2, ids.length - 1].map((i) => ids[i]);
  const out: PageArgs[] = [];
  for (const order of ['asc', 'desc', undefined] as const) {
    for (const limit of [1, 3, 20, 100, undefined]) {
      out.push({ order, limit });
      for (const cursor of at) out.push({ order, limit, after: cursor }, { order, limit, before: cursor });
      out.push({ order, limit, after: at[1], before: at[3] }, { order, limit, after: at[3], before: at[1] });
    }
  }
  return out;
}

async function crossCheck(store: Store, prefix: string, count: number): Promise<void> {
  const { index, oldestFirst } = await seed(store, prefix, count);
  for (const args of cases(oldestFirst)) {
    assert.deepEqual(await pageIndex(store, index, args), paginate(oldestFirst, args, 'thing-list'), JSON.stringify(args));
  }
  // Walking every page by last_id visits every entry once, in order, both ways.
  for (const order of ['asc', 'desc'] as const) {
    const seen: string[] = [];
    for (let after: string | undefined; ; ) {
      const page = await pageIndex(store, index, { order, limit: 97, after });
      seen.push(...page.ids);
      if (!page.has_more) break;
      after = page.ids.at(-1);
    }
    assert.deepEqual(seen, order === 'asc' ? oldestFirst : [...oldestFirst].reverse());
  }
}

const stores: [string, () => Store][] = [
  ['memory', () => createMemoryStore()],
  ['file', () => createFileStore(join(root, `store-${Math.random().toString(36).slice(2)}`))],
];

for (const [name, open] of stores) {
  for (const count of [10, 1200]) {
    test(`${name} store, ${count} entries: every limit/order/after/before page equals the page cut from the whole list`, async () => {
      await crossCheck(open(), 'ns/things/newest/', count);
    });
  }
}

test('entry keys: complemented digits split 5/2/2/2/2/2, then the id; ascending keys are newest first', () => {
  assert.equal(entryKey('p/', '001764000000123', 'asst_x.1'), 'p/99823/59/99/99/98/76.asst_x.1');
  assert.equal(entryId('p/99823/59/99/99/98/76.asst_x.1'), 'asst_x.1');
  assert.ok(entryKey('p/', order(1001), 'a') < entryKey('p/', order(1000), 'a'));
  assert.throws(() => entryKey('p/', '12', 'a'), /not 15 digits/);
});

test('a cursor not in the index is refused, naming the list tool; an unreadable record still finds its entry', async () => {
  const store = createMemoryStore();
  const { index, oldestFirst, orders } = await seed(store, 'ns/things/newest/', 30);
  await assert.rejects(pageIndex(store, index, { after: 'obj_missing' }), (error: unknown) => {
    assert.ok(error instanceof ToolError);
    assert.equal(error.message, 'after="obj_missing" is not an id in this list.');
    assert.match(error.advice ?? '', /thing-list returned/);
    return true;
  });
  const unreadable = { ...index, orderOf: async (id: string) => (id === oldestFirst[10] ? Promise.reject(new Error('corrupt')) : orders.get(id)) };
  assert.deepEqual(await pageIndex(store, unreadable, { before: oldestFirst[10], limit: 2 }), paginate(oldestFirst, { before: oldestFirst[10], limit: 2 }, 'thing-list'));
});

test('deleted entries leave the pages; entries of the old layout are listed in order and moved', async () => {
  const store = createMemoryStore();
  const { index, oldestFirst } = await seed(store, 'ns/things/newest/', 40);
  // An earlier release's entries: `order/<order>/<id>`, one of them older than all, one newest.
  const orders = new Map([
    ['obj_old', order(1)],
    ['obj_new', order(9e14)],
  ]);
  for (const [id, o] of orders) await store.put(`${index.legacyPrefix}${o}/${id}`, 1);
  const mixed = { ...index, orderOf: async (id: string) => orders.get(id) ?? (await index.orderOf(id)) };
  for (const id of [oldestFirst[39], oldestFirst[20]]) await store.delete(entryKey(index.prefix, (await index.orderOf(id))!, id));
  const kept = oldestFirst.filter((_, i) => i !== 39 && i !== 20);
  assert.deepEqual((await pageIndex(store, mixed, { limit: 100, order: 'asc' })).ids, ['obj_old', ...kept, 'obj_new']);
  assert.deepEqual(await store.list(index.legacyPrefix), [], 'moved to the new layout');
  assert.deepEqual((await pageIndex(store, mixed, { limit: 100 })).ids, ['obj_new', ...kept.reverse(), 'obj_old']);
  assert.deepEqual((await pageIndex(store, mixed, { limit: 1, after: 'obj_new' })).ids, [kept[0]]);
});

const WRITER = fileURLToPath(new URL('../../node/file-store-writer.js', import.meta.url));

test('two processes adding 150 entries each to one file store: every entry is paged, newest first', async () => {
  const dir = join(root, 'two-writers');
  const writers = ['w1', 'w2'].map((name) => spawn(process.execPath, [WRITER, 'index', dir, name, '150'], { stdio: ['pipe', 'pipe', 'inherit'] }));
  await Promise.all(writers.map((w) => once(w.stdout!, 'data')));
  for (const w of writers) w.stdin!.write('go\n');
  assert.deepEqual(await Promise.all(writers.map((w) => once(w, 'exit'))), [
    [0, null],
    [0, null],
  ]);
  const store = createFileStore(dir);
  const index: NewestFirst = { prefix: 'ns/things/newest/', legacyPrefix: 'ns/things/order/', orderOf: async () => undefined, listTool: 'thing-list' };
  const ids: string[] = [];
  for (let after: string | undefined; ; ) {
    const page = await pageIndex(store, index, { limit: 100, after });
    ids.push(...page.ids);
    if (!page.has_more) break;
    after = page.ids.at(-1);
  }
  assert.equal(ids.length, 300);
  assert.equal(new Set(ids).size, 300);
  for (const name of ['w1', 'w2']) {
    const mine = ids.filter((id) => id.startsWith(name)).map((id) => Number(id.split('-')[1]));
    assert.deepEqual(mine, Array.from({ length: 150 }, (_, i) => 149 - i), `${name}'s entries newest first`);
  }
});
