/**
 * Every count and duration the bench uses, in one place. BENCH_QUICK=1 shrinks them all so the
 * unit suite can run every section in seconds (figures only; no timing is ever asserted).
 */
export const QUICK = process.env.BENCH_QUICK === '1';

const pick = (full, quick) => (QUICK ? quick : full);

export const SETTINGS = {
  startupPairs: pick(30, 2),
  stdioCalls: pick(1000, 20),
  /** --http comparisons: connections and seconds per measured server (quick: few, to not load the test run). */
  httpConnections: pick(32, 4),
  httpSeconds: pick(5, 0.3),
  /** The seconds of each measured server are split into rounds, interleaved with the others'. */
  httpRounds: pick(5, 1),
  loadConnections: pick(64, 8),
  loadSeconds: pick(10, 0.5),
  settleSeconds: pick(10, 0.5),
  /** Stored records per cost-growth step, and list calls timed at each step. */
  growthSizes: pick([10, 1000, 10_000], [10, 20, 40]),
  growthCalls: pick(30, 3),
  waits: pick(100, 5),
  idleSeconds: pick(3, 0.3),
  /** Quiet after a warm-up, longer than --http waits before its heap relief (5 s, src/node/http-mode.ts). */
  reliefQuietSeconds: pick(6, 0.1),
  finalEventRuns: pick(100, 3),
  oauthSignIns: pick(30, 2),
  workerSeconds: pick(5, 0.3),
};

/** The SDK's reference server, pinned: bump deliberately, its figures move with it. */
export const REFERENCE = { name: '@modelcontextprotocol/server-everything', version: '2026.8.31' };

export const KEY = 'sk-bench-0000';
export const ROOT = new URL('../../', import.meta.url).pathname;
export const CLI = `${ROOT}dist/cli.cjs`;
