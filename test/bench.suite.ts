/**
 * `npm run bench` in BENCH_QUICK mode (tiny counts): every section runs and prints a figure.
 * Figures only — timings on a shared machine prove nothing, so none is asserted.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Figure { section: string; label: string; value: number | null; unit?: string; skipped?: string; floor?: { value: number }; ref?: { value: number } }
interface Target { name: string; measured: number; met: boolean | null }

/** Every section the issue asks for. */
const SECTIONS = [
  'stdio-startup', 'stdio-call', 'stdio-rss', 'http-tools/list', 'http-tools/call', 'http-load',
  'growth-file store', 'growth-Miniflare KV', 'final-event', 'waits', 'worker-size', 'worker-throughput', 'oauth', 'upload', 'sizes',
];

test('BENCH_QUICK=1 runs every bench section and prints a figure for each', { timeout: 5 * 60_000 }, async () => {
  const json = join(mkdtempSync(join(tmpdir(), 'bench-test-')), 'bench.json');
  // BENCH_NO_INSTALL: the SDK reference runs only if a bench run cached it (the run says so otherwise).
  const child = spawn(process.execPath, ['scripts/bench.mjs'], { cwd: ROOT, env: { ...process.env, BENCH_QUICK: '1', BENCH_NO_INSTALL: '1', BENCH_JSON: json }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 0, output.slice(-4000));

  const { figures, targets } = JSON.parse(readFileSync(json, 'utf8')) as { figures: Figure[]; targets: Target[] };
  for (const section of SECTIONS) {
    const found = figures.filter((f) => f.section === section);
    assert.ok(found.length > 0, `no figure for section ${section}`);
    for (const f of found) {
      assert.equal(f.skipped, undefined, `${section} / ${f.label} was skipped: ${f.skipped}`);
      assert.ok(Number.isFinite(f.value), `${section} / ${f.label}: ${f.value}`);
      if (f.floor) assert.ok(Number.isFinite(f.floor.value), `${f.label}: its floor is not a number`);
      assert.ok(output.includes(`  ${f.label}: `), `${f.label} is printed`);
    }
  }
  // The SDK reference beside every --http comparison, unless it is not cached yet and the run says so.
  const withRef = figures.filter((f) => f.section.startsWith('http-tools/') && f.ref && Number.isFinite(f.ref.value));
  const refSkipped = figures.some((f) => f.section === 'http-reference' && f.skipped);
  assert.equal(withRef.length, refSkipped ? 0 : 10, 'every --http comparison has the SDK reference beside it');
  if (refSkipped) assert.match(output, /SDK reference server: skipped: /);

  assert.ok(targets.length >= 23, `targets table has ${targets.length} rows`);
  for (const t of targets) {
    // Without the cached reference, its targets have nothing to compare with; the run said so above.
    if (refSkipped && /SDK reference/.test(t.name)) continue;
    assert.ok(Number.isFinite(t.measured), `target ${t.name} has a measured ratio`);
    assert.match(output, new RegExp(`(met|NOT MET) +${t.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `));
  }

  // The README shows the latest full run: one row per target (counts differ in quick mode).
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = readme.slice(readme.indexOf('<!-- bench:start'), readme.indexOf('<!-- bench:end -->'));
  const shape = (name: string) => name.replace(/\d+(\.\d+)?/g, 'N');
  const rows = [...block.matchAll(/^\| (.+?) \| [^|]+ \| [<>]= [^|]+ \| [^|]+ \|$/gm)].map((m) => shape(m[1]));
  assert.deepEqual(rows, targets.map((t) => shape(t.name)), 'README bench table rows = the targets; rewrite it with BENCH_README=1 npm run bench');
});
