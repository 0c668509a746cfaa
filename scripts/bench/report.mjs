/**
 * What the bench prints: one line per figure as it is measured (ours beside its floor and the
 * reference), then a table of the issue's targets, each met or not with its measured ratio.
 * With BENCH_JSON=<file> the same figures are written as JSON (the quick-mode test reads it).
 */
import { writeFileSync } from 'node:fs';
import { fmt } from './stats.mjs';
import { writeReadme } from './readme.mjs';

const figures = [];
const targets = [];

/**
 * Records and prints one figure. `floor` (the physical floor) and `ref` (the SDK's reference
 * server) are optional { label, value } in the same unit, shown beside it with the ratio ours/that.
 */
export function figure(section, label, value, unit, { floor, ref, note } = {}) {
  const entry = { section, label, value, unit, floor, ref, note };
  figures.push(entry);
  const digits = unit === 'B' || unit === 'runs' ? 0 : 2;
  const beside = (other) => {
    if (!other) return '';
    const ratio = value / other.value;
    return ` | ${other.label} ${fmt(other.value, digits)} ${unit}: ours/that ${fmt(ratio)}x`;
  };
  console.log(`  ${label}: ${fmt(value, digits)} ${unit}${beside(floor)}${beside(ref)}${note ? `  (${note})` : ''}`);
  return entry;
}

/** A section that could not run here (e.g. a tool not in this build): printed and recorded as skipped. */
export function skipped(section, label, why) {
  figures.push({ section, label, value: null, skipped: why });
  console.log(`  ${label}: skipped: ${why}`);
}

export function section(title) {
  console.log(`\n${title}`);
}

/** A target of the issue: `measured` compared with `limit` by `cmp` ('<=' or '>='). */
export function target(name, measured, cmp, limit, unit = 'x') {
  const met = Number.isFinite(measured) && (cmp === '<=' ? measured <= limit : measured >= limit);
  targets.push({ name, measured, cmp, limit, unit, met: Number.isFinite(measured) ? met : null });
}

/** Prints the targets table; `complete` (every section ran, full counts) lets BENCH_README=1 write it to the README. */
export function printTargets({ complete = false } = {}) {
  console.log('\nTargets (issue 15): met / not met');
  const width = Math.max(...targets.map((t) => t.name.length));
  for (const t of targets) {
    const verdict = t.met === null ? 'n/a    ' : t.met ? 'met    ' : 'NOT MET';
    console.log(`  ${verdict}  ${t.name.padEnd(width)}  ${fmt(t.measured)}${t.unit} (target ${t.cmp} ${t.limit}${t.unit})`);
  }
  if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify({ figures, targets }, null, 2));
  if (process.env.BENCH_README === '1') {
    if (complete) writeReadme(targets);
    else console.log('\nBENCH_README=1: not written, only a full run of every section (without BENCH_QUICK or BENCH_ONLY) writes the README');
  }
}
