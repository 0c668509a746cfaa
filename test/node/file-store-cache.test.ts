/**
 * The file store's per-process cache: listings and record texts are reused only while their
 * folder is unchanged, whichever process changes it, and never for a folder changed too recently to tell.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { promises as fs } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { createFolderCache, listingChars, stampOf } from '../../src/node/file-store-cache.js';
import type { Entry } from '../../src/node/file-store-paths.js';
import { createFileStore, recordPath } from '../../src/node/file-store.js';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'oamcp-file-cache-'));
});
after(() => rm(root, { recursive: true, force: true }));

const WRITER = fileURLToPath(new URL('./file-store-writer.js', import.meta.url));
/** Past the settle time, so what is read next may be kept. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 250));

async function write(dir: string, mode: string, name: string, count: number): Promise<void> {
  const writer = spawn(process.execPath, [WRITER, mode, dir, name, String(count)], { stdio: ['pipe', 'pipe', 'inherit'] });
  await once(writer.stdout!, 'data');
  writer.stdin!.write('go\n');
  assert.deepEqual(await once(writer, 'exit'), [0, null]);
}

test('a record is not read again while its folder is unchanged; a write or delete by another process is seen at once', async () => {
  const dir = join(root, 'records');
  const store = createFileStore(dir);
  for (let i = 0; i < 3; i++) await store.put(`assistants/p-${i}`, { old: i });
  await settle();
  assert.deepEqual(await store.get('assistants/p-1'), { old: 1 });
  // An edit in place (the store never writes so) leaves the folder as it was: the kept text answers.
  await writeFile(join(dir, ...recordPath('assistants/p-1')), JSON.stringify({ v: 1, value: 'edited in place' }));
  assert.deepEqual(await store.get('assistants/p-1'), { old: 1 });
  // Another process renames new records into the folder: every record is read anew.
  await write(dir, 'create', 'p', 2);
  assert.deepEqual(await store.get('assistants/p-1'), { writer: 'p', i: 1 });
  assert.deepEqual(await store.get('assistants/p-2'), { old: 2 });
  await settle();
  assert.deepEqual(await store.get('assistants/p-0'), { writer: 'p', i: 0 });
  await createFileStore(dir).delete('assistants/p-0');
  assert.equal(await store.get('assistants/p-0'), undefined);
  assert.deepEqual(await store.list('assistants/'), ['assistants/p-1', 'assistants/p-2']);
});

test('a page comes from kept listings only after their folders are checked; entries another process adds are paged', async (t) => {
  const dir = join(root, 'index');
  const store = createFileStore(dir);
  await write(dir, 'index', 'a', 120);
  await settle();
  const all = async () => {
    const keys: string[] = [];
    for (let after: string | undefined; ; ) {
      const page = await store.scan('ns/things/newest/', { limit: 50, after });
      keys.push(...page);
      if (page.length < 50) return keys;
      after = page.at(-1);
    }
  };
  const first = await all();
  assert.equal(first.length, 120);
  const read: string[] = [];
  const readdir = fs.readdir.bind(fs);
  t.mock.method(fs, 'readdir', (path: string, ...rest: []) => {
    read.push(path);
    return readdir(path, ...rest);
  });
  assert.deepEqual(await all(), first);
  assert.deepEqual(read, [], 'every folder was kept');
  await write(dir, 'index', 'b', 130);
  const second = await all();
  assert.equal(second.length, 250);
  assert.ok(read.length > 0);
  assert.deepEqual(second.filter((key) => key.includes('.a-')), first);
  const mine = second.filter((key) => key.includes('.b-')).map((key) => Number(key.split('.b-')[1]));
  assert.deepEqual(mine, Array.from({ length: 130 }, (_, i) => 129 - i), 'the new entries, newest first');
  await createFileStore(dir).delete(first[0]);
  assert.deepEqual((await store.scan('ns/things/newest/', { limit: 300 })).filter((key) => key.includes('.a-')), first.slice(1));
});

test('a folder changed less than 100 ms before it is stat\'ed is not settled, so nothing read from it is kept', async (t) => {
  const folder = join(root, 'stamps');
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'x'), '1');
  const changed = (await stat(folder, { bigint: true })).ctimeNs / 1_000_000n;
  t.mock.timers.enable({ apis: ['Date'], now: Number(changed) + 50 });
  const recent = await stampOf(folder);
  assert.equal(recent?.settled, false);
  t.mock.timers.setTime(Number(changed) + 150);
  const later = await stampOf(folder);
  assert.equal(later?.settled, true);
  assert.equal(later?.value, recent?.value);
  assert.equal(await stampOf(join(folder, 'missing')), undefined);
  const cache = createFolderCache();
  cache.keep(folder, recent!, { name: 'x', text: '1' });
  assert.equal(cache.text(folder, recent!.value, 'x'), undefined);
  cache.keep(folder, later!, { name: 'x', text: '1' });
  assert.equal(cache.text(folder, later!.value, 'x'), '1');
  assert.equal(cache.text(folder, 'another stamp', 'x'), undefined);
});

test('the cache holds at most its characters and folders, dropping the least recently used; a new stamp drops a folder', () => {
  const listing: Entry[] = [{ kind: 'record', name: 'a.json', piece: 'a' }];
  // Room for four such listings; no one listing or text may take over a quarter.
  const cache = createFolderCache({ chars: 4 * listingChars(listing), folders: 3 });
  const stamp = (value: string) => ({ value, settled: true });
  cache.keep('f1', stamp('s1'), { name: 'a', text: 'x'.repeat(20) });
  cache.keep('f2', stamp('s2'), { name: 'a', text: 'x'.repeat(20) });
  cache.keep('f3', stamp('s3'), { entries: listing });
  cache.keep('f3', stamp('s3'), { name: 'big', text: 'x'.repeat(listingChars(listing) + 1) });
  assert.equal(cache.text('f3', 's3', 'big'), undefined, 'a text over a quarter of the budget is not kept');
  assert.equal(cache.text('f1', 's1', 'a')?.length, 20);
  cache.keep('f4', stamp('s4'), { name: 'a', text: 'x'.repeat(10) });
  assert.equal(cache.text('f2', 's2', 'a'), undefined, 'f2 was used least recently');
  assert.deepEqual(cache.entries('f3'), { stamp: 's3', entries: listing });
  for (const n of [5, 6, 7]) cache.keep('f1', stamp('s1'), { name: `n${n}`, text: 'x'.repeat(50) });
  assert.equal(cache.text('f1', 's1', 'n7')?.length, 50);
  assert.equal(cache.text('f4', 's4', 'a'), undefined, 'over the characters: the least recently used went');
  const many: Entry[] = Array.from({ length: 10 }, (_, i) => ({ kind: 'record', name: `n${i}.json`, piece: `n${i}` }));
  cache.keep('f5', stamp('s5'), { entries: many });
  assert.equal(cache.entries('f5'), undefined, 'a listing over a quarter of the budget is not kept');
  const small = createFolderCache({ chars: 4 * listingChars(listing), folders: 3 });
  small.keep('g1', stamp('t1'), { entries: listing });
  small.keep('g2', stamp('t2'), { entries: listing });
  small.keep('g2', stamp('t2'), { entries: listing });
  for (const name of ['y', 'z']) small.keep('g3', stamp('t3'), { name, text: 'x'.repeat(50) });
  assert.deepEqual(small.entries('g1'), { stamp: 't1', entries: listing }, 'a listing kept twice counts once');
  cache.keep('f1', stamp('s1b'), { name: 'b', text: 'y' });
  assert.equal(cache.text('f1', 's1', 'n7'), undefined);
  assert.equal(cache.text('f1', 's1b', 'b'), 'y');
  cache.drop('f1');
  assert.equal(cache.text('f1', 's1b', 'b'), undefined);
});

test('the records of one page share one stat of their folder; reads begun later stat it again', async (t) => {
  const dir = join(root, 'shared-stat');
  const store = createFileStore(dir);
  for (let i = 0; i < 20; i++) await store.put(`runs/r${i}`, i);
  await settle();
  const statted: string[] = [];
  const statOf = fs.stat.bind(fs);
  t.mock.method(fs, 'stat', (path: string, ...rest: []) => {
    statted.push(path);
    return statOf(path, ...rest);
  });
  const keys = Array.from({ length: 20 }, (_, i) => `runs/r${i}`);
  assert.deepEqual(await Promise.all(keys.map((key) => store.get(key))), keys.map((_, i) => i));
  assert.equal(statted.length, 1);
  assert.deepEqual(await Promise.all(keys.map((key) => store.get(key))), keys.map((_, i) => i));
  assert.equal(statted.length, 2, 'a second page stats again');
  // A write that ends before a read begins is seen by it, even among reads begun together.
  const racing = keys.map(async (key, i) => {
    if (i === 5) await createFileStore(dir).put(key, 'new');
    return store.get(key);
  });
  assert.equal((await Promise.all(racing))[5], 'new');
});
