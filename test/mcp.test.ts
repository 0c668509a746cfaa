import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CODES } from '../src/jsonrpc.js';
import { PROTOCOL_VERSIONS } from '../src/mcp.js';
import { SEED_TOOLS, TOOLS } from '../src/tools/index.js';
import { CANARY_KEY, connect, jsonResponse, recordingFetch } from './helpers/in-process.js';

test('initialize echoes every supported version and answers the latest otherwise', async () => {
  for (const version of PROTOCOL_VERSIONS) {
    const { result } = await connect().request('initialize', { protocolVersion: version, capabilities: {}, clientInfo: { name: 't', version: '1' } });
    assert.equal(result.protocolVersion, version);
  }
  for (const version of ['2099-01-01', '2026-07-28', undefined]) {
    const { result } = await connect().request('initialize', { protocolVersion: version, capabilities: {} });
    assert.equal(result.protocolVersion, '2025-11-25');
    assert.equal(result.serverInfo.name, 'openai-assistants-mcp');
    assert.deepEqual(Object.keys(result.capabilities).sort(), ['completions', 'logging', 'prompts', 'resources', 'tools']);
    assert.match(result.instructions, /run-create/);
  }
});

test('ping answers {}; notifications never get a response', async () => {
  const c = connect();
  assert.deepEqual((await c.request('ping')).result, {});
  assert.deepEqual(await c.raw('{"jsonrpc":"2.0","method":"notifications/initialized"}'), []);
  assert.deepEqual(await c.raw('{"jsonrpc":"2.0","method":"tools/list"}'), [], 'a notification with a request method is still a notification');
});

test('protocol errors have the right codes and the connection keeps serving', async () => {
  const c = connect();
  const [parse] = await c.raw('{not json');
  assert.deepEqual([parse.id, parse.error.code], [null, CODES.PARSE_ERROR]);
  const [invalid] = await c.raw('{"jsonrpc":"2.0","id":9,"method":3}');
  assert.deepEqual([invalid.id, invalid.error.code], [9, CODES.INVALID_REQUEST]);
  const unknown = await c.request('tools/explode');
  assert.equal(unknown.error.code, CODES.METHOD_NOT_FOUND);
  assert.equal((await c.request('__proto__')).error.code, CODES.METHOD_NOT_FOUND);
  assert.equal((await c.request('tools/call', { name: 'nope', arguments: {} })).error.code, CODES.INVALID_PARAMS);
  assert.equal((await c.request('tools/call', { name: 'assistant-list', arguments: [] })).error.code, CODES.INVALID_PARAMS);
  assert.equal((await c.request('logging/setLevel', { level: 'loud' })).error.code, CODES.INVALID_PARAMS);
  assert.deepEqual((await c.request('ping')).result, {});
});

test('tools/list: every tool with titles, annotations and object schemas (sizes: tools/listing.test.ts)', async () => {
  const { result } = await connect().request('tools/list', {});
  assert.deepEqual(result.tools.map((t: any) => t.name), TOOLS.map((t) => t.name));
  assert.equal(result.nextCursor, undefined);
  assert.equal(SEED_TOOLS.length, 22);
  for (const tool of result.tools) {
    assert.match(tool.name, /^[A-Za-z0-9._-]{1,128}$/);
    assert.ok(tool.title && tool.description, tool.name);
    assert.equal(tool.inputSchema.type, 'object');
    assert.equal(tool.outputSchema.type, 'object');
    for (const combinator of ['oneOf', 'anyOf', 'allOf']) assert.equal(tool.inputSchema[combinator], undefined);
    const { readOnlyHint, destructiveHint, idempotentHint, openWorldHint } = tool.annotations;
    const verb = tool.name.split('-').at(-1);
    assert.equal(readOnlyHint, ['list', 'get', 'content', 'search'].includes(verb) || tool.name === 'run-wait', tool.name);
    assert.equal(destructiveHint, verb === 'delete' || verb === 'remove', tool.name);
    assert.equal(openWorldHint, true);
    if (readOnlyHint || destructiveHint || verb === 'update') assert.equal(idempotentHint, true, tool.name);
    if (['create', 'run', 'upload', 'add'].includes(verb)) assert.equal(idempotentHint, false, tool.name);
  }
});

