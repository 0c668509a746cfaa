/**
 * Every upstream event stream a call opened is closed when the call ends: cancelled, its HTTP
 * client gone, or its deadline passed. The upstream here holds each run stream open after the
 * first event, and counts the streams still open from its side.
 */
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { Miniflare } from 'miniflare';
import { DEFAULTS } from '../../src/config.js';
import { nodeFetch } from '../../src/node/fetch.js';
import { createClient } from '../../src/openai.js';
import { serveHttp } from '../../src/node/http-server.js';
import { createHttpTransport } from '../../src/transports/http.js';
import { CANARY_KEY, connect } from '../helpers/in-process.js';

/** Every run stream the upstream opened, in order; `closed` once its connection is gone. */
const streams: { res: ServerResponse; closed: boolean }[] = [];
let upstream: Server;
let baseUrl: string;

const RUN = { id: 'run_1', object: 'thread.run', thread_id: 'thread_1', assistant_id: 'asst_1', status: 'in_progress' };

before(async () => {
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const json = (value: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.method === 'POST' && req.url === '/v1/threads') return json({ id: 'thread_1', object: 'thread' });
      if (req.method === 'POST' && /\/runs$/.test(req.url ?? '') && JSON.parse(body).stream === true) {
        const stream = { res, closed: false };
        streams.push(stream);
        res.on('close', () => (stream.closed = true));
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        // One event, then silence: the stream stays open until someone closes it.
        return void res.write(`event: thread.run.created\ndata: ${JSON.stringify({ ...RUN, status: 'queued' })}\n\n`);
      }
      if (req.method === 'GET' && req.url?.startsWith('/v1/threads/thread_1/runs/run_1')) return json(RUN);
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"no such route","type":"invalid_request_error"}}');
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
});
after(() => {
  upstream.closeAllConnections();
  upstream.close();
});

/** Runs `call`, waits until it opened a run stream, runs `end`, then waits until that stream is closed upstream. */
async function streamClosedAfter(call: () => void, end: () => void, what: string): Promise<void> {
  const first = streams.length;
  call();
  await until(() => streams.length > first, 'the run stream to open');
  end();
  await until(() => streams.slice(first).every((s) => s.closed), `the upstream stream to close ${what}`);
}

/** Resolves once `condition` holds; fails after a generous bound (a hang, not a slow machine). */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 10_000) assert.fail(`still waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const config = () => ({ backend: 'assistants' as const, baseUrl, apiKey: CANARY_KEY });
const ask = (id: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'thread-create-and-run', arguments: { assistant_id: 'asst_1', message: 'hi', ...extra }, _meta: { progressToken: id } } });

test('notifications/cancelled closes the upstream stream', async () => {
  const c = connect(config(), nodeFetch);
  await streamClosedAfter(
    () => c.connection.receive(ask(1)),
    () => c.connection.receive('{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}'),
    'after the cancel',
  );
  await c.connection.idle();
  assert.equal(c.sent.filter((m) => m.id === 1).length, 0, 'a cancelled request gets no response');
});

test('the timeout_ms deadline answers timed_out and closes the upstream stream', async () => {
  const c = connect(config(), nodeFetch);
  const first = streams.length;
  const [reply] = (await c.raw(ask(2, { timeout_ms: 1000 }))).filter((m) => m.id === 2);
  assert.equal(reply.result.structuredContent.timed_out, true);
  assert.equal(streams.length, first + 1);
  await until(() => streams[first].closed, 'the upstream stream to close at the deadline');
});

test('an HTTP client dropping its SSE response closes the upstream stream', async () => {
  const server = await serveHttp(createHttpTransport({ ...DEFAULTS, ...config(), apiKey: undefined }, { fetch: nodeFetch }), 0, '127.0.0.1');
  try {
    const client = httpRequest({
      host: '127.0.0.1',
      port: (server.address() as AddressInfo).port,
      path: '/mcp',
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${CANARY_KEY}` },
    });
    client.on('error', () => {});
    await streamClosedAfter(() => client.end(ask(3)), () => client.destroy(), 'after the client left');
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('on the Worker (Miniflare), a client dropping its SSE response closes the upstream stream: the keep-alive comment lets workerd notice', async () => {
  const scriptPath = fileURLToPath(new URL('../../../dist/worker.js', import.meta.url));
  // As wrangler.toml deploys it: request.signal aborts when the client is gone.
  const mf = new Miniflare({ modules: true, scriptPath, compatibilityDate: '2025-09-01', compatibilityFlags: ['enable_request_signal'], bindings: { OPENAI_BASE_URL: baseUrl, OPENAI_BACKEND: 'assistants', MCP_SSE_KEEPALIVE_MS: '200', MCP_LOG_LEVEL: 'off' } });
  try {
    const url = await mf.ready;
    const client = httpRequest({
      host: url.hostname,
      port: Number(url.port),
      path: '/mcp',
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${CANARY_KEY}` },
    });
    client.on('error', () => {});
    client.on('response', (res) => res.resume());
    await streamClosedAfter(() => client.end(ask(5)), () => client.destroy(), 'after the client left the Worker');
  } finally {
    await mf.dispose();
  }
});

test('the caller\'s abort closes an opened stream even while nobody reads it', async () => {
  const client = createClient({ apiKey: CANARY_KEY, baseUrl, authHeader: 'authorization', queryParams: {}, headers: {}, timeoutMs: 5000, maxRetries: 0, fetch: nodeFetch });
  const controller = new AbortController();
  const first = streams.length;
  const events = await client.stream({ method: 'POST', path: '/threads/thread_1/runs', body: { stream: true }, idempotent: false, signal: controller.signal });
  assert.ok(events);
  assert.equal(streams.length, first + 1);
  controller.abort();
  await until(() => streams[first].closed, 'the upstream stream to close after the abort');
});
