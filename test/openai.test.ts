import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createClient, type ClientOptions } from '../src/openai.js';
import { OpenAIError } from '../src/openai/errors.js';
import { CANARY_KEY, jsonResponse, recordingFetch } from './helpers/in-process.js';

const sleeps: number[] = [];
function client(fetch: ClientOptions['fetch'], options: Partial<ClientOptions> = {}) {
  sleeps.length = 0;
  return createClient({
    apiKey: CANARY_KEY,
    baseUrl: 'https://example.test/v1/',
    authHeader: 'authorization',
    queryParams: {},
    headers: { 'openai-beta': 'assistants=v2' },
    timeoutMs: 1000,
    maxRetries: 2,
    fetch,
    sleep: async (ms) => void sleeps.push(ms),
    ...options,
  });
}
const get = { method: 'GET', path: '/assistants', idempotent: true } as const;
const create = { method: 'POST', path: '/assistants', body: { model: 'm' }, idempotent: false } as const;

test('sends auth, JSON and extra headers; builds URL with query arrays', async () => {
  const { calls, fetch } = recordingFetch(() => jsonResponse({ id: 'a' }));
  const result = await client(fetch).request({ ...create, query: { include: ['x', 'y'], skip: undefined } });
  assert.deepEqual(result, { id: 'a' });
  assert.equal(calls[0].url, 'https://example.test/v1/assistants?include%5B%5D=x&include%5B%5D=y');
  assert.equal(calls[0].headers.authorization, `Bearer ${CANARY_KEY}`);
  assert.equal(calls[0].headers['openai-beta'], 'assistants=v2');
  assert.equal(calls[0].headers['content-type'], 'application/json');
  assert.deepEqual(calls[0].body, { model: 'm' });
});

test('Azure style: api-key header and api-version on every request', async () => {
  const { calls, fetch } = recordingFetch(() => jsonResponse({}));
  await client(fetch, { authHeader: 'api-key', queryParams: { 'api-version': '2025-05-01' } }).request({ ...get, query: { limit: 2 } });
  assert.equal(calls[0].url, 'https://example.test/v1/assistants?api-version=2025-05-01&limit=2');
  assert.equal(calls[0].headers['api-key'], CANARY_KEY);
  assert.equal(calls[0].headers.authorization, undefined);
});

test('errors carry status, type, code, param and the request id', async () => {
  const { fetch } = recordingFetch(() =>
    jsonResponse({ error: { message: 'No assistant found', type: 'invalid_request_error', code: 'nope', param: 'assistant_id' } }, 404, { 'x-request-id': 'req_42' }),
  );
  await assert.rejects(client(fetch).request(get), (error: OpenAIError) => {
    assert.equal(error.message, 'No assistant found');
    assert.deepEqual(error.details, {
      method: 'GET', path: '/assistants', status: 404, type: 'invalid_request_error', code: 'nope', param: 'assistant_id', requestId: 'req_42', attempts: 1,
    });
    return true;
  });
});

test('a 429 is retried, even for a create, honouring retry-after-ms and retry-after', async () => {
  let n = 0;
  const { calls, fetch } = recordingFetch(() =>
    ++n === 1 ? jsonResponse({}, 429, { 'retry-after-ms': '15' }) : n === 2 ? jsonResponse({}, 429, { 'retry-after': '2' }) : jsonResponse({ id: 'ok' }),
  );
  assert.deepEqual(await client(fetch).request(create), { id: 'ok' });
  assert.equal(calls.length, 3);
  assert.deepEqual(sleeps, [15, 2000]);
});

test('a retry-after beyond 60 s is not waited for', async () => {
  const { calls, fetch } = recordingFetch(() => jsonResponse({ error: { message: 'slow down' } }, 429, { 'retry-after': '3600' }));
  await assert.rejects(client(fetch).request(get), /slow down/);
  assert.equal(calls.length, 1);
});

