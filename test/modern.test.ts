import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CODES } from '../src/jsonrpc.js';
import { SUPPORTED_PROTOCOL_VERSIONS } from '../src/mcp.js';
import { META, MODERN_CODES } from '../src/modern.js';
import { TOOLS } from '../src/tools/index.js';
import { connect, jsonResponse, recordingFetch } from './helpers/in-process.js';

const MODERN = '2026-07-28';
const meta = (extra: Record<string, unknown> = {}) => ({
  _meta: { [META.protocolVersion]: MODERN, [META.clientCapabilities]: {}, [META.clientInfo]: { name: 't', version: '1' }, ...extra },
});

test('server/discover lists every supported version, capabilities and instructions', async () => {
  const { result } = await connect().request('server/discover', meta());
  assert.deepEqual(result.supportedVersions, SUPPORTED_PROTOCOL_VERSIONS);
  assert.deepEqual(result.supportedVersions.slice(0, 2), [MODERN, '2025-11-25']);
  assert.ok(result.capabilities.tools);
  assert.match(result.instructions, /backend/);
  assert.equal(result.resultType, 'complete');
  assert.equal(result._meta[META.serverInfo].name, 'openai-assistants-mcp');
  assert.equal(typeof result.ttlMs, 'number');
});

test('server/discover without modern _meta is invalid params', async () => {
  const c = connect();
  assert.equal((await c.request('server/discover', {})).error.code, CODES.INVALID_PARAMS);
  assert.equal((await c.request('server/discover', { _meta: { [META.clientCapabilities]: {} } })).error.code, CODES.INVALID_PARAMS);
});

test('modern results carry resultType, serverInfo and caching fields; legacy results do not', async () => {
  const c = connect();
  const modern = (await c.request('tools/list', meta())).result;
  assert.equal(modern.resultType, 'complete');
  assert.equal(modern.cacheScope, 'public');
  assert.ok(Number.isInteger(modern.ttlMs) && modern.ttlMs > 0);
  assert.deepEqual(modern.tools.map((t: any) => t.name), TOOLS.map((t) => t.name), 'deterministic table order');
  for (const method of ['resources/list', 'resources/templates/list', 'prompts/list']) {
    const result = (await c.request(method, meta())).result;
    assert.deepEqual([result.resultType, result.cacheScope], ['complete', 'public'], method);
  }
  const read = (await c.request('resources/read', { uri: 'docs://best-practices', ...meta() })).result;
  assert.equal(read.resultType, 'complete');
  assert.equal(typeof read.ttlMs, 'number');

  const legacy = (await c.request('tools/list')).result;
  assert.equal(legacy.resultType, undefined);
  assert.equal(legacy.ttlMs, undefined);
});

test('tool calls in the modern era are decorated too, without caching fields', async () => {
  const fake = recordingFetch(() => jsonResponse({ object: 'list', data: [], has_more: false }));
  const { result } = await connect({}, fake.fetch).request('tools/call', { name: 'assistant-list', arguments: {}, ...meta() });
  assert.equal(result.resultType, 'complete');
  assert.equal(result.ttlMs, undefined);
  assert.deepEqual(result.structuredContent.data, []);
});

test('an unsupported version is -32022 with the supported list', async () => {
  const { error } = await connect().request('tools/list', { _meta: { [META.protocolVersion]: '1900-01-01', [META.clientCapabilities]: {} } });
  assert.equal(error.code, MODERN_CODES.UNSUPPORTED_PROTOCOL_VERSION);
  assert.deepEqual(error.data, { supported: SUPPORTED_PROTOCOL_VERSIONS, requested: '1900-01-01' });
});

test('missing client capabilities and a bad log level are invalid params', async () => {
  const c = connect();
  assert.equal((await c.request('tools/list', { _meta: { [META.protocolVersion]: MODERN } })).error.code, CODES.INVALID_PARAMS);
  assert.equal((await c.request('tools/list', meta({ [META.logLevel]: 'loud' }))).error.code, CODES.INVALID_PARAMS);
});

test('legacy-only methods with modern _meta are method-not-found; so are unknown methods', async () => {
  const c = connect();
  for (const method of ['initialize', 'ping', 'logging/setLevel', 'resources/subscribe', 'nope/nope']) {
    assert.equal((await c.request(method, { ...meta(), protocolVersion: '2025-11-25', capabilities: {}, level: 'info' })).error.code, CODES.METHOD_NOT_FOUND, method);
  }
});

test('a missing resource is -32602 in the modern era and -32002 in the legacy one', async () => {
  const c = connect();
  const modern = await c.request('resources/read', { uri: 'assistant://nope', ...meta() });
  assert.equal(modern.error.code, CODES.INVALID_PARAMS);
  assert.deepEqual(modern.error.data, { uri: 'assistant://nope' });
  assert.equal((await c.request('resources/read', { uri: 'assistant://nope' })).error.code, CODES.RESOURCE_NOT_FOUND);
});

test('_meta logLevel turns on log notifications for that request only', async () => {
  let calls = 0;
  const fake = recordingFetch(() => (++calls === 1 ? jsonResponse({ error: { message: 'slow down' } }, 429, { 'retry-after-ms': '1' }) : jsonResponse({ object: 'list', data: [], has_more: false })));
  const c = connect({}, fake.fetch);
  const replies = await c.raw(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'assistant-list', arguments: {}, ...meta({ [META.logLevel]: 'warning' }) } }));
  assert.equal(replies.filter((m) => m.method === 'notifications/message').length, 1);
  calls = 0;
  const quiet = await c.raw(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'assistant-list', arguments: {}, ...meta() } }));
  assert.deepEqual(quiet.map((m) => m.id), [2], 'no log notification without a level');
});
