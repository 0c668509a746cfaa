/**
 * A child process for file-store.test.ts: prints "ready", waits for a line on stdin so
 * several writers start together, then writes records to a shared store folder.
 * Usage: file-store-writer.js create|overwrite|flood|index <dir> <name> <count>
 */
import { createOrderClock } from '../../src/backends/responses/ids.js';
import { entryKey } from '../../src/backends/responses/newest-first.js';
import { createFileStore } from '../../src/node/file-store.js';

const [mode, dir, name, count] = process.argv.slice(2);
const store = createFileStore(dir);

process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
process.stdin.destroy();

if (mode === 'create') {
  for (let i = 0; i < Number(count); i++) await store.put(`assistants/${name}-${i}`, { writer: name, i });
} else if (mode === 'index') {
  // Entries of a newest-first index (newest-first.test.ts), as assistant-create adds them.
  const order = createOrderClock();
  for (let i = 0; i < Number(count); i++) await store.put(entryKey('ns/things/newest/', order(), `${name}-${i}`), 1);
} else if (mode === 'overwrite') {
  for (let round = 0; round < Number(count); round++) {
    for (let i = 0; i < 20; i++) await store.put(`shared/${i}`, { writer: name, i, round, pad: name.repeat(2000) });
  }
} else if (mode === 'flood') {
  // Large records in a tight loop, until the test kills this process mid-write.
  const big = 'x'.repeat(200_000); // BIG in file-store.test.ts
  for (let n = 0; ; n++) {
    await store.put(`big/${n % Number(count)}`, { n, big });
    process.stdout.write(`wrote ${n}\n`);
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
