/**
 * BENCH_README=1: the run's targets table goes into README.md between the bench markers, with
 * the date, Node version and machine it ran on, so the README always shows the latest full run.
 * Only a full run writes it (a partial or quick run would leave rows out or shrink the counts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fmt } from './stats.mjs';
import { ROOT } from './settings.mjs';

export const README_START = '<!-- bench:start (written by BENCH_README=1 npm run bench) -->';
export const README_END = '<!-- bench:end -->';

/** The markdown block for `targets` (as `report.mjs` records them). */
export function readmeBlock(targets, { date = new Date(), node = process.version } = {}) {
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GB`;
  const rows = targets.map((t) => {
    const verdict = t.met === null ? 'n/a' : t.met ? 'met' : '**not met**';
    return `| ${t.name} | ${fmt(t.measured)}${t.unit} | ${t.cmp} ${t.limit}${t.unit} | ${verdict} |`;
  });
  return [
    README_START,
    `Latest full run: ${date.toISOString().slice(0, 10)}, Node ${node}, ${machine}.`,
    '',
    '| Target | Measured | Bound | Verdict |',
    '| --- | --- | --- | --- |',
    ...rows,
    README_END,
  ].join('\n');
}

/** Replaces the block between the markers in README.md; throws if the markers are missing. */
export function writeReadme(targets) {
  const path = `${ROOT}README.md`;
  const readme = readFileSync(path, 'utf8');
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README.md has no bench block: add ${README_START} … ${README_END}`);
  writeFileSync(path, readme.slice(0, start) + readmeBlock(targets) + readme.slice(end + README_END.length));
  console.log('\nREADME.md: benchmark table written');
}