test('list cursors: valid ones are accepted, invalid ones are -32602', async () => {
  const c = connect();
  assert.equal((await c.request('tools/list', { cursor: '0' })).result.tools.length, TOOLS.length);
  assert.equal((await c.request('tools/list', { cursor: '20' })).result.tools.length, TOOLS.length - 20);
  for (const cursor of ['abc', '-1', '999', 5]) assert.equal((await c.request('tools/list', { cursor })).error.code, CODES.INVALID_PARAMS);
});

test('resources: list, templates, read, and -32002 for unknown URIs', async () => {
  const c = connect();
  const { resources } = (await c.request('resources/list')).result;
  assert.ok(resources.length >= 9);
  for (const r of resources) {
    assert.ok(r.uri && r.name && r.mimeType && r.description, r.uri);
    assert.equal(r.text, undefined);
    const { contents } = (await c.request('resources/read', { uri: r.uri })).result;
    assert.equal(contents[0].uri, r.uri);
    assert.equal(contents[0].mimeType, r.mimeType);
    assert.equal(Buffer.byteLength(contents[0].text), r.size);
    if (r.mimeType === 'application/json') JSON.parse(contents[0].text);
  }
  assert.equal(resources.filter((r: any) => r.uri.startsWith('assistant://templates/')).length, 4);
  assert.equal((await c.request('resources/templates/list')).result.resourceTemplates[0].uriTemplate, 'assistant://templates/{name}');
  const missing = await c.request('resources/read', { uri: 'docs://nope' });
  assert.equal(missing.error.code, -32002);
  assert.deepEqual(missing.error.data, { uri: 'docs://nope' });
});

test('batches: answered as an array under 2025-03-26 only', async () => {
  const legacy = connect();
  await legacy.request('initialize', { protocolVersion: '2025-03-26', capabilities: {} });
  const [replies] = await legacy.raw('[{"jsonrpc":"2.0","id":"a","method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"},{"jsonrpc":"2.0","id":"b","method":"nope"}]');
  assert.deepEqual(replies.map((r: any) => r.id).sort(), ['a', 'b']);
  assert.equal(replies.find((r: any) => r.id === 'b').error.code, CODES.METHOD_NOT_FOUND);
  assert.deepEqual(await legacy.raw('[{"jsonrpc":"2.0","method":"notifications/initialized"}]'), []);
  assert.equal((await legacy.raw('[]'))[0].error.code, CODES.INVALID_REQUEST);

  const modern = connect();
  await modern.request('initialize', { protocolVersion: '2025-06-18', capabilities: {} });
  const [rejected] = await modern.raw('[{"jsonrpc":"2.0","id":1,"method":"ping"}]');
  assert.equal(rejected.error.code, CODES.INVALID_REQUEST);
  assert.match(rejected.error.message, /2025-03-26/);
});

test('invalid tool arguments are an isError result and reach no upstream', async () => {
  const { calls, fetch } = recordingFetch();
  const c = connect({}, fetch);
  for (const args of [{ thread_id: '../files' }, { thread_id: 'a/b' }, {}, { thread_id: 'x', bogus: 1 }]) {
    const result = await c.call('thread-get', args);
    assert.equal(result.isError, true);
    assert.match(result.content[0].text, /^Invalid arguments for thread-get \(nothing was sent\):\n- /);
    assert.equal(result.structuredContent, undefined);
  }
  assert.equal(calls.length, 0);
});

