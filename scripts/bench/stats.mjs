/** Percentiles, ratios and a process's memory and CPU as Linux reports them in /proc. */
import { readFileSync } from 'node:fs';

/** The q-quantile of `xs` (nearest rank); NaN for an empty list. */
export function pct(xs, q) {
  if (!xs.length) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export const median = (xs) => pct(xs, 0.5);

/** `value` with `digits` decimals, or "n/a" when it is not a finite number. */
export function fmt(value, digits = 2) {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

/** A process's resident set (or peak resident set) in MB; NaN where /proc is missing. */
export function rssMb(pid, field = 'VmRSS') {
  try {
    const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return kb / 1024;
  } catch {
    return NaN;
  }
}

/** CPU seconds (user + system) a process has used so far; NaN where /proc is missing. */
export function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // After the command name: utime and stime are fields 14 and 15 of stat(5), in clock ticks (100/s on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; resolves to { max, last, samples }. */
export function sampleRss(pid, everyMs = 200) {
  const samples = [];
  const take = () => samples.push({ at: performance.now(), mb: rssMb(pid) });
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      const values = samples.map((s) => s.mb);
      return { max: Math.max(...values), last: values.at(-1), samples };
    },
  };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Latency list → { p50, p99 } in ms. */
export const spread = (latencies) => ({ p50: pct(latencies, 0.5), p99: pct(latencies, 0.99) });
