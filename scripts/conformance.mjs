/**
 * `npm run conformance`: runs the official MCP conformance suite
 * (@modelcontextprotocol/conformance) against the stdio binary (through
 * scripts/stdio-bridge.mjs), `dist/cli.cjs --http` and `dist/worker.js` in Miniflare, for
 * the legacy era and the 2026-07-28 era, and checks the verdicts against the
 * expected-failure baselines in scripts/conformance/. Exit 1 on an unexpected failure, a
 * stale baseline entry, or a target that does not start.
 *
 * Installs what it needs on first use into .cache/conformance/ (git-ignored): Node 22 and
 * the two suite versions (Node into .cache/node/); nothing goes into package.json.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate, loadBaselines, report } from './conformance/results.mjs';
import { TARGETS } from './conformance/targets.mjs';
import { NODE_MAJOR, SUITE_PACKAGE, SUITES, ensureTools, run } from './conformance/tools.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE = join(ROOT, '.cache', 'conformance');
/** Shared with scripts/with-node.mjs, so CI downloads each Node version once. */
const NODE_CACHE = join(ROOT, '.cache', 'node');
// Per checkout, not in the cache: worktrees may share one .cache, and two runs must not clobber each other's results.
const RESULTS = join(ROOT, '.conformance-results');
const BASELINES = join(ROOT, 'scripts', 'conformance');
const RUN_TIMEOUT_MS = 240_000;

/** An era: which suite runs with which arguments, against which baseline. */
const ERAS = [
  { name: 'legacy', suite: 'stable', args: [], baseline: 'expected-failures-legacy.yml' },
  { name: '2025-11-25', suite: 'next', args: ['--requirements', '2025-11-25'], baseline: 'expected-failures-2025-11-25.yml' },
  { name: '2026-07-28', suite: 'next', args: ['--requirements', '2026-07-28'], baseline: 'expected-failures-2026-07-28.yml' },
];

async function main(argv) {
  const options = parseArgs(argv);
  if (options.help) return printHelp();
  const started = Date.now();
  const tools = await ensureTools(CACHE, console.log, NODE_CACHE);
  if (options.list) return listScenarios(tools);
  const baselines = await loadBaselines(BASELINES, options.eras);
  if (options.build) await run(process.execPath, ['build.mjs'], { cwd: ROOT, label: 'node build.mjs' });
  await rm(RESULTS, { recursive: true, force: true });
  await mkdir(RESULTS, { recursive: true });
  const store = await mkdtemp(join(tmpdir(), 'oamcp-conformance-'));
  try {
    const perTarget = (name) => runTarget(name, options, tools, baselines, store);
    const outcomes = [];
    if (options.serial) for (const name of options.targets) outcomes.push(...(await perTarget(name)));
    else for (const list of await Promise.all(options.targets.map(perTarget))) outcomes.push(...list);
    const failed = report(outcomes, relative(ROOT, RESULTS));
    console.log(`\nResults: ${relative(ROOT, RESULTS)}/   Total time: ${((Date.now() - started) / 1000).toFixed(1)}s`);
    process.exitCode = failed ? 1 : 0;
  } finally {
    await rm(store, { recursive: true, force: true });
  }
}

/** Starts one target and runs every era against it; never throws (failures become outcomes). */
async function runTarget(name, options, tools, baselines, store) {
  const logs = [];
  const log = (text) => logs.push(text);
  const saveLog = () => writeFile(join(RESULTS, `${name}-server.log`), logs.join(''));
  let target;
  try {
    target = await TARGETS[name].start({ store: join(store, name), log });
  } catch (error) {
    await saveLog();
    return options.eras.map((era) => ({ target: name, era: era.name, error: `target did not start: ${error.message}` }));
  }
  const outcomes = [];
  try {
    for (const era of options.eras) outcomes.push(await runEra(name, era, target.url, tools, baselines, options.verbose));
  } finally {
    await target.close().catch((error) => log(`close failed: ${error.message}\n`));
    await saveLog();
  }
  return outcomes;
}

