/**
 * Preloaded into each test file's process by `node scripts/test.mjs --timings`: records how long
 * the file's process lived, so the runner can list the slowest files.
 */
import { appendFileSync } from 'node:fs';

const out = process.env.TEST_TIMINGS_FILE;
// Only the per-file child processes (node:test marks them), not the runner itself.
if (out && process.env.NODE_TEST_CONTEXT && process.argv[1]) {
  process.once('exit', () => appendFileSync(out, `${JSON.stringify({ file: process.argv[1], ms: Math.round(performance.now()) })}\n`));
}
