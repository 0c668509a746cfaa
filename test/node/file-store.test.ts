/** The file store: the contract, the on-disk format, and several processes sharing one folder. */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { createFileStore, defaultStoreDir, legacyRecordPath, recordPath } from '../../src/node/file-store.js';
import { storeContract } from '../store/contract.js';

let root: string;
let dirs = 0;
const freshDir = () => join(root, `store-${dirs++}`);

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'oamcp-file-store-'));
});
after(() => rm(root, { recursive: true, force: true }));

storeContract('file', async () => {
  const dir = freshDir();
  return {
    store: createFileStore(dir),
    async putRaw(key, text) {
      const file = join(dir, ...recordPath(key));
      await mkdir(join(file, '..'), { recursive: true });
      await writeFile(file, text);
    },
  };
});

test('defaultStoreDir follows each platform\'s per-user data folder', () => {
  assert.equal(defaultStoreDir({}, 'linux', '/home/u'), '/home/u/.local/share/openai-assistants-mcp');
  assert.equal(defaultStoreDir({ XDG_DATA_HOME: '/data' }, 'linux', '/home/u'), '/data/openai-assistants-mcp');
  assert.equal(defaultStoreDir({ XDG_DATA_HOME: 'relative' }, 'linux', '/home/u'), '/home/u/.local/share/openai-assistants-mcp');
  assert.equal(defaultStoreDir({ XDG_DATA_HOME: '/data' }, 'darwin', '/Users/u'), '/Users/u/Library/Application Support/openai-assistants-mcp');
  assert.equal(defaultStoreDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u'), 'C:\\Users\\u\\AppData\\Roaming\\openai-assistants-mcp');
  assert.equal(defaultStoreDir({}, 'win32', 'C:\\Users\\u'), 'C:\\Users\\u\\AppData\\Roaming\\openai-assistants-mcp');
  assert.match(defaultStoreDir(), /openai-assistants-mcp$/);
});

test('file names: a folder per segment, safe on every platform, distinct under case folding, and split when long', () => {
  assert.deepEqual(recordPath('assistants/asst_AbC:1'), ['assistants%2F', 'asst_%41b%43%3A1.json']);
  assert.deepEqual(recordPath('runs/t.1-x'), ['runs%2F', 't.1-x.json']);
  assert.deepEqual(recordPath('ns/con/Nul'), ['ns%2F', 'con%2F', '%4Eul.json']);
  assert.deepEqual(legacyRecordPath('assistants/asst_AbC:1'), ['assistants%2Fasst_%41b%43%3A1.json']);
  assert.deepEqual(recordPath('con'), ['%63on.json']);
  assert.deepEqual(recordPath('Nul.txt'), ['%4Eul.txt.json']);
  assert.deepEqual(recordPath('console'), ['console.json']);
  assert.notEqual(recordPath('Case')[0].toLowerCase(), recordPath('case')[0].toLowerCase());
  const long = recordPath(`a/${'B'.repeat(300)}`);
  assert.equal(long[0], 'a%2F');
  assert.ok(long.length > 2 && long.slice(1, -1).every((name) => name.endsWith('~')) && long.at(-1)!.endsWith('.json'));
  assert.ok(long.every((name) => name.length <= 210 && !/[/\\:]/.test(name)));
});

test('records are {v:1,value} JSON files (0o600) in a folder made on first write (0o700)', async () => {
  const dir = join(freshDir(), 'nested', 'deeper');
  const store = createFileStore(dir);
  assert.equal(await store.get('assistants/a'), undefined);
  assert.deepEqual(await store.list(''), []);
  await store.delete('assistants/a');
  await assert.rejects(stat(dir), { code: 'ENOENT' });

  await store.put('assistants/asst_AbC:1', { name: 'n' });
  const file = join(dir, 'assistants%2F', 'asst_%41b%43%3A1.json');
  assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { v: 1, value: { name: 'n' } });
  if (process.platform !== 'win32') {
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
    assert.equal((await stat(join(dir, '..'))).mode & 0o777, 0o700);
    assert.equal((await stat(join(dir, 'assistants%2F'))).mode & 0o777, 0o700);
  }
  assert.deepEqual(await readdir(dir), ['assistants%2F']);
  // Deleting a folder's last record removes the folder, up to the store folder.
  await store.put('a/b/c', 1);
  await store.delete('a/b/c');
  assert.deepEqual((await readdir(dir)).sort(), ['assistants%2F']);
});

