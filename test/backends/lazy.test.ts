/** lazyBackend: nothing loads at creation; the first call loads once, and every operation reaches the loaded backend. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lazyBackend, type StreamingBackend } from '../../src/backends/lazy.js';

async function* updates() {
  yield { type: 'text' as const, delta: 'hi' };
}

test('loads at the first call, once, and passes every operation and its options through', async () => {
  const seen: unknown[] = [];
  let loads = 0;
  const real: StreamingBackend = {
    name: 'responses',
    call: async (op, args, options) => (seen.push(['call', op, args, options.idempotent]), { op }),
    streamRun: async (op, args) => (seen.push(['streamRun', op, args]), updates()),
    followRun: async (args) => (seen.push(['followRun', args]), updates()),
  };
  const backend = lazyBackend('responses', async () => (loads++, real));
  assert.equal(loads, 0, 'nothing loaded before a call');
  assert.equal(backend.name, 'responses');
  assert.deepEqual([typeof backend.streamRun, typeof backend.followRun], ['function', 'function'], 'waiters see streaming before anything is loaded');
  const [a, b] = await Promise.all([backend.call('getAssistant', { assistant_id: 'asst_1' }, { idempotent: true }), backend.call('listAssistants', {}, { idempotent: true })]);
  assert.deepEqual([a, b], [{ op: 'getAssistant' }, { op: 'listAssistants' }]);
  const streamed = [];
  for await (const update of await backend.streamRun('createRun', { thread_id: 't' }, { idempotent: false })) streamed.push(update);
  await backend.followRun({ thread_id: 't', run_id: 'r' }, { idempotent: true });
  assert.equal(loads, 1, 'loaded once');
  assert.deepEqual(streamed, [{ type: 'text', delta: 'hi' }]);
  assert.deepEqual(seen, [
    ['call', 'getAssistant', { assistant_id: 'asst_1' }, true],
    ['call', 'listAssistants', {}, true],
    ['streamRun', 'createRun', { thread_id: 't' }],
    ['followRun', { thread_id: 't', run_id: 'r' }],
  ]);
});
