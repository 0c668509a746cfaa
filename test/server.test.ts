/** createServerCore: store namespaces by tenancy, and the injected runtime services. */
import assert from 'node:assert/strict';
import { createHash, webcrypto } from 'node:crypto';
import { test } from 'node:test';
import { DEFAULTS, type Config } from '../src/config.js';
import { createServerCore, type Tenancy } from '../src/server.js';
import { createMemoryStore } from '../src/store/memory.js';
import { CANARY_KEY, jsonResponse, recordingFetch } from './helpers/in-process.js';

const digest = createHash('sha256').update(CANARY_KEY).digest('hex').slice(0, 16);

async function namespaceOf(tenancy: Tenancy, config: Partial<Config> = {}) {
  const records = new Map<string, string>();
  const upstream = recordingFetch(() => jsonResponse({ id: 'gpt-4o', object: 'model' }));
  const digests: string[] = [];
  const crypto = { subtle: { digest: (algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>) => (digests.push(algorithm), webcrypto.subtle.digest(algorithm, data)) } };
  const core = createServerCore({ ...DEFAULTS, backend: 'responses', apiKey: CANARY_KEY, baseUrl: 'http://upstream.test/v1', ...config }, { fetch: upstream.fetch, store: createMemoryStore(records), crypto, now: () => 1_700_000_000_000 }, tenancy);
  const created = (await core.backend!.call('createAssistant', { model: 'gpt-4o' }, { idempotent: false })) as { created_at: number };
  assert.equal(created.created_at, 1_700_000_000, 'the injected clock dates records');
  assert.ok(digests.length > 0, 'the injected Web Crypto hashes the key');
  return [...new Set([...records.keys()].map((key) => key.split('/')[0]))];
}

test('shared servers (HTTP, Worker) keep each key apart; stdio keeps one namespace whatever the key', async () => {
  assert.deepEqual(await namespaceOf('shared'), [digest]);
  assert.deepEqual(await namespaceOf('shared', { storeNamespace: 'team-a' }), [`team-a.${digest}`]);
  assert.deepEqual(await namespaceOf('single-user'), ['default']);
  assert.deepEqual(await namespaceOf('single-user', { storeNamespace: 'mine' }), ['mine']);
});