test('temp files and stray files are ignored; temp files older than a minute are removed', async () => {
  const dir = freshDir();
  const store = createFileStore(dir);
  await store.put('assistants/x', 1);
  const stale = join(dir, 'assistants%2F', 'y.json.4242.0123456789abcdef.tmp');
  const fresh = join(dir, 'assistants%2F', 'x.json.4243.0123456789abcdef.tmp');
  await writeFile(stale, '{"v":1,"val');
  await writeFile(fresh, '{"v":1,"value":"half');
  const old = new Date(Date.now() - 120_000);
  await utimes(stale, old, old);
  // Files this store would never write for any key: wrong case, lowercase escapes, other names.
  for (const name of ['README.txt', 'Assistants.json', 'assistants%2fz.json', 'con.json', 'a%2F%2Fb.json', 'assistants%2F/z%2Fq.json', 'assistants%2F/con.json']) await writeFile(join(dir, name), '{}');

  assert.deepEqual(await store.list(''), ['assistants/x']);
  assert.equal(await store.get('assistants/y'), undefined);
  assert.equal(await store.get('assistants/x'), 1);
  await assert.rejects(stat(stale), { code: 'ENOENT' });
  await stat(fresh);
});

test('records of the flat layout (releases up to 4.0) are read, listed, paged and moved to their folders on first use', async () => {
  const dir = freshDir();
  await mkdir(dir, { recursive: true });
  const long = `ns/threads/${'T'.repeat(150)}/runs/x`;
  const old = { 'ns/assistants/id/asst_A': { name: 'a' }, 'ns/assistants/order/001/asst_A': 1, 'ns/assistants/order/002/asst_B': 1, 'ns/kept': 'old', [long]: { long: true } };
  const plant = async (path: string[], value: unknown) => {
    await mkdir(join(dir, ...path.slice(0, -1)), { recursive: true });
    await writeFile(join(dir, ...path), JSON.stringify({ v: 1, value }));
  };
  for (const [key, value] of Object.entries(old)) await plant(legacyRecordPath(key), value);
  assert.ok(legacyRecordPath(long).length > 1, 'the long key sits in a split-name folder');
  // A record already in the new layout is newer than the flat one under the same key.
  await plant(recordPath('ns/kept'), 'new');

  const store = createFileStore(dir);
  assert.deepEqual(await store.scan('ns/assistants/order/', { limit: 1, reverse: true }), ['ns/assistants/order/002/asst_B']);
  assert.deepEqual(await store.get('ns/assistants/id/asst_A'), { name: 'a' });
  assert.deepEqual(await store.get(long), { long: true });
  assert.equal(await store.get('ns/kept'), 'new');
  assert.deepEqual(await store.list('ns/'), Object.keys(old).sort());
  assert.deepEqual(await readdir(dir), ['ns%2F'], 'the flat files and split-name folders are gone');
  assert.deepEqual(JSON.parse(await readFile(join(dir, ...recordPath('ns/assistants/id/asst_A')), 'utf8')), { v: 1, value: { name: 'a' } });
  await store.delete('ns/assistants/order/001/asst_A');
  assert.deepEqual(await createFileStore(dir).list('ns/assistants/order/'), ['ns/assistants/order/002/asst_B']);
});

const WRITER = fileURLToPath(new URL('./file-store-writer.js', import.meta.url));

interface Writer {
  child: ChildProcess;
  lines: string[];
  exited: Promise<unknown>;
  waitFor(count: number): Promise<void>;
}

