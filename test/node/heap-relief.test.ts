/** Heap relief: the V8 settings for one stdio client, and the full collection once activity goes quiet. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { createHeapRelief } from '../../src/node/heap-relief.js';

const MODULE = new URL('../../src/node/heap-relief.js', import.meta.url).href;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** V8's optimization status bit for "optimized code" (%GetOptimizationStatus). */
const OPTIMIZED = 1 << 4;

/** Asks V8 to optimize a function in a fresh process, tuned or not, and returns its optimization status. */
async function hotFunctionStatus(tuned: boolean): Promise<number> {
  const script = `
    const { tuneHeapForOneClient } = await import(${JSON.stringify(MODULE)});
    if (${tuned}) tuneHeapForOneClient();
    function hot(x) { return x * 2 + 1; }
    // Asked for directly (synchronously), not left to a hot loop: whether a loop gets its callee
    // optimized in time depends on the machine's load; an optimizing compiler that is on always obliges.
    %PrepareFunctionForOptimization(hot); hot(1); hot(2); %OptimizeFunctionOnNextCall(hot); hot(3);
    console.log(%GetOptimizationStatus(hot));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script]);
  return Number(stdout.split(' ')[0]);
}

test('one stdio client: hot functions stay out of the optimizing compilers (their code and zones cost ~8 MB of RSS)', async () => {
  // The control shows the probe sees optimization at all on this runtime.
  assert.equal((await hotFunctionStatus(false)) & OPTIMIZED, OPTIMIZED, 'an untuned process optimizes the hot function');
  assert.equal((await hotFunctionStatus(true)) & OPTIMIZED, 0, 'a tuned process does not');
});

/** Counts V8's full (mark-compact) collections while `during` runs. */
async function majorCollections(during: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if ((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) count++;
  });
  observer.observe({ entryTypes: ['gc'] });
  try {
    await during();
    await sleep(50); // gc entries are delivered asynchronously
  } finally {
    observer.disconnect();
  }
  return count;
}

test('a quiet moment after enough activity runs full collections; less activity does not', async () => {
  const relief = createHeapRelief(100, 50);
  // Three passes (V8 shrinks its spaces only after consecutive collections): an idle process runs none on its own this soon.
  assert.ok((await majorCollections(async () => (relief.note(99), await sleep(300)))) < 3, 'below the threshold, no collection');
  assert.ok((await majorCollections(async () => (relief.note(1), await sleep(300)))) >= 3, 'at the threshold, once quiet, full collections');
});

/** The young generation's size (MB) in a fresh process after allocation churn, noted as 100,000 "requests", capped or not. */
async function youngGenerationAfterChurn(capped: boolean): Promise<number> {
  const script = `
    const { createYoungGenerationCap } = await import(${JSON.stringify(MODULE)});
    const { getHeapSpaceStatistics } = await import('node:v8');
    const cap = createYoungGenerationCap();
    let keep = [];
    for (let i = 0; i < 100000; i++) {
      for (let j = 0; j < 30; j++) keep.push({ i, j, s: 'x' + i });
      if (keep.length > 20000) keep = [];
      if (${capped}) cap.note(1);
    }
    console.log(getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size / 2 ** 20);`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
  return Number(stdout);
}

test('--http: the young generation grows to 4 MB a semi-space and no further (V8 lets it reach 16 MB)', async () => {
  const control = await youngGenerationAfterChurn(false);
  assert.ok(control > 8, `the churn grows an uncapped young generation past the cap (${control} MB)`);
  assert.ok((await youngGenerationAfterChurn(true)) <= 8, 'capped: at most two 4 MB semi-spaces');
});
