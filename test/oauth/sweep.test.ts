import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sweepExpired } from '../../src/oauth/sweep.js';
import { createMemoryStore } from '../../src/store/memory.js';

test('the sweep removes expired requests, codes, tokens and rotation marks, and keeps live records and clients', async () => {
  const records = new Map<string, string>();
  const store = createMemoryStore(records);
  await store.put('oauth/client/mcp_client_a', { clientId: 'mcp_client_a', redirectUris: [] });
  for (const kind of ['request', 'code', 'token', 'rotated']) {
    await store.put(`oauth/${kind}/old`, { expiresAt: 999 });
    await store.put(`oauth/${kind}/live`, { expiresAt: 1001 });
  }
  await store.put('responses/other', { expiresAt: 1 });
  assert.equal(await sweepExpired(store, 1000), 4);
  assert.deepEqual([...records.keys()].sort(), ['oauth/client/mcp_client_a', 'oauth/code/live', 'oauth/request/live', 'oauth/rotated/live', 'oauth/token/live', 'responses/other']);
});
