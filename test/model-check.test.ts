/** The model check before assistant-create / -update on the responses backend. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Backend } from '../src/backends/types.js';
import { DEFAULTS } from '../src/config.js';
import { ToolError } from '../src/errors.js';
import { hasModelEndpoint, withModelCheck } from '../src/model-check.js';
import { createClient } from '../src/openai.js';
import { jsonResponse, recordingFetch } from './helpers/in-process.js';

test('Azure names deployments, not models: no check there', () => {
  assert.equal(hasModelEndpoint({ baseUrl: 'https://api.openai.com/v1', authHeader: 'authorization' }), true);
  assert.equal(hasModelEndpoint({ baseUrl: 'https://res.openai.azure.com/openai/v1', authHeader: 'authorization' }), false);
  assert.equal(hasModelEndpoint({ baseUrl: 'https://proxy.example/v1', authHeader: 'api-key' }), false);
});

test('create checks the model once per key (cached); update checks only a new model; 404 names the model', async () => {
  const upstream = recordingFetch((call) => (call.url.endsWith('/models/nope') ? jsonResponse({ error: { message: 'The model `nope` does not exist', code: 'model_not_found' } }, 404) : jsonResponse({ id: 'm', object: 'model' })));
  const client = createClient({ ...DEFAULTS, apiKey: 'sk-x', headers: {}, fetch: upstream.fetch, maxRetries: 0 });
  const ops: string[] = [];
  const backend: Backend = { name: 'responses', call: async (op) => (ops.push(op), { ok: true }) };
  let scope = 'key-a';
  const checked = withModelCheck(backend, client, async () => scope, () => 1_000);
  await checked.call('createAssistant', { model: 'gpt-cached-1' }, { idempotent: false });
  await checked.call('createAssistant', { model: 'gpt-cached-1' }, { idempotent: false });
  await checked.call('modifyAssistant', { assistant_id: 'asst_1', name: 'x' }, { idempotent: false });
  assert.deepEqual(upstream.calls.map((c) => `${c.method} ${new URL(c.url).pathname}`), ['GET /v1/models/gpt-cached-1']);
  scope = 'key-b';
  await checked.call('modifyAssistant', { assistant_id: 'asst_1', model: 'gpt-cached-1' }, { idempotent: false });
  assert.equal(upstream.calls.length, 2, 'another key is checked again');
  await assert.rejects(checked.call('createAssistant', { model: 'nope' }, { idempotent: false }), (error: unknown) => {
    assert.ok(error instanceof ToolError);
    assert.match(error.message, /model "nope" is not available to this API key/);
    return true;
  });
  assert.deepEqual(ops, ['createAssistant', 'createAssistant', 'modifyAssistant', 'modifyAssistant'], 'nothing created for the bad model');
});
