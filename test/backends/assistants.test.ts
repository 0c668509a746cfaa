import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROUTES, toRequest } from '../../src/backends/assistants.js';
import { OPERATIONS } from '../../src/backends/types.js';

test('every operation has a route', () => {
  assert.deepEqual(Object.keys(ROUTES).sort(), [...OPERATIONS].sort());
});

test('path parameters are filled and removed; GET sends the rest as query', () => {
  assert.deepEqual(toRequest(ROUTES.listMessages, { thread_id: 'thread_1', limit: 5, run_id: 'run_2' }), {
    path: '/threads/thread_1/messages',
    query: { limit: 5, run_id: 'run_2' },
    body: undefined,
  });
});

test('POST sends the rest as body; createRun puts include in the query', () => {
  assert.deepEqual(toRequest(ROUTES.createRun, { thread_id: 't', assistant_id: 'a', include: ['x'], temperature: 1 }), {
    path: '/threads/t/runs',
    query: { include: ['x'] },
    body: { assistant_id: 'a', temperature: 1 },
  });
  assert.deepEqual(toRequest(ROUTES.getRunStep, { thread_id: 't', run_id: 'r', step_id: 's', include: ['x'] }).query, { include: ['x'] });
});

test('hostile IDs never become a path', () => {
  for (const bad of ['..', '.', '../files', 'a/b', 'a?b', 'a#b', '%2e%2e', '', 'a\\b']) {
    assert.throws(() => toRequest(ROUTES.getThread, { thread_id: bad }), /thread_id is not a safe ID/, bad);
  }
  assert.throws(() => toRequest(ROUTES.getThread, {}), /thread_id is not a safe ID/);
});
