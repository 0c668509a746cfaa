/** `dist/cli.cjs --http` on 127.0.0.1 against the local fake upstream: both eras end to end, auth, Origin, cancellation. */
import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { startFakeAssistants, type FakeAssistants } from '../fake/assistants-server.js';
import { startHttpCli, postRpc, type HttpProcess } from '../helpers/http-process.js';
import { CANARY_KEY } from '../helpers/in-process.js';
import { runWorkflow } from '../helpers/workflow.js';

const MODERN = '2026-07-28';
const meta = { 'io.modelcontextprotocol/protocolVersion': MODERN, 'io.modelcontextprotocol/clientCapabilities': {} };
let fake: FakeAssistants;
let server: HttpProcess;

before(async () => {
  fake = await startFakeAssistants({ apiKey: CANARY_KEY });
  server = await startHttpCli({ OPENAI_BASE_URL: fake.url, MCP_TOOLSETS: 'all' });
});
after(async () => {
  await server?.stop();
  await fake?.close();
  assert.ok(!server.stderr().includes(CANARY_KEY) && !server.stdout().includes(CANARY_KEY), 'the key never appears in output');
});

const auth = { authorization: `Bearer ${CANARY_KEY}` };

test('all 22 tools over HTTP, legacy era (2025-11-25 headers)', async () => {
  let id = 0;
  const used = await runWorkflow(async (name, args) => {
    const reply = await postRpc(server.url, { jsonrpc: '2.0', id: ++id, method: 'tools/call', params: { name, arguments: args } }, { ...auth, 'mcp-protocol-version': '2025-11-25' });
    assert.equal(reply.status, 200, reply.text);
    return reply.body.result;
  });
  assert.equal(used.size, 22);
});

test('all 22 tools over HTTP, 2026-07-28 era (per-request _meta and mirrored headers)', async () => {
  let id = 0;
  const used = await runWorkflow(async (name, args) => {
    const headers = { ...auth, 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call', 'mcp-name': name };
    const reply = await postRpc(server.url, { jsonrpc: '2.0', id: ++id, method: 'tools/call', params: { name, arguments: args, _meta: meta } }, headers);
    assert.equal(reply.status, 200, reply.text);
    assert.equal(reply.body.result.resultType, 'complete');
    return reply.body.result;
  });
  assert.equal(used.size, 22);
});

test('loopback defaults: foreign Host and Origin are refused, localhost origins allowed', async () => {
  const port = new URL(server.url).port;
  const rebinding = await new Promise<number>((resolve, reject) => {
    // fetch cannot override Host; node:http can.
    const req = request(
      { host: '127.0.0.1', port, path: '/mcp', method: 'POST', headers: { host: `evil.example:${port}`, 'content-type': 'application/json' } },
      (res: IncomingMessage) => { res.resume(); resolve(res.statusCode!); },
    );
    req.on('error', reject);
    req.end('{"jsonrpc":"2.0","id":1,"method":"ping"}');
  });
  assert.equal(rebinding, 403);
  const ping = { jsonrpc: '2.0', id: 1, method: 'ping' };
  assert.equal((await postRpc(server.url, ping, { ...auth, origin: 'https://evil.example' })).status, 403);
  const local = await postRpc(server.url, ping, { ...auth, origin: 'http://localhost:5173' });
  assert.equal(local.status, 200);
  assert.equal(local.headers.get('access-control-allow-origin'), 'http://localhost:5173');
});

test('closing the SSE response stream aborts the upstream request at once', async () => {
  const arrived: IncomingMessage[] = [];
  let closed!: () => void;
  const upstreamClosed = new Promise<void>((resolve) => (closed = resolve));
  const slow = createServer((req) => {
    arrived.push(req);
    req.socket.once('close', () => closed());
  });
  await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
  const local = await startHttpCli({ OPENAI_BASE_URL: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/v1` });
  try {
    const aborter = new AbortController();
    const response = await fetch(local.url, {
      method: 'POST',
      signal: aborter.signal,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...auth },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'assistant-list', arguments: {}, _meta: { progressToken: 'p' } } }),
    });
    assert.equal(response.headers.get('content-type'), 'text/event-stream');
    while (arrived.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    aborter.abort();
    await upstreamClosed;
    const health = await fetch(local.url.replace(/\/mcp$/, '/health'));
    assert.equal(health.status, 200, 'the server keeps serving');
  } finally {
    await local.stop();
    slow.close();
  }
});

test('a server key without MCP_AUTH_TOKENS: --http refuses to start, without printing the key', async () => {
  await assert.rejects(startHttpCli({ OPENAI_API_KEY: CANARY_KEY }), (error: any) => {
    assert.equal(error.code, 2);
    assert.match(error.stderr, /MCP_AUTH_TOKENS/);
    assert.ok(!error.stderr.includes(CANARY_KEY));
    return true;
  });
});

test('one call from question to answer over HTTP: progress as SSE events, then the result', async () => {
  const headers = { ...auth, 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call' };
  const created = await postRpc(server.url, { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'assistant-create', arguments: { model: 'gpt-4o' }, _meta: meta } }, { ...headers, 'mcp-name': 'assistant-create' });
  const assistant_id = created.body.result.structuredContent.id;
  const reply = await postRpc(
    server.url,
    { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'thread-create-and-run', arguments: { assistant_id, message: 'Hello over HTTP' }, _meta: { ...meta, progressToken: 7 } } },
    { ...headers, 'mcp-name': 'thread-create-and-run' },
  );
  assert.equal(reply.headers.get('content-type'), 'text/event-stream');
  const events = reply.text.split('\n\n').filter(Boolean).map((frame) => JSON.parse(frame.split('data: ')[1]));
  const last = events.at(-1);
  assert.equal(last.id, 2);
  assert.match(last.result.structuredContent.answer, /Hello over HTTP/);
  const progress = events.slice(0, -1).map((e) => e.params);
  assert.ok(progress.length >= 2 && events.slice(0, -1).every((e) => e.method === 'notifications/progress'));
  assert.ok(progress.every((p, i) => p.progressToken === 7 && (i === 0 || p.progress > progress[i - 1].progress)));
});

test('one request log line per request at info, none lost when the server is stopped right after', async () => {
  const own = await startHttpCli({ OPENAI_BASE_URL: fake.url });
  const calls = 20;
  const replies = await Promise.all(Array.from({ length: calls }, (_, i) => postRpc(own.url, { jsonrpc: '2.0', id: i, method: i % 2 ? 'tools/list' : 'tools/call', params: i % 2 ? {} : { name: 'assistant-list', arguments: {} } }, auth)));
  assert.ok(replies.every((reply) => reply.status === 200));
  await own.stop();
  const lines = own.stderr().split('\n').filter((line) => / info http POST \/mcp /.test(line));
  assert.equal(lines.filter((line) => / tools\/list 200 \d+ms$/.test(line)).length, calls / 2, own.stderr().slice(-600));
  assert.equal(lines.filter((line) => / tools\/call assistant-list 200 \d+ms upstream=\S+$/.test(line)).length, calls / 2);
  assert.ok(lines.every((line) => line.startsWith('openai-assistants-mcp ')), 'each line whole, on its own line');
});
