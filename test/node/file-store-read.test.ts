/** Reading a record file until a read of nothing: every size (one read, several, the boundaries between), multi-byte text across them, and the errors. */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readSmallFile } from '../../src/node/file-store-read.js';
import { createFileStore } from '../../src/node/file-store.js';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'oamcp-file-read-'));
});
after(() => rm(root, { recursive: true, force: true }));

test('files of every size read whole, with multi-byte characters split across reads', async () => {
  const k = 16 * 1024;
  for (const size of [0, 1, k - 1, k, k + 1, 2 * k, 3 * k - 1, 3 * k, 3 * k + 1, 7 * k, 7 * k + 5, 200_000]) {
    // 'é' is two bytes and '€' three: their bytes straddle every read boundary somewhere in the text.
    const text = Array.from({ length: size }, (_, i) => (i % 7 === 3 ? 'é' : i % 11 === 5 ? '€' : 'x')).join('').slice(0, size);
    const file = join(root, `f${size}`);
    await writeFile(file, text);
    assert.equal(await readSmallFile(file), text, `${size} characters`);
  }
});

test('a missing file, a folder and a missing folder fail as fs.promises.readFile does; the store reads them as no record', async () => {
  await assert.rejects(readSmallFile(join(root, 'missing')), { code: 'ENOENT' });
  await assert.rejects(readSmallFile(join(root, 'missing', 'x')), { code: 'ENOENT' });
  await mkdir(join(root, 'folder'), { recursive: true });
  await assert.rejects(readSmallFile(join(root, 'folder')), { code: 'EISDIR' });
  await writeFile(join(root, 'file'), 'x');
  await assert.rejects(readSmallFile(join(root, 'file', 'x')), { code: 'ENOTDIR' });
  const store = createFileStore(join(root, 'store'));
  assert.equal(await store.get('a/b'), undefined);
  const big = { text: 'é€'.repeat(30_000) };
  await store.put('a/b', big);
  assert.deepEqual(await store.get('a/b'), big);
});