async function runEra(targetName, era, url, tools, baselines, verbose) {
  const suite = tools.suites[era.suite];
  const outDir = join(RESULTS, `${targetName}-${era.name}`);
  await mkdir(outDir, { recursive: true });
  const args = [suite.bin, 'server', '--url', url, ...era.args, '--expected-failures', baselines[era.name].path, '-o', outDir];
  const result = await run(tools.node, args, { cwd: outDir, capture: true, timeoutMs: RUN_TIMEOUT_MS, label: `${targetName} × ${era.name}` });
  const output = result.output.replace(/\x1b\[[0-9;]*m/g, '');
  await writeFile(join(RESULTS, `${targetName}-${era.name}.log`), output);
  if (verbose) console.log(`\n===== ${targetName} × ${era.name} (suite ${suite.version})\n${output}`);
  const verdicts = await evaluate(output, outDir, suite, era);
  return { target: targetName, era: era.name, suite: suite.version, exitCode: result.code, timedOut: result.timedOut, ...verdicts };
}

async function listScenarios(tools) {
  for (const [key, suite] of Object.entries(tools.suites)) {
    console.log(`\n# ${SUITE_PACKAGE}@${suite.version} (${key})`);
    await run(tools.node, [suite.bin, 'list', '--server'], { cwd: CACHE, label: 'list' });
    if (key === 'next') {
      for (const revision of ['2025-11-25', '2026-07-28']) {
        await run(tools.node, [suite.bin, 'list', '--server', '--requirements', revision], { cwd: CACHE, label: 'list' });
      }
    }
  }
}

function parseArgs(argv) {
  const options = { targets: Object.keys(TARGETS), eras: ERAS, build: true, serial: false, verbose: false, list: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const values = () => {
      if (argv[i + 1] === undefined) throw new Error(`${arg} needs a value`);
      return argv[++i].split(',').map((item) => item.trim()).filter(Boolean);
    };
    if (arg === '--target') {
      options.targets = values();
      const unknown = options.targets.filter((t) => !(t in TARGETS));
      if (unknown.length) throw new Error(`Unknown target ${unknown.join(', ')}; choose from ${Object.keys(TARGETS).join(', ')}`);
    } else if (arg === '--era') {
      const names = values();
      const unknown = names.filter((n) => !ERAS.some((era) => era.name === n));
      if (unknown.length) throw new Error(`Unknown era ${unknown.join(', ')}; choose from ${ERAS.map((era) => era.name).join(', ')}`);
      options.eras = ERAS.filter((era) => names.includes(era.name));
    } else if (arg === '--no-build') options.build = false;
    else if (arg === '--serial') options.serial = true;
    else if (arg === '--verbose') options.verbose = true;
    else if (arg === '--list') options.list = true;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else throw new Error(`Unknown option ${arg} (see --help)`);
  }
  return options;
}

function printHelp() {
  console.log(`Usage: node scripts/conformance.mjs [options]   (npm run conformance -- [options])

Runs ${SUITE_PACKAGE} ${SUITES.stable} (legacy era) and ${SUITES.next}
(--requirements 2025-11-25 and 2026-07-28) against each target, and compares the verdicts
with scripts/conformance/expected-failures-<era>.yml. Exit 1 on an unexpected failure, a
stale baseline entry, or a target that does not start.

Targets:
${Object.entries(TARGETS).map(([name, t]) => `  ${name.padEnd(8)}${t.describe}`).join('\n')}

Options:
  --target a,b     targets to run (default: all)
  --era a,b        eras to run: ${ERAS.map((era) => era.name).join(', ')} (default: all)
  --no-build       use dist/ as it is (default: node build.mjs first)
  --serial         one target at a time (default: targets in parallel)
  --verbose        print the suite's own output
  --list           list the suites' server scenarios and exit

Cache: ${relative(ROOT, CACHE)}/ holds the suites (Node ${NODE_MAJOR} is in .cache/node/); ${relative(ROOT, RESULTS)}/ the last run's results.
Other suite versions: CONFORMANCE_STABLE_VERSION, CONFORMANCE_NEXT_VERSION (update the baselines too).`);
}

main(process.argv.slice(2)).catch((error) => {
  console.error(`conformance: ${error.message}`);
  process.exitCode = 1;
});
