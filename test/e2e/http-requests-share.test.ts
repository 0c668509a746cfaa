/**
 * `--http` and the Worker build a server core per request; what belongs to the process must
 * outlive it: the runs this process drives on an upstream without background mode, and the
 * corrections learned from the upstream's refusals.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULTS } from '../../src/config.js';
import { createHttpHandler } from '../../src/transports/http.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { PROFILES } from '../../src/upstream/profile.js';
import { startFakeResponses } from '../fake/responses-server.js';
import { CANARY_KEY } from '../helpers/in-process.js';

test('over HTTP, a run driven in one request is read in the next, and each correction is learned once', async () => {
  // Ollama-like: no background mode (runs are streams this process drives), no conversations.
  const fake = await startFakeResponses({ apiKey: CANARY_KEY, capabilities: PROFILES.ollama, streamDelayMs: 40 });
  try {
    // The generic guess: the upstream's refusals must correct it.
    const handle = createHttpHandler({ ...DEFAULTS, backend: 'responses', baseUrl: fake.url, maxRetries: 0, toolsets: ['all'] }, { fetch: (url, init) => fetch(url, init), store: createMemoryStore() });
    let id = 0;
    const ok = async (name: string, args: Record<string, unknown>) => {
      const response = await handle(new Request('http://localhost/mcp', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${CANARY_KEY}` },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method: 'tools/call', params: { name, arguments: args } }),
      }));
      const { result } = await response.json();
      assert.notEqual(result.isError, true, `${name}: ${result.content?.[0]?.text}`);
      return result.structuredContent;
    };
    const assistant = await ok('assistant-create', { model: 'gpt-4o' });
    const thread = await ok('thread-create', { messages: [{ role: 'user', content: 'SLOW answer please' }] });
    const run = await ok('run-create', { thread_id: thread.id, assistant_id: assistant.id });
    const read = await ok('run-get', { thread_id: thread.id, run_id: run.id });
    assert.ok(['queued', 'in_progress', 'completed'].includes(read.status), `the next request finds the run alive, not ${read.status}: ${JSON.stringify(read.last_error)}`);
    fake.settle();
    let status = read.status;
    for (let i = 0; i < 100 && status !== 'completed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = (await ok('run-get', { thread_id: thread.id, run_id: run.id })).status;
    }
    assert.equal(status, 'completed');
    const again = await ok('message-create-and-run', { thread_id: thread.id, assistant_id: assistant.id, content: 'And again', timeout_ms: 20_000 });
    assert.equal(again.status, 'completed');
    const posts = fake.requests.filter((r) => r.method === 'POST' && r.path === '/responses');
    assert.equal(posts.filter((r) => (r.body as any).background === true).length, 1, 'one background request refused, then foreground streams');
    assert.equal(fake.requests.filter((r) => r.path === '/conversations').length, 1, 'one conversation create refused, then threads kept here');
  } finally {
    await fake.close();
  }
});
