/**
 * The lock around installs into .cache/ (scripts/conformance/tools.mjs): test files run in
 * parallel and worktrees share one cache, so two installs of one package must never overlap.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const { withLock } = await import(pathToFileURL(join(ROOT, 'scripts', 'conformance', 'tools.mjs')).href);

test('a second holder waits until the first is done; the lock is gone afterwards, even after a throw', async () => {
  const lock = join(mkdtempSync(join(tmpdir(), 'install-lock-')), 'pkg.lock');
  const events: string[] = [];
  let release!: () => void;
  let entered!: () => void;
  const inside = new Promise<void>((resolve) => (entered = resolve));
  const first = withLock(lock, async () => {
    events.push('first in');
    entered();
    await new Promise<void>((resolve) => (release = resolve));
    events.push('first out');
  });
  await inside;
  const second = withLock(lock, async () => {
    events.push('second in');
    throw new Error('install failed');
  });
  await sleep(700); // several of the waiter's polls
  assert.deepEqual(events, ['first in'], 'the second holder waits');
  release();
  await first;
  await assert.rejects(second, /install failed/);
  assert.deepEqual(events, ['first in', 'first out', 'second in']);
  assert.equal(existsSync(lock), false);
});

test('a lock left by a process that died is taken over', async () => {
  const lock = join(mkdtempSync(join(tmpdir(), 'install-lock-')), 'pkg.lock');
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  mkdirSync(lock);
  writeFileSync(join(lock, 'pid'), dead.stdout);
  assert.equal(await withLock(lock, async () => 'ran'), 'ran');
  assert.equal(existsSync(lock), false);
});
