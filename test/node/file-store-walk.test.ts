/** Reading the file store's folders: a scan opens only the folders below its prefix, and takes only the names this layout writes. */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { createFileStore } from '../../src/node/file-store.js';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'oamcp-file-walk-'));
});
after(() => rm(root, { recursive: true, force: true }));

test('a scan reads the folders below its prefix, none of their parents (a namespace or thread folder may hold thousands)', async (t) => {
  const dir = join(root, 'prefix');
  const store = createFileStore(dir);
  for (const key of ['ns/threads/t1/runs/newest/00/1.a', 'ns/threads/t1/runs/newest/01/2.b', 'ns/threads/t1/thread', 'ns/threads/t2/thread', 'other/x']) await store.put(key, 1);
  await store.list(''); // opened: the legacy check has run
  const read: string[] = [];
  const readdir = fs.readdir.bind(fs);
  t.mock.method(fs, 'readdir', (path: string, ...rest: []) => {
    read.push(relative(dir, path));
    return readdir(path, ...rest);
  });
  assert.deepEqual(await store.scan('ns/threads/t1/runs/newest/', { limit: 5 }), ['ns/threads/t1/runs/newest/00/1.a', 'ns/threads/t1/runs/newest/01/2.b']);
  assert.deepEqual(read, ['ns%2F/threads%2F/t1%2F/runs%2F/newest%2F', 'ns%2F/threads%2F/t1%2F/runs%2F/newest%2F/00%2F', 'ns%2F/threads%2F/t1%2F/runs%2F/newest%2F/01%2F']);
  // A prefix that ends inside a segment starts at the folder of its whole segments.
  read.length = 0;
  assert.deepEqual(await store.scan('ns/threads/t', { limit: 5, reverse: true }), ['ns/threads/t2/thread', 'ns/threads/t1/thread', 'ns/threads/t1/runs/newest/01/2.b', 'ns/threads/t1/runs/newest/00/1.a']);
  assert.equal(read[0], 'ns%2F/threads%2F');
  assert.deepEqual(await store.scan('', { limit: 1, reverse: true }), ['other/x']);
  assert.deepEqual(await store.scan('none/at/all/', { limit: 1 }), []);
});

test('a scan takes only the names this layout writes for a key, in every folder below the prefix', async () => {
  const dir = join(root, 'names');
  const store = createFileStore(dir);
  await store.put('ns/items/x', 1);
  await store.put('ns/items/sub/y', 1);
  const items = join(dir, 'ns%2F', 'items%2F');
  // Names that decode to a valid key but are not its name here: an escaped safe character,
  // an unescaped device name, a folder spelled with an escape, and a file inside it.
  await mkdir(join(items, '%78%2F'), { recursive: true });
  for (const name of ['%78.json', 'con.json', '%78%2F/y.json', 'sub%2F/%79.json']) await writeFile(join(items, name), '{"v":1,"value":2}');
  assert.deepEqual(await store.scan('ns/items/', { limit: 10 }), ['ns/items/sub/y', 'ns/items/x']);
  assert.deepEqual(await store.scan('ns/', { limit: 10, reverse: true }), ['ns/items/x', 'ns/items/sub/y']);
  assert.deepEqual(await store.list('ns/'), ['ns/items/sub/y', 'ns/items/x']);
});
