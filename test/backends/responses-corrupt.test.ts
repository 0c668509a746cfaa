/** A corrupt record in the `responses` backend's store: lists skip it with a warning, and it can be deleted. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createResponsesBackend } from '../../src/backends/responses/index.js';
import { loadConfig } from '../../src/config.js';
import { createClient } from '../../src/openai.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { callTool } from '../../src/tools/call.js';
import { selectionFor } from '../../src/tools/selection.js';
import { CANARY_KEY } from '../helpers/in-process.js';

function setup() {
  const records = new Map<string, string>();
  const upstream: string[] = [];
  const fetch = async (url: string) => {
    upstream.push(url);
    return new Response('{"error":{"message":"not expected"}}', { status: 500 });
  };
  const client = createClient({ apiKey: CANARY_KEY, baseUrl: 'http://upstream.test/v1', authHeader: 'authorization', queryParams: {}, headers: {}, timeoutMs: 1000, maxRetries: 0, fetch });
  const backend = createResponsesBackend({ client, store: createMemoryStore(records), namespace: async () => 'ns-corrupt' });
  const logs: string[] = [];
  const ctx = {
    config: loadConfig({ OPENAI_API_KEY: CANARY_KEY }),
    backend,
    selection: selectionFor({ toolsets: ['all'] }),
    session: { protocolVersion: '2025-11-25' },
    signal: new AbortController().signal,
    notify() {},
    log: (_level: string, message: string) => void logs.push(message),
  };
  const call = async (name: string, args: Record<string, unknown>) => {
    const result = await callTool({ name, arguments: args }, ctx);
    assert.notEqual(result.isError, true, `${name}: ${result.content[0].text}`);
    return result.structuredContent as any;
  };
  return { records, logs, call, upstream };
}

for (const [what, damage] of [['truncated', (text: string) => text.slice(0, text.length >> 1)], ['foreign', () => '{"hello":1}']] as const) {
  test(`a ${what} assistant record is skipped by assistant-list with a warning, and assistant-delete removes it`, async () => {
    const { records, logs, call } = setup();
    const good = await call('assistant-create', { model: 'gpt-4o', name: 'good' });
    const bad = await call('assistant-create', { model: 'gpt-4o', name: 'bad' });
    const badKey = [...records.keys()].find((key) => key.endsWith(`/assistants/id/${bad.id}`))!;
    records.set(badKey, damage(records.get(badKey)!));

    const list = await call('assistant-list', {});
    assert.deepEqual(list.data.map((a: any) => a.id), [good.id]);
    assert.equal(logs.length, 1);
    assert.match(logs[0], new RegExp(`assistant-list: skipped a corrupt record .*assistant-delete assistant_id "${bad.id}"`));

    const deleted = await call('assistant-delete', { assistant_id: bad.id });
    assert.deepEqual([deleted.id, deleted.deleted], [bad.id, true]);
    assert.ok(![...records.keys()].some((key) => key.endsWith(bad.id)), 'record and index entry are gone');
    assert.deepEqual((await call('assistant-list', {})).data.map((a: any) => a.id), [good.id]);
    assert.equal(logs.length, 1, 'no more warnings');
  });
}
