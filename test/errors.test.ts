import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CANARY_KEY, connect, jsonResponse, recordingFetch } from './helpers/in-process.js';
import { loadConfig } from '../src/config.js';
import { describeFailure, redact } from '../src/errors.js';
import { createClient } from '../src/openai.js';
import { TOOLS_BY_NAME } from '../src/tools/index.js';

const failWith = (status: number, error: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  recordingFetch(() => jsonResponse({ error: { message: 'upstream says no', ...error } }, status, { 'x-request-id': 'req_7', ...headers })).fetch;

test('upstream errors become isError results with status, advice and request id', async () => {
  const result = await connect({ maxRetries: 0 }, failWith(404, { type: 'invalid_request_error' })).call('assistant-get', { assistant_id: 'asst_9' });
  assert.equal(result.isError, true);
  assert.equal(result.structuredContent, undefined);
  assert.equal(
    result.content[0].text,
    'assistant-get failed: the API answered 404 (invalid_request_error): upstream says no\nWhat to do: Check the ID; find valid ones with assistant-list.\nRequest ID: req_7',
  );
});

test('advice follows the status and whether the call is safe to repeat', async () => {
  const text = async (status: number, tool: string, args: Record<string, unknown>, error = {}) =>
    (await connect({ maxRetries: 0 }, failWith(status, error)).call(tool, args)).content[0].text as string;
  assert.match(await text(401, 'assistant-list', {}), /Set a valid OPENAI_API_KEY/);
  assert.match(await text(400, 'assistant-create', { model: 'm' }, { param: 'model' }), /Fix the argument[\s\S]*Parameter: model/);
  assert.match(await text(429, 'assistant-list', {}, { code: 'insufficient_quota' }), /out of quota/);
  assert.match(await text(500, 'run-create', { thread_id: 't', assistant_id: 'a' }), /check with run-list before calling run-create again/);
  assert.match(await text(500, 'run-get', { thread_id: 't', run_id: 'r' }), /retries were exhausted/);
  assert.match(await text(404, 'run-step-get', { thread_id: 't', run_id: 'r', step_id: 's' }), /run-step-list/);
  // A 404 points to where the object it names can be found, not to the called tool's own list.
  const missing = (kind: string) => ({ message: `No ${kind} found with id 'x_nope'.` });
  assert.match(await text(404, 'thread-create-and-run', { assistant_id: 'asst_nope', message: 'hi' }, missing('assistant')), /Check the ID; find valid ones with assistant-list\./);
  assert.match(await text(404, 'message-list', { thread_id: 'thread_nope' }, missing('thread')), /threads cannot be listed: use a thread_id that thread-create-and-run or thread-create returned/);
  assert.match(await text(404, 'vector-store-file-add', { vector_store_id: 'vs_1', file_id: 'file_nope' }, missing('file')), /find valid ones with file-list\./);
  assert.match(await text(404, 'vector-store-file-get', { vector_store_id: 'vs_1', file_id: 'file_1' }, missing('vector store file')), /find valid ones with vector-store-file-list\./);
  assert.match(await text(404, 'thread-get', { thread_id: 't' }), /threads cannot be listed/);
  const busy = /A run is still active on this thread[\s\S]*run-cancel/;
  assert.match(await text(400, 'run-create', { thread_id: 't', assistant_id: 'a' }, { message: 'Thread t already has an active run run_1.' }), busy);
  assert.match(await text(409, 'message-create', { thread_id: 't', role: 'user', content: 'x' }), busy);
});

test('on api.openai.com a 404 says the Assistants API is gone and what to use instead', async () => {
  const result = await connect({ baseUrl: 'https://api.openai.com/v1', maxRetries: 0 }, failWith(404)).call('assistant-list', {});
  assert.match(result.content[0].text, /shut the Assistants API down on 2026-08-26[\s\S]*--backend responses \(OPENAI_BACKEND=responses\)[\s\S]*OPENAI_BASE_URL/);
});

test('any upstream that says the Assistants API is shut down points to --backend responses', async () => {
  const fetch = recordingFetch(() => jsonResponse({ error: { message: 'The Assistants API has been shut down.' } }, 404)).fetch;
  const result = await connect({ baseUrl: 'https://gateway.example/v1', maxRetries: 0 }, fetch).call('assistant-get', { assistant_id: 'asst_1' });
  assert.match(result.content[0].text, /--backend responses/);
  assert.doesNotMatch(result.content[0].text, /Check the ID/);
});

test('a connection that never opened says nothing was sent, names the host, and is retried even for a create', async () => {
  let n = 0;
  const fetch = async () => {
    n++;
    throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
  };
  const result = await connect({ baseUrl: 'http://127.0.0.1:9/v1', maxRetries: 1 }, fetch).call('assistant-create', { model: 'm' });
  assert.equal(n, 2, 'a request that was never sent is retried');
  assert.match(result.content[0].text, /Could not connect to 127\.0\.0\.1:9 \(ECONNREFUSED\); nothing was sent[\s\S]*calling again is safe/);
});

test('a 404 from a base URL without /v1 says so', async () => {
  const result = await connect({ baseUrl: 'http://localhost:8321', maxRetries: 0 }, failWith(404)).call('assistant-list', {});
  assert.match(result.content[0].text, /has no \/v1[\s\S]*http:\/\/localhost:8321\/v1/);
});

test('a refusal of a parameter the responses backend sends names the profile to choose', async () => {
  const fetch = recordingFetch(() => jsonResponse({ detail: [{ loc: ['body', 'background'], msg: 'Extra inputs are not permitted' }] }, 422)).fetch;
  const client = createClient({ apiKey: CANARY_KEY, baseUrl: 'http://upstream.test/v1', authHeader: 'authorization', queryParams: {}, headers: {}, timeoutMs: 1000, maxRetries: 0, fetch });
  const error = await client.request({ method: 'POST', path: '/responses', body: {}, idempotent: false }).catch((e: unknown) => e);
  const config = loadConfig({ OPENAI_BACKEND: 'responses', OPENAI_BASE_URL: 'http://upstream.test/v1' });
  const text = describeFailure(TOOLS_BY_NAME.get('run-create')!, error, config);
  assert.match(text, /background: Extra inputs are not permitted[\s\S]*"generic" upstream profile[\s\S]*--upstream-profile/);
});

test('the API key never appears in an error result, even when upstream echoes it', async () => {
  const result = await connect({ maxRetries: 0 }, failWith(401, { message: `Incorrect API key provided: ${CANARY_KEY}` })).call('assistant-list', {});
  assert.ok(!result.content[0].text.includes(CANARY_KEY));
  assert.ok(!result.content[0].text.includes(CANARY_KEY.slice(6)));
  assert.match(result.content[0].text, /Incorrect API key provided: \[redacted\]/);
});

test('redact removes the key and key-shaped strings', () => {
  assert.equal(redact('key=abc123 x', 'abc123'), 'key=[redacted] x');
  assert.equal(redact('sk-proj-ABCDEFGHIJKLMNOP', undefined), 'sk-pro…[redacted]');
});
