/**
 * Preloaded into each test file's process by `node scripts/test.mjs --timings`: records how long
 * the file's process lived and, on Linux, the CPU it and its finished children used (the machine
 * may be busy, so CPU says more than wall time about what a file costs).
 */
import { appendFileSync, readFileSync } from 'node:fs';

const out = process.env.TEST_TIMINGS_FILE;
// Only the per-file child processes (node:test marks them), not the runner itself.
if (out && process.env.NODE_TEST_CONTEXT && process.argv[1]) {
  process.once('exit', () => appendFileSync(out, `${JSON.stringify({ file: process.argv[1], ms: Math.round(performance.now()), cpuMs: cpuMs() })}\n`));
}

/** utime + stime + cutime + cstime from /proc/self/stat, in ms (clock ticks are 1/100 s on Linux). */
function cpuMs() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) * 10;
  } catch {
    return undefined;
  }
}
