// npm run bench: every hot path beside its physical floor and the MCP SDK's reference server, in one
// run, then the issue-15 targets as met / not met. Loopback only; loops bounded in count and time.
// BENCH_QUICK=1: tiny counts (the unit suite runs it); BENCH_ONLY=stdio,http,...: some sections;
// BENCH_JSON=<file>: the figures as JSON too; BENCH_README=1: a full run writes its targets table into README.md. Needs `node build.mjs --tests` first (npm run bench does it).
import { printTargets } from './bench/report.mjs';
import { startFake, stopAll } from './bench/processes.mjs';
import { QUICK } from './bench/settings.mjs';
import { httpSection, loadSection } from './bench/sections/http.mjs';
import { stdioSection } from './bench/sections/stdio.mjs';
import { workerSection } from './bench/sections/worker.mjs';
import { growthSection } from './bench/sections/growth.mjs';
import { sizesSection } from './bench/sections/sizes.mjs';
import { oauthSection } from './bench/sections/oauth.mjs';
import { uploadSection } from './bench/sections/upload.mjs';
import { finalEventSection, waitsSection } from './bench/sections/waits.mjs';

const SECTIONS = { stdio: stdioSection, http: httpSection, load: loadSection, growth: growthSection, 'final-event': finalEventSection, waits: waitsSection, worker: workerSection, oauth: oauthSection, upload: uploadSection, sizes: sizesSection };

const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
const unknown = only?.filter((name) => !(name in SECTIONS)) ?? [];
if (unknown.length) {
  console.error(`BENCH_ONLY: unknown section ${unknown.join(', ')}; sections are ${Object.keys(SECTIONS).join(', ')}`);
  process.exit(2);
}

console.log(`openai-assistants-mcp bench${QUICK ? ' (BENCH_QUICK: tiny counts, figures only)' : ''} on node ${process.version}`);
const fake = await startFake('assistants');
const failed = [];
try {
  for (const [name, run] of Object.entries(SECTIONS)) {
    if (only && !only.includes(name)) continue;
    // One broken section must not lose the others' figures; the run still fails at the end.
    try {
      await run({ fake });
    } catch (error) {
      failed.push(name);
      console.error(`  section ${name} FAILED: ${error.stack ?? error}`);
    }
  }
  printTargets({ complete: !QUICK && !only && !failed.length });
  if (failed.length) {
    console.error(`\nFailed sections: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
} finally {
  await fake.stop();
  stopAll();
}
