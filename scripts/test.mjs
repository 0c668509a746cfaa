/**
 * `node scripts/test.mjs [--typecheck] [--build] [--timings]`: runs every built test
 * (.build/spec/**\/*.test.js) with node:test on the Node that runs this script. Files are passed
 * one by one because Node 20 takes a folder but not a glob, and Node 22+ takes a glob but no
 * longer a folder.
 *
 * `--build` (node build.mjs --tests) runs first. `--typecheck` (tsc --noEmit, which writes
 * nothing) runs beside the build and the parallel files, and fails the run at the end if it fails.
 * Most files spend their time waiting on child processes (the CLI, workerd, Chromium, npm), so
 * several run at once (TEST_CONCURRENCY, default: cores + 1). Files in RUN_ALONE measure the
 * machine (RSS) and run last with nothing beside them.
 * Longest files start first, as .cache/test-durations.json (each run's record) says.
 * `--timings` lists the 20 slowest files (process lifetime and CPU) after the run.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Files (under .build/spec) whose assertions depend on what else runs on the machine, and why. */
const RUN_ALONE = {
  'transports/stdio.test.js': 'compares the server RSS after large lines with a bare reader',
};

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SPEC = join(ROOT, '.build', 'spec');
const DURATIONS = join(ROOT, '.cache', 'test-durations.json');
const typecheck = process.argv.includes('--typecheck') ? runNode([join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit']) : Promise.resolve(0);
if (process.argv.includes('--build') && (await runNode([join(ROOT, 'build.mjs'), '--tests'])) !== 0) {
  console.error('The build failed; no tests run.');
  await typecheck;
  process.exit(1);
}
const files = (await readdir(SPEC, { recursive: true })).filter((file) => file.endsWith('.test.js')).sort();
if (!files.length) {
  console.error('No tests in .build/spec: build them first with `node build.mjs --tests`.');
  process.exit(1);
}
const concurrency = Number(process.env.TEST_CONCURRENCY) || availableParallelism() + 1;
const timings = join(mkdtempSync(join(tmpdir(), 'test-timings-')), 'timings.jsonl');
const env = { ...process.env, TEST_TIMINGS_FILE: timings };
const preload = ['--import', new URL('./test-timing.mjs', import.meta.url).href];

// Longest first (as the last run measured them; new files before all), so no long file starts
// last and runs on alone while the other slots sit idle.
const last = readDurations();
const byCost = (a, b) => (last[b] ?? Infinity) - (last[a] ?? Infinity) || a.localeCompare(b);
const alone = files.filter((file) => Object.hasOwn(RUN_ALONE, file));
const together = files.filter((file) => !Object.hasOwn(RUN_ALONE, file)).sort(byCost);
const codes = [await runFiles(together, concurrency)];
if ((await typecheck) !== 0) {
  console.error('\nThe typecheck (tsc --noEmit) failed: see its errors above.');
  codes.push(1);
}
if (alone.length) {
  console.log(`\nRun alone: ${alone.map((file) => `${file} (${RUN_ALONE[file]})`).join(', ')}`);
  codes.push(await runFiles(alone, 1));
}
process.exitCode = codes.find((code) => code !== 0) ?? 0;
const rows = readTimings(timings);
writeDurations(rows);
if (process.argv.includes('--timings')) printTimings(rows);

/** One node:test run over `list`, `parallel` files at a time; resolves to its exit code. */
function runFiles(list, parallel) {
  return runNode([...preload, '--test', '--test-reporter=spec', `--test-concurrency=${parallel}`, ...list.map((file) => join(SPEC, file))], env);
}

/** This Node with `args` in the repository root, output inherited; resolves to its exit code. */
function runNode(args, childEnv = process.env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'inherit', env: childEnv });
    child.once('error', (error) => (console.error(error), resolve(1)));
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Each file's { file, ms, cpuMs } as the preload recorded them (file relative to SPEC). */
function readTimings(file) {
  let rows = [];
  try {
    rows = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  } catch {}
  rmSync(dirname(file), { recursive: true, force: true });
  return rows.map((row) => ({ ...row, file: relative(SPEC, row.file) }));
}

/** The durations of the last run (.cache/test-durations.json: a scheduling hint, nothing more). */
function readDurations() {
  try {
    return JSON.parse(readFileSync(DURATIONS, 'utf8'));
  } catch {
    return {};
  }
}

function writeDurations(rows) {
  if (!rows.length) return;
  try {
    mkdirSync(dirname(DURATIONS), { recursive: true });
    const temp = `${DURATIONS}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ ...readDurations(), ...Object.fromEntries(rows.map((row) => [row.file, row.ms])) }, null, 1));
    renameSync(temp, DURATIONS); // whole, even if another worktree sharing .cache writes at once
  } catch {}
}

function printTimings(rows) {
  rows = [...rows].sort((a, b) => b.ms - a.ms);
  const seconds = (ms) => (ms === undefined ? '?' : (ms / 1000).toFixed(2)).padStart(7);
  const sum = (key) => rows.reduce((total, row) => total + (row[key] ?? 0), 0);
  console.log(`\nSlowest test files (${rows.length} files; process lifetime ${seconds(sum('ms')).trim()} s in all, CPU with finished children ${seconds(sum('cpuMs')).trim()} s):`);
  console.log('   wall      CPU  file');
  for (const row of rows.slice(0, 20)) console.log(`${seconds(row.ms)}  ${seconds(row.cpuMs)}  ${row.file}`);
}