test('a 500 on a create is not retried; on a GET it is, with backoff, up to maxRetries', async () => {
  const failing = recordingFetch(() => jsonResponse({ error: { message: 'boom' } }, 500));
  await assert.rejects(client(failing.fetch).request(create), (e: OpenAIError) => e.details.status === 500);
  assert.equal(failing.calls.length, 1);

  const failingGet = recordingFetch(() => jsonResponse({ error: { message: 'boom' } }, 503));
  await assert.rejects(client(failingGet.fetch).request(get), (e: OpenAIError) => e.details.attempts === 3);
  assert.equal(failingGet.calls.length, 3);
  assert.equal(sleeps.length, 2);
  assert.ok(sleeps[0] >= 375 && sleeps[0] <= 500 && sleeps[1] >= 750 && sleeps[1] <= 1000, String(sleeps));
});

test('network errors: retried when idempotent, reported with the cause', async () => {
  const { calls, fetch } = recordingFetch(() => {
    throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
  });
  await assert.rejects(client(fetch).request(get), (e: OpenAIError) => e.kind === 'network' && /ECONNRESET/.test(e.message));
  assert.equal(calls.length, 3);
  await assert.rejects(client(fetch).request(create), (e: OpenAIError) => e.kind === 'network');
  assert.equal(calls.length, 4);
});

test('a slow upstream times out', async () => {
  const fetch = (_url: string, init: RequestInit) =>
    new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
  await assert.rejects(client(fetch, { timeoutMs: 20, maxRetries: 0 }).request(get), (e: OpenAIError) => e.kind === 'timeout' && /20 ms/.test(e.message));
});

test('the caller\'s signal aborts the request and stops retries', async () => {
  const controller = new AbortController();
  let seen: AbortSignal | undefined;
  const fetch = (_url: string, init: RequestInit) =>
    new Promise<Response>((_, reject) => {
      seen = init.signal ?? undefined;
      init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
  const pending = client(fetch).request({ ...get, signal: controller.signal });
  controller.abort();
  await assert.rejects(pending, (e: OpenAIError) => e.kind === 'aborted');
  assert.equal(seen?.aborted, true);
});

test('non-JSON success bodies are an error, empty bodies are {}', async () => {
  await assert.rejects(client(recordingFetch(() => new Response('<html>')).fetch).request(get), /not JSON/);
  assert.deepEqual(await client(recordingFetch(() => new Response('')).fetch).request(get), {});
});

test('error bodies in other shapes are read as the message: {"detail"}, FastAPI lists, {"message"}, plain text', async () => {
  const cases: [string, string, string | undefined][] = [
    [JSON.stringify({ detail: 'Response not found' }), 'Response not found', undefined],
    [JSON.stringify({ detail: [{ loc: ['body', 'input'], msg: 'Field required', type: 'missing' }] }), 'input: Field required', 'input'],
    [JSON.stringify({ message: 'bad thing' }), 'bad thing', undefined],
    [JSON.stringify({ error: 'plain error string' }), 'plain error string', undefined],
    ['Internal Server Error\n', 'Internal Server Error', undefined],
  ];
  for (const [body, message, param] of cases) {
    const fetch = async () => new Response(body, { status: 400 });
    await assert.rejects(client(fetch, { maxRetries: 0 }).request(get), (error: OpenAIError) => {
      assert.equal(error.message, message);
      assert.equal(error.details.param, param);
      return true;
    });
  }
});

test('a body-less POST has no body and no content type; a 409 marked final is never retried', async () => {
  const { calls, fetch } = recordingFetch(() => jsonResponse({ error: { message: 'Cannot cancel' } }, 409));
  await assert.rejects(client(fetch).request({ method: 'POST', path: '/responses/r/cancel', idempotent: true, conflictIsFinal: true }), /Cannot cancel/);
  assert.equal(calls.length, 1, 'not retried');
  assert.equal(calls[0].body, undefined);
  assert.equal(calls[0].headers['content-type'], undefined);
  await assert.rejects(client(fetch).request({ method: 'POST', path: '/threads/t/runs/r', body: {}, idempotent: true }));
  assert.equal(calls.length, 4, 'an ordinary idempotent 409 is retried');
});
