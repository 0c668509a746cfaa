import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { PassThrough } from 'node:stream';
import { nodeFetch } from '../../src/node/fetch.js';
import { tuneWhenWarm } from '../../src/node/tune-when-warm.js';
import { trackUpstream } from '../../src/transports/request-log.js';
import { createClient } from '../../src/openai.js';
import type { OpenAIError } from '../../src/openai/errors.js';
import { FetchTimeoutError } from '../../src/openai/fetch-types.js';

let server: Server;
let base: string;
const ports: number[] = [];

before(async () => {
  server = createServer((req, res) => {
    ports.push(req.socket.remotePort ?? 0);
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.url === '/hang') return;
      if (req.url === '/stall-body') return void (res.writeHead(200, { 'content-type': 'application/json' }), res.write('{"partial":'));
      if (req.url === '/stall-stream') return void (res.writeHead(200, { 'content-type': 'text/event-stream' }), res.write(': open\n\n'));
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'application/json', 'x-request-id': 'req_1', 'set-cookie': ['a=1', 'b=2'] });
      res.end(JSON.stringify({ method: req.method, body, auth: req.headers.authorization ?? null }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const init = (extra: Partial<Parameters<typeof nodeFetch>[1]> = {}) => ({ method: 'GET', headers: { authorization: 'Bearer k' }, signal: new AbortController().signal, ...extra });

test('returns status, headers and body; sends method, headers and body', async () => {
  const response = await nodeFetch(`${base}/x`, init({ method: 'POST', body: '{"a":"é"}' }));
  assert.equal(response.ok, true);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('X-Request-Id'), 'req_1');
  assert.equal(response.headers.get('set-cookie'), 'a=1, b=2');
  assert.equal(response.headers.has('retry-after'), false);
  assert.deepEqual(JSON.parse(await response.text()), { method: 'POST', body: '{"a":"é"}', auth: 'Bearer k' });
  const missing = await nodeFetch(`${base}/missing`, init());
  assert.deepEqual([missing.ok, missing.status], [false, 404]);
});

test('keeps the connection alive between requests', async () => {
  ports.length = 0;
  await nodeFetch(`${base}/a`, init());
  await nodeFetch(`${base}/b`, init());
  assert.equal(ports[0], ports[1]);
});

test('a kept-alive socket closed by the server is replaced once for an idempotent request', async () => {
  await nodeFetch(`${base}/warm`, init());
  server.closeIdleConnections();
  const response = await nodeFetch(`${base}/after-close`, init({ method: 'DELETE', idempotent: true }));
  assert.equal(response.status, 200);
});

test('a create the upstream processed before resetting its kept-alive socket is sent exactly once', async () => {
  // A raw upstream: answers GETs (keeping the socket alive), records each POST, then drops the connection unanswered.
  const creates: string[] = [];
  const upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.method === 'POST') {
        creates.push(body);
        return void req.socket.destroy();
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"object":"list","data":[]}');
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const client = createClient({
    apiKey: 'k', baseUrl: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`, authHeader: 'authorization',
    queryParams: {}, headers: {}, timeoutMs: 5000, maxRetries: 2, fetch: nodeFetch, sleep: async () => {},
  });
  try {
    await client.request({ method: 'GET', path: '/assistants', idempotent: true });
    await assert.rejects(client.request({ method: 'POST', path: '/assistants', body: { model: 'm' }, idempotent: false }), (error: OpenAIError) => {
      assert.equal(error.kind, 'network');
      return true;
    });
    assert.equal(creates.length, 1, 'the reset create was not sent again, by the transport or the client');
  } finally {
    upstream.closeAllConnections();
    upstream.close();
  }
});

test('aborting rejects the pending request', async () => {
  const controller = new AbortController();
  const pending = nodeFetch(`${base}/hang`, init({ signal: controller.signal }));
  setTimeout(() => controller.abort(), 10);
  await assert.rejects(pending, { name: 'AbortError' });
});

test('connection refused is reported with its code', async () => {
  await assert.rejects(nodeFetch('http://127.0.0.1:1/', init()), { code: 'ECONNREFUSED' });
  await assert.rejects(nodeFetch('ftp://127.0.0.1/', init()), /unsupported protocol/);
});

test('an upstream answer over OPENAI_MAX_RESPONSE_BYTES is abandoned (connection closed) and fails the call once, clearly', async () => {
  let requests = 0;
  let closed = 0;
  const upstream = createServer((req, res) => {
    requests++;
    req.socket.once('close', () => closed++);
    res.writeHead(200, { 'content-type': 'application/json' });
    // No content-length: the bound must hold while reading, not just from the header.
    const chunk = `"${'x'.repeat(64 * 1024)}",`;
    res.write('{"object":"list","data":[');
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const client = createClient({
    apiKey: 'k', baseUrl: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`, authHeader: 'authorization',
    queryParams: {}, headers: {}, timeoutMs: 10_000, maxRetries: 2, maxUpstreamBytes: 1024 * 1024, fetch: nodeFetch, sleep: async () => {},
  });
  try {
    await assert.rejects(client.request({ method: 'GET', path: '/assistants', idempotent: true }), (error: OpenAIError) => {
      assert.match(error.message, /more than 1048576 bytes \(OPENAI_MAX_RESPONSE_BYTES\)/);
      return true;
    });
    assert.equal(requests, 1, 'a too-large answer is not retried');
    for (let i = 0; closed < 1; i++) {
      if (i > 500) assert.fail('the upstream connection stayed open');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    upstream.closeAllConnections();
    upstream.close();
  }
});

test('timeoutMs: no headers in time, or a body that stalls, rejects with FetchTimeoutError; an event stream is on its own once its headers came', { timeout: 10_000 }, async () => {
  assert.equal(nodeFetch.enforcesTimeout, true);
  await assert.rejects(nodeFetch(`${base}/hang`, init({ timeoutMs: 50 })), (error: Error) => error instanceof FetchTimeoutError && error.timeoutMs === 50);
  const stalled = await nodeFetch(`${base}/stall-body`, init({ timeoutMs: 50 }));
  await assert.rejects(stalled.text(), (error: Error) => error instanceof FetchTimeoutError);
  const caller = new AbortController();
  const stream = await nodeFetch(`${base}/stall-stream`, init({ timeoutMs: 50, stream: true, signal: caller.signal }));
  await new Promise((resolve) => setTimeout(resolve, 150));
  const chunks = (stream.body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  assert.equal(Buffer.from((await chunks.next()).value).toString(), ': open\n\n', 'the stream outlives the timeout');
  caller.abort();
  await assert.rejects(chunks.next(), 'the caller\'s abort still ends it');
});

test('through the client, the timeout of a fetch that enforces it reads as a timeout, and the caller\'s abort as a cancellation', { timeout: 10_000 }, async () => {
  const client = createClient({ apiKey: 'k', baseUrl: base, authHeader: 'authorization', queryParams: {}, headers: {}, timeoutMs: 50, maxRetries: 0, fetch: nodeFetch });
  await assert.rejects(client.request({ method: 'GET', path: '/hang', idempotent: true }), (error: OpenAIError) => error.kind === 'timeout' && /within 50 ms/.test(error.message));
  await assert.rejects(client.request({ method: 'GET', path: '/stall-body', idempotent: true }), (error: OpenAIError) => error.kind === 'timeout');
  const caller = new AbortController();
  const pending = createClient({ apiKey: 'k', baseUrl: base, authHeader: 'authorization', queryParams: {}, headers: {}, timeoutMs: 60_000, maxRetries: 0, fetch: nodeFetch }).request({ method: 'GET', path: '/hang', idempotent: true, signal: caller.signal });
  setTimeout(() => caller.abort(), 20);
  await assert.rejects(pending, (error: OpenAIError) => error.kind === 'aborted');
});

test('the fetch wrappers (request ids on --http, tuning on stdio) keep declaring that the timeout is enforced', () => {
  assert.equal(trackUpstream(nodeFetch, []).enforcesTimeout, true);
  const input = new PassThrough();
  assert.equal(tuneWhenWarm(nodeFetch, input, () => {}).enforcesTimeout, true);
  assert.equal(trackUpstream((url, init) => fetch(url, init as RequestInit) as never, []).enforcesTimeout, undefined, 'a plain fetch does not');
  input.destroy();
});
