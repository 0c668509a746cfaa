/** The operator log's batched stderr: one write per event-loop turn, in order, and nothing lost at exit. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { batchedLines } from '../../src/node/stderr-lines.js';

const MODULE = fileURLToPath(new URL('../../src/node/stderr-lines.js', import.meta.url));

test('lines of one turn go out together, in order, once the turn ends', async () => {
  const writes: string[] = [];
  const lines = batchedLines((text) => writes.push(text));
  lines.write('a\n');
  lines.write('b\n');
  lines.write('c\n');
  assert.deepEqual(writes, [], 'nothing is written during the turn');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(writes, ['a\nb\nc\n']);
  lines.write('d\n');
  lines.flush();
  assert.deepEqual(writes, ['a\nb\nc\n', 'd\n'], 'flush writes at once (before a direct stderr message)');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(writes.length, 2, 'an empty queue writes nothing');
});

test('a large turn is written as it grows, not held whole', () => {
  const writes: string[] = [];
  const lines = batchedLines((text) => writes.push(text));
  const line = `${'x'.repeat(1023)}\n`;
  for (let i = 0; i < 200; i++) lines.write(line);
  assert.ok(writes.length >= 3, `wrote ${writes.length} times`);
  lines.flush();
  assert.equal(writes.join(''), line.repeat(200));
});

for (const [exit, code] of [['process.exit(3)', 3], ['the event loop ending', 0], ['an uncaught exception', 1]] as const) {
  test(`every queued line reaches stderr on ${exit}`, () => {
    const end = exit === 'process.exit(3)' ? 'process.exit(3);' : exit === 'an uncaught exception' ? "throw new Error('boom');" : '';
    const script = `const { batchedLines } = await import(${JSON.stringify(MODULE)});
      const lines = batchedLines();
      for (let i = 0; i < 5000; i++) lines.write('line ' + i + '\\n');
      ${end}`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(child.status, code);
    const got = child.stderr.split('\n').filter((l) => l.startsWith('line '));
    assert.equal(got.length, 5000, child.stderr.slice(-300));
    assert.deepEqual(got.slice(0, 3), ['line 0', 'line 1', 'line 2']);
    assert.equal(got[4999], 'line 4999');
  });
}