test('a successful call returns compact structuredContent, the same fields as text lines, and how to page; detail "full" returns the API object', async () => {
  const page = { object: 'list', data: [{ id: 'asst_1', object: 'assistant', name: 'Helper', description: null, tools: [], metadata: {} }], first_id: 'asst_1', last_id: 'asst_1', has_more: true };
  const { calls, fetch } = recordingFetch(() => jsonResponse(page));
  const c = connect({}, fetch);
  const result = await c.call('assistant-list', { limit: 1, order: 'asc' });
  const next = 'Call assistant-list again with after="asst_1" for more.';
  assert.deepEqual(result.structuredContent, { data: [{ id: 'asst_1', name: 'Helper' }], next });
  assert.equal(result.content.length, 1);
  assert.equal(result.content[0].text, `data:\n  - id: asst_1\n    name: Helper\nnext: ${next}`);
  assert.equal(calls[0].url, 'http://upstream.test/v1/assistants?limit=1&order=asc');

  const full = await c.call('assistant-list', { limit: 1, detail: 'full' });
  assert.deepEqual(full.structuredContent, page, 'the upstream object unchanged');
  assert.match(full.content[0].text, /^object: list\ndata:\n  - id: asst_1\n    object: assistant\n    name: Helper\n    description: null\n    tools: \[\]\n    metadata: \{\}\n/);
  assert.match(full.content[0].text, /\nCall assistant-list again with after="asst_1" for more\.$/);
  assert.equal(calls[1].url, 'http://upstream.test/v1/assistants?limit=1', 'detail is not sent upstream');

  const fullServer = connect({ detail: 'full' }, fetch);
  assert.deepEqual((await fullServer.call('assistant-create', { model: 'gpt-4o' })).structuredContent, page, 'MCP_DETAIL=full: every result in full');
  assert.deepEqual((await fullServer.call('assistant-list', { detail: 'compact' })).structuredContent.data, [{ id: 'asst_1', name: 'Helper' }], 'a call may still ask for compact');
});

test('without an API key: initialize and tools/list work, tool calls explain how to set it', async () => {
  const { calls, fetch } = recordingFetch();
  const c = connect({ apiKey: undefined }, fetch);
  assert.match((await c.request('initialize', { protocolVersion: '2025-11-25', capabilities: {} })).result.instructions, /OPENAI_API_KEY is not set/);
  assert.equal((await c.request('tools/list')).result.tools.length, TOOLS.length);
  const result = await c.call('assistant-list', {});
  assert.equal(result.isError, true);
  assert.match(result.content[0].text, /OPENAI_API_KEY is not set.*"env": \{"OPENAI_API_KEY"/s);
  assert.equal(calls.length, 0);
});

test('notifications/cancelled aborts the upstream request and suppresses the response', async () => {
  let signal: AbortSignal | undefined;
  const fetch = (_url: string, init: RequestInit) =>
    new Promise<Response>((_, reject) => {
      signal = init.signal ?? undefined;
      init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
  const c = connect({}, fetch);
  c.connection.receive(JSON.stringify({ jsonrpc: '2.0', id: 'slow', method: 'tools/call', params: { name: 'assistant-list', arguments: {} } }));
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(signal?.aborted, false);
  c.connection.receive(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'slow', reason: 'user' } }));
  await c.connection.idle();
  assert.equal(signal?.aborted, true);
  assert.equal(c.sent.find((m) => m.id === 'slow'), undefined);
  assert.deepEqual((await c.request('ping')).result, {});
});

test('retries are logged as notifications/message once the client sets a level; the key is redacted', async () => {
  let n = 0;
  const { fetch } = recordingFetch(() =>
    ++n === 1 ? jsonResponse({ error: { message: `bad key ${CANARY_KEY}` } }, 429, { 'retry-after-ms': '1' }) : jsonResponse({ data: [] }),
  );
  const quiet = connect({}, fetch);
  await quiet.call('assistant-list', {});
  assert.equal(quiet.sent.filter((m) => m.method === 'notifications/message').length, 0);
  n = 0;
  const c = connect({}, fetch);
  await c.request('logging/setLevel', { level: 'info' });
  await c.call('assistant-list', {});
  const logs = c.sent.filter((m) => m.method === 'notifications/message');
  assert.equal(logs.length, 1);
  assert.equal(logs[0].params.level, 'warning');
  assert.match(logs[0].params.data, /assistant-list: retry 1 in 1 ms/);
  assert.ok(!JSON.stringify(c.sent).includes(CANARY_KEY));
});