function startWriter(...args: string[]): Writer {
  const child = spawn(process.execPath, [WRITER, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const exited = once(child, 'exit');
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const waiter of waiters.filter((w) => lines.length >= w.count)) waiter.resolve();
  });
  const waitFor = (count: number) =>
    new Promise<void>((resolve, reject) => {
      if (lines.length >= count) return resolve();
      waiters.push({ count, resolve });
      exited.then(() => reject(new Error(`writer ${args.join(' ')} exited after ${lines.length} lines`)));
    });
  return { child, lines, exited, waitFor };
}

/** Starts writers, waits until each is ready, then releases them together. */
async function race(...writers: string[][]): Promise<Writer[]> {
  const started = writers.map((args) => startWriter(...args));
  await Promise.all(started.map((w) => w.waitFor(1)));
  for (const w of started) w.child.stdin!.write('go\n');
  return started;
}

async function exitCodes(writers: Writer[]): Promise<void> {
  const results = await Promise.all(writers.map((w) => w.exited));
  assert.deepEqual(results, writers.map(() => [0, null]));
}

test('two processes creating 100 records each in one folder: all 200 are there and parse', async () => {
  const dir = freshDir();
  const began = performance.now();
  const writers = await race(['create', dir, 'p1', '100'], ['create', dir, 'p2', '100']);
  await exitCodes(writers);
  console.log(`file store: 2 processes x 100 concurrent creates took ${Math.round(performance.now() - began)} ms (incl. process start-up)`);

  const store = createFileStore(dir);
  const keys = await store.list('assistants/');
  assert.equal(keys.length, 200);
  for (const writer of ['p1', 'p2']) {
    for (let i = 0; i < 100; i++) assert.deepEqual(await store.get(`assistants/${writer}-${i}`), { writer, i });
  }
  assert.equal((await readdir(join(dir, 'assistants%2F'))).filter((name) => name.endsWith('.tmp')).length, 0);
});

test('two processes overwriting the same 20 keys: every record is whole, from one writer, even mid-race', async () => {
  const dir = freshDir();
  const store = createFileStore(dir);
  const writers = await race(['overwrite', dir, 'w1', '10'], ['overwrite', dir, 'w2', '10']);
  let done = false;
  const finished = exitCodes(writers).finally(() => (done = true));
  let reads = 0;
  // Read while they write: a reader must see the old or the new record, never a torn one.
  while (!done) {
    for (let i = 0; i < 20; i++) {
      const value = await store.get<{ writer: string; i: number }>(`shared/${i}`);
      if (value !== undefined) {
        assert.ok(value.writer === 'w1' || value.writer === 'w2');
        assert.equal(value.i, i);
        reads++;
      }
    }
  }
  await finished;
  assert.deepEqual(await store.list('shared/'), Array.from({ length: 20 }, (_, i) => `shared/${i}`).sort());
  for (let i = 0; i < 20; i++) {
    const value = await store.get<{ writer: string; i: number; round: number }>(`shared/${i}`);
    assert.ok(value && (value.writer === 'w1' || value.writer === 'w2') && value.i === i && value.round === 9);
  }
  assert.ok(reads > 0);
});

const BIG = 200_000;

/** How many record files `dir` holds, and whether some file is shorter than a whole record (a write under way). */
async function look(dir: string): Promise<{ records: number; partial: boolean }> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const sizes = await Promise.all(names.map((name) => stat(join(dir, name)).then((s) => s.size, () => BIG)));
  return { records: names.filter((name) => name.endsWith('.json')).length, partial: sizes.some((size) => size < BIG) };
}

