/** tuneWhenWarm: the stdio V8 tuning waits for the first upstream call, or for a burst of input. */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import type { FetchLike, FetchResponse } from '../../src/openai/fetch-types.js';
import { tuneWhenWarm } from '../../src/node/tune-when-warm.js';

const turn = () => new Promise((resolve) => setImmediate(resolve));
const INIT = { method: 'GET', headers: {}, signal: new AbortController().signal };

/** A fetch whose answers the test settles by hand. */
function manualFetch() {
  const pending: Array<{ resolve: (r: FetchResponse) => void; reject: (e: Error) => void }> = [];
  const fetch: FetchLike = () => new Promise((resolve, reject) => pending.push({ resolve, reject }));
  return { fetch, pending };
}

test('tunes once, on the turn after the first call settles, and passes every answer through', async () => {
  const { fetch, pending } = manualFetch();
  let tuned = 0;
  const input = new PassThrough();
  const wrapped = tuneWhenWarm(fetch, input, () => tuned++);
  assert.equal(tuned, 0, 'not at startup');
  const first = wrapped('http://127.0.0.1:1/a', INIT);
  const second = wrapped('http://127.0.0.1:1/b', INIT);
  await turn();
  assert.equal(tuned, 0, 'not while the first call is in flight');
  const answer = { ok: true, status: 200 } as FetchResponse;
  pending[0].resolve(answer);
  assert.equal(await first, answer);
  assert.equal(tuned, 0, 'not in the same turn: the answer is read first');
  await turn();
  assert.equal(tuned, 1);
  pending[1].reject(new Error('boom'));
  await assert.rejects(second, /boom/);
  const third = wrapped('http://127.0.0.1:1/c', INIT);
  pending[2].resolve(answer);
  await third;
  await turn();
  assert.equal(tuned, 1, 'only once');
  assert.equal(input.listenerCount('data'), 0, 'stops counting input once tuned');
});

test('a failed first call tunes too', async () => {
  const { fetch, pending } = manualFetch();
  let tuned = 0;
  const wrapped = tuneWhenWarm(fetch, new PassThrough(), () => tuned++);
  const first = wrapped('http://127.0.0.1:1/a', INIT);
  pending[0].reject(new Error('refused'));
  await assert.rejects(first, /refused/);
  await turn();
  assert.equal(tuned, 1);
});

test('a burst of input tunes before any call (large messages would grow the young generation first)', async () => {
  const { fetch } = manualFetch();
  let tuned = 0;
  const input = new PassThrough();
  tuneWhenWarm(fetch, input, () => tuned++, 1000);
  input.write(Buffer.alloc(999));
  await turn();
  assert.equal(tuned, 0, 'below the bound');
  input.write(Buffer.alloc(1));
  await turn();
  assert.equal(tuned, 1);
  assert.equal(input.listenerCount('data'), 0);
  input.write(Buffer.alloc(5000));
  await turn();
  assert.equal(tuned, 1, 'only once');
});
