/** The path sandbox: only regular files inside the allowed roots are read; every escape is refused before reading. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { ToolError } from '../../src/errors.js';
import { createLocalFiles } from '../../src/node/local-files.js';

const base = realpathSync(mkdtempSync(join(tmpdir(), 'mcp-sandbox-')));
const root = join(base, 'root');
const outside = join(base, 'outside');
mkdirSync(join(root, 'sub'), { recursive: true });
mkdirSync(outside);
writeFileSync(join(root, 'ok.txt'), 'inside');
writeFileSync(join(outside, 'secret.txt'), 'SECRET');
symlinkSync(join(outside, 'secret.txt'), join(root, 'link-out.txt'));
symlinkSync(outside, join(root, 'dir-out'));
symlinkSync(join(root, 'ok.txt'), join(root, 'link-in.txt'));
symlinkSync('/proc/self/environ', join(root, 'environ'));
symlinkSync('/dev/zero', join(root, 'zero'));
execFileSync('mkfifo', [join(root, 'pipe')]);

const files = createLocalFiles([root]);
const MAX = 1024 * 1024;

async function refused(path: string, pattern: RegExp, roots = files) {
  await assert.rejects(roots.open(path, [], MAX), (error: unknown) => {
    assert.ok(error instanceof ToolError, String(error));
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes('SECRET'));
    return true;
  });
}

async function readAll(source: Uint8Array | AsyncIterable<Uint8Array>): Promise<string> {
  if (source instanceof Uint8Array) return Buffer.from(source).toString();
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString();
}

test('a regular file inside a root is opened, read in ranges, and closed', async () => {
  const file = await files.open(join(root, 'ok.txt'), [], MAX);
  assert.equal(file.size, 6);
  assert.equal(file.contentType, 'text/plain');
  assert.equal(await readAll(file.read(0, 6)), 'inside');
  assert.equal(await readAll(file.read(2, 4)), 'si', 'a second read of a range, as an upload part does');
  await file.close();
  const viaLink = await files.open(join(root, 'link-in.txt'), [], MAX);
  assert.equal(viaLink.path, join(root, 'ok.txt'), 'a link that stays inside resolves to its target');
  await viaLink.close();
});

test('escapes are refused: .., symlinks out, /proc, devices, pipes, directories, relative paths', async () => {
  await refused(join(root, '..', 'outside', 'secret.txt'), /is outside the allowed folders/);
  await refused(`${root}/sub/../../outside/secret.txt`, /is outside the allowed folders/);
  await refused(join(root, 'link-out.txt'), /leads outside the allowed folders/);
  await refused(join(root, 'dir-out', 'secret.txt'), /leads outside the allowed folders/);
  await refused('/proc/self/environ', /is outside the allowed folders/);
  await refused(join(root, 'environ'), /leads outside/);
  await refused(join(root, 'zero'), /leads outside/);
  await refused('/dev/null', /is outside the allowed folders/);
  await refused(join(root, 'pipe'), /is a pipe, not a regular file/);
  await refused(join(root, 'sub'), /is a directory, not a regular file/);
  await refused('ok.txt', /must be an absolute path/);
  await refused(`${root}/ok.txt\0`, /must be an absolute path/);
  await refused(join(root, 'missing.txt'), /does not exist/);
  await refused(join(outside, 'missing.txt'), /is outside the allowed folders/, files);
  // Existence outside the roots is never revealed: the lexical check comes before any file-system call.
});

test('a root of / still never reads pseudo files or devices', async () => {
  const everything = createLocalFiles(['/']);
  await refused('/proc/self/environ', /leads outside/, everything);
  await refused('/dev/zero', /leads outside/, everything);
});

test('without any root, path uploads are refused with how to allow one', async () => {
  await refused(join(root, 'ok.txt'), /no allowed folder.*/, createLocalFiles([]));
  await assert.rejects(createLocalFiles([]).open(join(root, 'ok.txt'), [], MAX), (error: ToolError) => /MCP_FILE_ROOTS/.test(error.advice));
});

test('roots shared by the client (file:// URIs) count as allowed folders', async () => {
  const none = createLocalFiles([]);
  const file = await none.open(join(root, 'ok.txt'), [pathToFileURL(root).href, 'https://not-a-file.example/'], MAX);
  assert.equal(file.size, 6);
  await file.close();
});

test('files above the size limit are refused before reading', async () => {
  await refused(join(root, 'ok.txt'), /has 6 bytes; uploads take at most 5/, { ...files, open: (p, r) => files.open(p, r, 5) } as typeof files);
});

test('save writes a new file inside a root, never overwrites, never leaves the root', async () => {
  const first = await files.save(join(root, 'sub'), '../report.csv', new TextEncoder().encode('a,b'), []);
  assert.equal(first, join(root, 'sub', 'report.csv'));
  const second = await files.save(join(root, 'sub'), 'report.csv', new TextEncoder().encode('c,d'), []);
  assert.equal(second, join(root, 'sub', 'report-1.csv'));
  assert.equal(readFileSync(first, 'utf8'), 'a,b');
  await assert.rejects(files.save(outside, 'x.txt', new Uint8Array(), []), /is outside the allowed folders/);
  await assert.rejects(files.save(join(root, 'dir-out'), 'x.txt', new Uint8Array(), []), /leads outside/);
});

test('a device node inside a root is refused by its type (needs mknod, i.e. root)', async (t) => {
  const device = join(root, 'null-device');
  try {
    execFileSync('mknod', [device, 'c', '1', '3'], { stdio: 'ignore' });
  } catch {
    return t.skip('mknod is not permitted here');
  }
  await refused(device, /is a device, not a regular file/);
});
