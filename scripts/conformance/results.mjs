/**
 * Reading the suite's verdicts (its checks.json files, which scenarios a requirement set
 * scores, its baseline report), our baseline files, and printing the summary.
 */
import { readFile, readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** One suite run's verdicts: scored and unscored scenarios, and the suite's baseline lists. */
export async function evaluate(output, outDir, suite, era) {
  const scenarios = await readScenarios(outDir);
  const required = await requiredScenarios(suite, era);
  const isScored = (s) => !required || required.has(s.name);
  return {
    scored: scenarios.filter(isScored),
    notScored: scenarios.filter((s) => !isScored(s)),
    expected: section(output, 'Expected failures (in baseline):'),
    unexpected: section(output, 'Unexpected failures (not in baseline):'),
    stale: section(output, 'Stale baseline entries (now passing - remove from baseline):'),
  };
}

/**
 * The server scenarios a `--requirements <revision>` run scores, from the suite's own
 * requirements/<revision>.yaml (its `server:` list); undefined when every scenario counts.
 */
async function requiredScenarios(suite, era) {
  const index = era.args.indexOf('--requirements');
  if (index < 0) return undefined;
  const file = join(dirname(dirname(suite.bin)), 'requirements', `${era.args[index + 1]}.yaml`);
  const names = new Set();
  let inServer = false;
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    if (/^\S/.test(line)) inServer = /^server:\s*$/.test(line);
    else if (inServer) {
      const match = /^\s+-\s+([\w./-]+)\s*(#.*)?$/.exec(line);
      if (match) names.add(match[1]);
    }
  }
  return names;
}

/** Scenario verdicts from the suite's checks.json files (FAILURE or WARNING fails, as the suite counts). */
async function readScenarios(outDir) {
  const scenarios = [];
  for (const entry of (await readdir(outDir)).sort()) {
    const name = /^server-(.+)-\d{4}-\d\d-\d\dT[\d-]+Z$/.exec(entry)?.[1];
    if (!name) continue;
    let checks;
    try {
      checks = JSON.parse(await readFile(join(outDir, entry, 'checks.json'), 'utf8'));
    } catch {
      continue;
    }
    const bad = checks.filter((check) => check.status === 'FAILURE' || check.status === 'WARNING');
    scenarios.push({ name, checks, bad, passed: bad.length === 0 });
  }
  return scenarios;
}

/** The indented list under one heading of the suite's baseline report. */
function section(output, heading) {
  const start = output.indexOf(heading);
  if (start < 0) return [];
  const items = [];
  for (const line of output.slice(start + heading.length).split('\n').slice(1)) {
    const match = /^\s+[~✓✗] (\S+)$/.exec(line);
    if (!match) break;
    items.push(match[1]);
  }
  return items;
}

/** Reads each era's baseline file from `dir`; every entry needs a one-line reason comment. */
export async function loadBaselines(dir, eras) {
  const baselines = {};
  const problems = [];
  for (const era of eras) {
    const path = join(dir, era.baseline);
    const lines = (await readFile(path, 'utf8')).split('\n');
    const entries = [];
    for (const [index, line] of lines.entries()) {
      const match = /^\s*-\s+([^\s#]+)\s*(#\s*(.*))?$/.exec(line);
      if (!match) continue;
      entries.push(match[1]);
      if (!match[3]?.trim()) problems.push(`${basename(path)}:${index + 1}: "${match[1]}" needs a one-line reason comment`);
    }
    baselines[era.name] = { path, entries };
  }
  if (problems.length) throw new Error(`Baseline entries without a reason:\n  ${problems.join('\n  ')}`);
  return baselines;
}

/**
 * Prints the target × era table, then what went wrong; true when the run failed
 * (an unexpected failure, a stale baseline entry, a target or suite that broke).
 */
export function report(outcomes, resultsDir) {
  const rows = [['target', 'era', 'suite', 'scenarios ok', 'expected', 'unexpected', 'stale', 'not scored']];
  let failed = false;
  for (const o of outcomes) {
    if (o.error) {
      failed = true;
      rows.push([o.target, o.era, '-', 'ERROR', '-', '-', '-', '-']);
      continue;
    }
    if (o.exitCode !== 0 || o.timedOut || o.scored.length === 0) failed = true;
    const passed = o.scored.filter((s) => s.passed).length;
    const notScored = o.notScored.length ? `${o.notScored.filter((s) => s.passed).length}/${o.notScored.length} pass` : '-';
    rows.push([o.target, o.era, o.suite, `${passed}/${o.scored.length}`, String(o.expected.length), String(o.unexpected.length), String(o.stale.length), notScored]);
  }
  console.log(`\n${table(rows)}`);

  for (const o of outcomes) {
    const label = `${o.target} × ${o.era}`;
    const log = join(resultsDir, `${o.target}-${o.error ? 'server' : o.era}.log`);
    if (o.error) {
      console.log(`\n✗ ${label}: ${o.error} (see ${log})`);
      continue;
    }
    if (o.timedOut) console.log(`\n✗ ${label}: the suite timed out (see ${log})`);
    else if (o.scored.length === 0) console.log(`\n✗ ${label}: no scenario results (see ${log})`);
    else if (o.exitCode !== 0 && !o.unexpected.length && !o.stale.length) console.log(`\n✗ ${label}: the suite exited with ${o.exitCode} (see ${log})`);
    if (o.unexpected.length) {
      console.log(`\n✗ ${label}: unexpected failures`);
      for (const entry of o.unexpected) for (const line of describeFailure(o, entry)) console.log(`    ${line}`);
    }
    if (o.stale.length) {
      console.log(`\n✗ ${label}: stale expected failures (now passing: remove them from the baseline)`);
      for (const entry of o.stale) console.log(`    ${entry}`);
    }
    const unscoredFailing = o.notScored.filter((s) => !s.passed).map((s) => s.name);
    const tasks = unscoredFailing.filter((name) => name.startsWith('tasks-')).length;
    const named = [...unscoredFailing.filter((name) => !name.startsWith('tasks-')), ...(tasks ? [`tasks-* (${tasks})`] : [])];
    if (named.length) console.log(`\n· ${label}: not scored, failing (informational): ${named.join(', ')}`);
  }
  if (!failed) console.log('\nAll conformance results match the expected-failure baselines.');
  return failed;
}

/** A baseline entry (`scenario` or `scenario:check-id`) → its failing checks with their messages. */
function describeFailure(outcome, entry) {
  const [name, checkId] = entry.split(/:(.*)/s);
  const scenario = outcome.scored.find((s) => s.name === name);
  const bad = (scenario?.bad ?? []).filter((check) => !checkId || check.id === checkId);
  if (!bad.length) return [entry];
  return bad.map((check) => `${name}: [${check.status}] ${check.id}: ${oneLine(check.errorMessage ?? check.details?.message ?? check.description ?? '')}`);
}

function oneLine(text, max = 240) {
  const flat = String(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const format = (row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  return [format(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(format)].join('\n');
}