test('a writer killed mid-write leaves no corrupt or half-written record', async () => {
  const dir = freshDir();
  const [writer] = await race(['flood', dir, 'k', '5']);
  // Once all 5 records exist, kill as soon as a file shows a write under way (or after 200 looks),
  // polling the folder so the moment is not tied to the writer's own progress reports.
  for (let looks = 0; ; ) {
    const { records, partial } = await look(join(dir, 'big%2F'));
    if (records >= 5 && (partial || ++looks > 200)) break;
  }
  writer.child.kill('SIGKILL');
  await writer.exited;

  const names = await readdir(join(dir, 'big%2F'));
  const records = names.filter((name) => name.endsWith('.json'));
  assert.equal(records.length, 5);
  for (const name of records) {
    const record = JSON.parse(await readFile(join(dir, 'big%2F', name), 'utf8'));
    assert.equal(record.v, 1);
    assert.equal(record.value.big.length, BIG);
  }
  const store = createFileStore(dir);
  const keys = await store.list('');
  assert.deepEqual(keys, ['big/0', 'big/1', 'big/2', 'big/3', 'big/4']);
  for (const key of keys) assert.equal((await store.get<{ big: string }>(key))!.big.length, BIG);
  // A temp file the kill left behind is younger than a minute, so list() keeps it, ignored.
  assert.ok(names.every((name) => name.endsWith('.json') || name.endsWith('.tmp')));
});

test('a folder that cannot be made fails at once with its path (Node\'s recursive mkdir never returns under /proc)', { skip: process.platform !== 'linux', timeout: 20_000 }, async () => {
  const store = createFileStore('/proc/nope/store');
  await assert.rejects(store.put('a/b', 1), /store directory \/proc\/nope\/store is not writable \(ENOENT.*--store DIR/s);
  await assert.rejects(store.check!(), /\/proc\/nope/);
});

test('check() makes the folder and passes when it is usable; fails for a file in the way', async () => {
  const dir = join(root, `check-${dirs++}`, 'deeper');
  await createFileStore(dir).check!();
  assert.ok((await stat(dir)).isDirectory());
  const file = join(root, `file-${dirs++}`);
  await writeFile(file, 'not a folder');
  await assert.rejects(createFileStore(file).check!(), /ENOTDIR|EACCES|EEXIST/);
});

/** Mounts a tmpfs on a fresh folder (root only); undefined, with the reason, where that is not possible. */
async function mountTmpfs(options: string): Promise<{ dir: string; unmount(): void } | { skip: string }> {
  if (process.platform !== 'linux') return { skip: 'tmpfs mounts need Linux' };
  if (process.getuid?.() !== 0) return { skip: 'mounting a tmpfs needs root' };
  const dir = freshDir();
  await mkdir(dir, { recursive: true });
  const { execFileSync } = await import('node:child_process');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    return { skip: `mount -t tmpfs failed (no CAP_SYS_ADMIN in this container?): ${String((error as Error).message).split('\n')[0]}` };
  }
  return { dir, unmount: () => execFileSync('umount', [dir]) };
}

async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String);
}

test('a full disk (ENOSPC on a 64 KiB tmpfs) fails the write clearly, leaves no temp file and loses nothing', async (t) => {
  const mounted = await mountTmpfs('size=64k');
  if ('skip' in mounted) return t.skip(mounted.skip);
  try {
    const store = createFileStore(join(mounted.dir, 'store'));
    await store.put('ns/a', { small: true });
    await assert.rejects(store.put('ns/b', { big: 'x'.repeat(256 * 1024) }), /store directory .* is on a full disk \(ENOSPC.*--store DIR/s);
    await assert.rejects(store.put('ns/a', { big: 'y'.repeat(256 * 1024) }), /full disk/);
    assert.deepEqual((await filesUnder(mounted.dir)).filter((name) => name.endsWith('.tmp')), [], 'no partial temp file');
    assert.deepEqual(await store.get('ns/a'), { small: true }, 'the acknowledged record is intact');
    assert.deepEqual(await store.list('ns/'), ['ns/a']);
  } finally {
    mounted.unmount();
  }
});

test('a read-only file system is reported as such, naming the folder and --store', async (t) => {
  const mounted = await mountTmpfs('ro,size=64k');
  if ('skip' in mounted) return t.skip(mounted.skip);
  try {
    const dir = join(mounted.dir, 'not-yet-made');
    await assert.rejects(createFileStore(dir).put('ns/a', 1), (error: Error) => {
      assert.ok(error.message.startsWith(`store directory ${dir} is not writable (EROFS`), error.message);
      assert.match(error.message, /choose another with --store DIR \(MCP_STORE_DIR\)/);
      return true;
    });
  } finally {
    mounted.unmount();
  }
});
