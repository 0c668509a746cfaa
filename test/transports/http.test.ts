/** The Streamable HTTP handler in-process: `new Request()` in, status, headers and body out. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULTS, type Config } from '../../src/config.js';
import { CODES } from '../../src/jsonrpc.js';
import { META, MODERN_CODES } from '../../src/modern.js';
import { createHttpHandler, MAX_BODY_BYTES } from '../../src/transports/http.js';
import type { ServerDeps } from '../../src/server.js';
import { guardStore } from '../../src/store/guard.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { TOOLS } from '../../src/tools/index.js';
import { publishedTool } from '../../src/tools/listing.js';
import { selectTools, type Switches } from '../../src/tools/selection.js';
import { CANARY_KEY, jsonResponse, recordingFetch } from '../helpers/in-process.js';

const MODERN = '2026-07-28';
const SERVER_KEY = 'sk-server-held-canary-5e1d';
const TOKEN = 'token-for-tests-0123456789';

function handler(config: Partial<Config> = {}, respond = () => jsonResponse({ object: 'list', data: [], has_more: false }), deps: Partial<ServerDeps> = {}) {
  const upstream = recordingFetch(respond);
  const handle = createHttpHandler({ ...DEFAULTS, backend: 'assistants', baseUrl: 'http://upstream.test/v1', ...config }, { fetch: upstream.fetch, ...deps });
  return { handle, upstream };
}

const legacyInit = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {} } };
const listCall = (id = 2) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'assistant-list', arguments: {} } });

function post(body: unknown, headers: Record<string, string> = {}, path = '/mcp') {
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${CANARY_KEY}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function modern(method: string, params: Record<string, unknown> = {}, extraMeta: Record<string, unknown> = {}) {
  const body = { jsonrpc: '2.0', id: 7, method, params: { ...params, _meta: { [META.protocolVersion]: MODERN, [META.clientCapabilities]: {}, ...extraMeta } } };
  const headers: Record<string, string> = { 'mcp-protocol-version': MODERN, 'mcp-method': method };
  if (typeof params.name === 'string') headers['mcp-name'] = params.name;
  if (typeof params.uri === 'string') headers['mcp-name'] = params.uri;
  return { body, headers };
}

async function read(response: Response) {
  const text = await response.text();
  assert.ok(!text.includes(CANARY_KEY) && !text.includes(SERVER_KEY), 'no key in any response body');
  return text ? JSON.parse(text) : undefined;
}

test('legacy initialize and a tool call work statelessly with the caller\'s key', async () => {
  const { handle, upstream } = handler();
  const init = await handle(post(legacyInit));
  assert.equal(init.status, 200);
  assert.match(init.headers.get('mcp-session-id')!, /^[\x21-\x7e]+$/, 'legacy clients get a session id (not required later)');
  assert.equal(init.headers.get('content-type'), 'application/json');
  assert.equal((await read(init)).result.protocolVersion, '2025-06-18');
  const call = await handle(post(listCall(), { 'mcp-protocol-version': '2025-06-18' }));
  assert.equal(call.status, 200);
  assert.deepEqual((await read(call)).result.structuredContent.data, []);
  assert.equal(upstream.calls[0].headers.authorization, `Bearer ${CANARY_KEY}`);
});

test('notifications and responses are accepted with 202 and no body', async () => {
  const { handle } = handler();
  for (const body of [{ jsonrpc: '2.0', method: 'notifications/initialized' }, { jsonrpc: '2.0', id: 5, result: {} }]) {
    const response = await handle(post(body));
    assert.equal(response.status, 202);
    assert.equal(await response.text(), '');
  }
});

test('transport errors: 405, 404, 415, 406, 413, 400', async () => {
  const { handle } = handler();
  for (const method of ['GET', 'DELETE', 'PUT']) {
    const response = await handle(new Request('http://localhost/mcp', { method }));
    assert.equal(response.status, 405, method);
    assert.match(response.headers.get('allow')!, /POST/);
  }
  assert.equal((await handle(post(legacyInit, {}, '/elsewhere'))).status, 404);
  assert.equal((await handle(post(legacyInit, {}, '/'))).status, 200, '/ serves MCP too');
  const form = await handle(post(legacyInit, { 'content-type': 'application/x-www-form-urlencoded' }));
  assert.equal(form.status, 415);
  assert.match((await read(form)).error.message, /application\/json/);
  assert.equal((await handle(post(legacyInit, { accept: 'text/html' }))).status, 406);
  const huge = `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"${'x'.repeat(MAX_BODY_BYTES)}"}}`;
  assert.equal((await handle(post(huge))).status, 413);
  const streamed = new Request('http://localhost/mcp', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${CANARY_KEY}` },
    body: new Blob([huge]).stream(),
    ...({ duplex: 'half' } as object),
  });
  assert.equal((await handle(streamed)).status, 413, 'a body without Content-Length is cut off at the limit');
  const bad = await handle(post('{not json'));
  assert.equal(bad.status, 400);
  assert.equal((await read(bad)).error.code, CODES.PARSE_ERROR);
});

test('MCP-Protocol-Version: unknown → 400 -32022; 2025-03-26 (or none) allows batches, later revisions do not', async () => {
  const { handle } = handler();
  const unknown = await handle(post(listCall(), { 'mcp-protocol-version': '1999-01-01' }));
  assert.equal(unknown.status, 400);
  assert.equal((await read(unknown)).error.code, MODERN_CODES.UNSUPPORTED_PROTOCOL_VERSION);
  const batch = [listCall(1), { jsonrpc: '2.0', id: 2, method: 'ping' }];
  const allowed = await read(await handle(post(batch, { 'mcp-protocol-version': '2025-03-26' })));
  assert.deepEqual(allowed.map((r: any) => r.id).sort(), [1, 2]);
  const refused = await handle(post(batch, { 'mcp-protocol-version': '2025-06-18' }));
  assert.equal(refused.status, 400);
  assert.equal((await read(refused)).error.code, CODES.INVALID_REQUEST);
});

test('modern requests: headers must mirror the body (-32020)', async () => {
  const { handle } = handler();
  const ok = modern('tools/call', { name: 'assistant-list', arguments: {} });
  const good = await handle(post(ok.body, ok.headers));
  assert.equal(good.status, 200);
  const result = (await read(good)).result;
  assert.equal(result.resultType, 'complete');
  const cases: [string, Record<string, string | undefined>][] = [
    ['missing MCP-Protocol-Version', { 'mcp-protocol-version': undefined }],
    ['version mismatch', { 'mcp-protocol-version': '2025-11-25' }],
    ['missing Mcp-Method', { 'mcp-method': undefined }],
    ['method mismatch', { 'mcp-method': 'tools/list' }],
    ['missing Mcp-Name', { 'mcp-name': undefined }],
    ['name mismatch', { 'mcp-name': 'assistant-get' }],
    ['malformed base64', { 'mcp-name': '=?base64?***?=' }],
  ];
  for (const [label, change] of cases) {
    const headers = { ...ok.headers, ...change };
    for (const [name, value] of Object.entries(change)) if (value === undefined) delete headers[name];
    const response = await handle(post(ok.body, headers as Record<string, string>));
    assert.equal(response.status, 400, label);
    const body = await read(response);
    assert.equal(body.error.code, MODERN_CODES.HEADER_MISMATCH, label);
    assert.equal(body.id, 7, label);
  }
  const encoded = await handle(post(ok.body, { ...ok.headers, 'mcp-name': `=?base64?${btoa('assistant-list')}?=` }));
  assert.equal(encoded.status, 200, 'a base64-sentinel Mcp-Name is decoded before comparing');
  const legacyBodyModernHeader = await handle(post(listCall(), { 'mcp-protocol-version': MODERN }));
  assert.equal(legacyBodyModernHeader.status, 400);
  const noMeta = await read(legacyBodyModernHeader);
  assert.deepEqual([noMeta.id, noMeta.error.code], [2, CODES.INVALID_PARAMS], 'a 2026-07-28 request without _meta is invalid params');
});

test('modern requests: version, capabilities, unknown and legacy-only methods', async () => {
  const { handle } = handler();
  const unsupported = modern('tools/list');
  unsupported.body.params._meta[META.protocolVersion] = '2027-01-01';
  unsupported.headers['mcp-protocol-version'] = '2027-01-01';
  const r1 = await handle(post(unsupported.body, unsupported.headers));
  assert.equal(r1.status, 400);
  const e1 = (await read(r1)).error;
  assert.equal(e1.code, MODERN_CODES.UNSUPPORTED_PROTOCOL_VERSION);
  assert.ok(e1.data.supported.includes(MODERN));

  const noCaps = modern('tools/list');
  delete (noCaps.body.params._meta as Record<string, unknown>)[META.clientCapabilities];
  const r2 = await handle(post(noCaps.body, noCaps.headers));
  assert.equal(r2.status, 400);
  assert.equal((await read(r2)).error.code, CODES.INVALID_PARAMS);

  for (const method of ['nope/nothing', 'initialize', 'ping', 'logging/setLevel']) {
    const m = modern(method);
    const response = await handle(post(m.body, m.headers));
    assert.equal(response.status, 404, method);
    assert.equal((await read(response)).error.code, CODES.METHOD_NOT_FOUND, method);
  }
  const missing = modern('resources/read', { uri: 'docs://nope' });
  const r3 = await handle(post(missing.body, missing.headers));
  assert.equal(r3.status, 200);
  assert.equal((await read(r3)).error.code, CODES.INVALID_PARAMS);
});

test('SSE: notifications then the response, framed as events, when the request asks for them', async () => {
  let calls = 0;
  const { handle } = handler({}, () => (++calls === 1 ? jsonResponse({ error: { message: 'busy' } }, 429, { 'retry-after-ms': '1' }) : jsonResponse({ object: 'list', data: [], has_more: false })));
  const m = modern('tools/call', { name: 'assistant-list', arguments: {} }, { [META.logLevel]: 'warning' });
  const response = await handle(post(m.body, m.headers));
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'text/event-stream');
  assert.equal(response.headers.get('x-accel-buffering'), 'no');
  const text = await response.text();
  const events = text.split('\n\n').filter(Boolean).map((frame) => {
    assert.match(frame, /^event: message\ndata: \{.*\}$/s);
    return JSON.parse(frame.slice(frame.indexOf('data: ') + 6));
  });
  assert.deepEqual(events.map((e) => e.method ?? 'response'), ['notifications/message', 'response']);
  assert.equal(events[1].id, 7);
  const jsonOnly = await handle(post(m.body, { ...m.headers, accept: 'application/json' }));
  assert.equal(jsonOnly.headers.get('content-type'), 'application/json', 'JSON when the client accepts only JSON');
  const sseOnly = await handle(post(listCall(), { accept: 'text/event-stream' }));
  assert.equal(sseOnly.headers.get('content-type'), 'text/event-stream', 'SSE when the client accepts only SSE');
});

test('auth: missing credentials → 401 with WWW-Authenticate; BYOK by Bearer or X-OpenAI-API-Key', async () => {
  const { handle, upstream } = handler();
  const missing = await handle(post(listCall(), { authorization: '' }));
  assert.equal(missing.status, 401);
  assert.match(missing.headers.get('www-authenticate')!, /^Bearer realm=/);
  assert.equal((await read(missing)).id, 2, 'the error answers the request by id');
  await handle(post(listCall(), { authorization: '', 'x-openai-api-key': CANARY_KEY }));
  assert.equal(upstream.calls.at(-1)!.headers.authorization, `Bearer ${CANARY_KEY}`);
});

test('auth: the server key is used only for a valid access token', async () => {
  const { handle, upstream } = handler({ apiKey: SERVER_KEY, authTokens: ['other-token', TOKEN] });
  const good = await handle(post(listCall(), { authorization: `Bearer ${TOKEN}` }));
  assert.equal(good.status, 200);
  assert.equal(upstream.calls.at(-1)!.headers.authorization, `Bearer ${SERVER_KEY}`);
  const before = upstream.calls.length;
  for (const wrong of [`${TOKEN}x`, TOKEN.slice(0, -1), CANARY_KEY]) {
    const response = await handle(post(listCall(), { authorization: `Bearer ${wrong}` }));
    assert.equal(response.status, 401, wrong);
    assert.match(response.headers.get('www-authenticate')!, /invalid_token/);
    await read(response);
  }
  assert.equal(upstream.calls.length, before, 'nothing reached the upstream');
  await handle(post(listCall(), { authorization: '', 'x-openai-api-key': CANARY_KEY }));
  assert.equal(upstream.calls.at(-1)!.headers.authorization, `Bearer ${CANARY_KEY}`, 'own key still works');
});

test('auth: a server key without access tokens is refused, fail-closed; /health says why, without secrets', async () => {
  const { handle, upstream } = handler({ apiKey: SERVER_KEY });
  const refused = await handle(post(listCall()));
  assert.equal(refused.status, 500);
  assert.match((await read(refused)).error.message, /MCP_AUTH_TOKENS/);
  assert.equal(upstream.calls.length, 0);
  const health = await handle(new Request('http://localhost/health'));
  assert.equal(health.status, 503);
  const body = await read(health);
  assert.equal(body.status, 'misconfigured');
  assert.equal(body.backend, 'assistants');
});

test('auth: the legacy /mcp/{key} path is off unless opted in, and the key never comes back', async () => {
  const off = handler();
  assert.equal((await off.handle(post(listCall(), { authorization: '' }, `/mcp/${CANARY_KEY}`))).status, 404);
  const on = handler({ allowKeyInPath: true }, () => jsonResponse({ error: { message: `Incorrect API key provided: ${CANARY_KEY}` } }, 401));
  const response = await on.handle(post(listCall(), { authorization: '' }, `/mcp/${CANARY_KEY}`));
  assert.equal(response.status, 200);
  const body = await read(response);
  assert.equal(body.result.isError, true);
  assert.equal(on.upstream.calls[0].headers.authorization, `Bearer ${CANARY_KEY}`);
});

test('Origin and Host: 403 when not allowed; no Origin is fine; CORS preflight and exposed headers', async () => {
  const { handle } = handler({ allowedOrigins: ['https://app.example', 'http://localhost:*'], allowedHosts: ['localhost'] });
  const evil = await handle(post(legacyInit, { origin: 'https://evil.example' }));
  assert.equal(evil.status, 403);
  assert.equal((await read(evil)).error.code, CODES.INVALID_REQUEST);
  const rebound = new Request('http://evil.example:3000/mcp', { method: 'POST', headers: { host: 'evil.example:3000', 'content-type': 'application/json' }, body: '{}' });
  assert.equal((await handle(rebound)).status, 403, 'a foreign Host header is refused (DNS rebinding)');
  for (const origin of ['https://app.example', 'http://localhost:5173', 'http://localhost']) {
    const response = await handle(post(legacyInit, { origin }));
    assert.equal(response.status, 200, origin);
    assert.equal(response.headers.get('access-control-allow-origin'), origin);
    assert.match(response.headers.get('access-control-expose-headers')!, /mcp-session-id/i);
    assert.match(response.headers.get('access-control-expose-headers')!, /mcp-protocol-version/i);
  }
  assert.equal((await handle(post(legacyInit, { origin: 'http://localhost.evil:80' }))).status, 403);
  const pre = await handle(new Request('http://localhost/mcp', { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' } }));
  assert.equal(pre.status, 204);
  assert.match(pre.headers.get('access-control-allow-headers')!, /mcp-protocol-version/);
  assert.match(pre.headers.get('access-control-allow-headers')!, /authorization/);
  assert.match(pre.headers.get('access-control-allow-methods')!, /POST/);
  const noOrigin = await handle(post(legacyInit));
  assert.equal(noOrigin.status, 200);
  assert.equal(noOrigin.headers.get('access-control-allow-origin'), null);
});

test('GET /health needs no credentials and names version and backend', async () => {
  const { handle } = handler({ backend: 'responses' }, undefined, { store: createMemoryStore() });
  const response = await handle(new Request('http://localhost/health'));
  assert.equal(response.status, 200);
  const body = await read(response);
  assert.equal(body.status, 'ok');
  assert.equal(body.backend, 'responses');
  assert.match(body.version, /^\d+\.\d+\.\d+/);
});

test('GET /health is degraded, saying why, when the responses backend has no usable store', async () => {
  const missing = await handler({ backend: 'responses' }).handle(new Request('http://localhost/health'));
  assert.equal(missing.status, 503);
  const body = await read(missing);
  assert.equal(body.status, 'degraded');
  assert.match(body.problem, /no store.*bind a KV namespace as STORE/);

  const broken = guardStore({ ...createMemoryStore(), check: async () => { throw new Error("EACCES: permission denied, mkdir '/srv/store'"); } }, { location: 'folder /srv/store', hint: 'Choose a writable folder with --store <dir>.', timeoutMs: 1000 });
  const degraded = await read(await handler({ backend: 'responses' }, undefined, { store: broken }).handle(new Request('http://localhost/health')));
  assert.equal(degraded.status, 'degraded');
  assert.match(degraded.problem, /folder \/srv\/store.*EACCES.*--store/);

  const assistants = await handler({ backend: 'assistants' }).handle(new Request('http://localhost/health'));
  assert.equal((await read(assistants)).status, 'ok', 'the assistants backend needs no store');
});

test('one log line per request: method, path, MCP method, tool, status, upstream id; no key, token or argument', async () => {
  const lines: string[] = [];
  const log = (level: string, message: string) => lines.push(`${level} ${message}`);
  const respond = () => new Response(JSON.stringify({ id: 'asst_1', object: 'assistant' }), { headers: { 'content-type': 'application/json', 'x-request-id': 'req_upstream_42' } });
  const { handle } = handler({ apiKey: SERVER_KEY, authTokens: [TOKEN] }, respond, { log });
  const call = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'assistant-get', arguments: { assistant_id: 'asst_secret_argument' } } };
  const response = await handle(post(call, { authorization: `Bearer ${TOKEN}` }));
  assert.equal(response.status, 200);
  await handle(new Request('http://localhost/nowhere'));
  const info = lines.filter((line) => line.startsWith('info '));
  assert.equal(info.length, 2, lines.join('\n'));
  assert.match(info[0], /^info http POST \/mcp tools\/call assistant-get 200 \d+ms upstream=req_upstream_42$/);
  assert.match(info[1], /^info http GET \/nowhere 404 \d+ms$/);
  assert.ok(lines.some((line) => /^debug rpc tools\/call assistant-get ok \d+ms$/.test(line)), 'the debug line of the request');
  for (const line of lines) for (const secret of [SERVER_KEY, TOKEN, 'asst_secret_argument']) assert.ok(!line.includes(secret), `${secret} in ${line}`);
});

test('tools/list bytes are kept per selection and revision: interleaved requests each get their own list, exactly as computed afresh', async () => {
  const { handle } = handler();
  const fresh = (switches: Switches, icons: boolean) => selectTools(TOOLS, switches).tools.map((tool) => JSON.parse(JSON.stringify(publishedTool(tool, icons))));
  const cases: { headers: Record<string, string>; switches: Switches; icons: boolean; path?: string }[] = [
    { headers: { 'mcp-protocol-version': '2024-11-05' }, switches: {}, icons: false },
    { headers: { 'mcp-protocol-version': '2025-11-25' }, switches: {}, icons: true },
    { headers: { 'mcp-protocol-version': '2025-11-25', 'x-mcp-toolsets': 'runs' }, switches: { toolsets: ['runs'] }, icons: true },
    { headers: { 'mcp-protocol-version': '2024-11-05', 'x-mcp-toolsets': 'runs', 'x-mcp-readonly': '1' }, switches: { toolsets: ['runs'], readOnly: true }, icons: false },
    { headers: { 'mcp-protocol-version': '2025-11-25' }, path: '/mcp?tools=run-get,thread-get', switches: { tools: ['run-get', 'thread-get'] }, icons: true },
  ];
  for (let round = 0; round < 2; round++) {
    for (const [i, { headers, switches, icons, path }] of cases.entries()) {
      const response = await handle(post({ jsonrpc: '2.0', id: i, method: 'tools/list' }, headers, path));
      const body = await read(response);
      assert.equal(body.id, i);
      assert.deepEqual(body.result.tools, fresh(switches, icons), `case ${i}, round ${round}`);
    }
    // The 2026-07-28 era: the same kept list, with the modern result's fields around it.
    const { body, headers } = modern('tools/list');
    const reply = await read(await handle(post(body, { ...headers, 'x-mcp-toolsets': 'threads' })));
    assert.deepEqual(reply.result.tools, fresh({ toolsets: ['threads'] }, true));
    assert.equal(reply.result.resultType, 'complete');
    assert.equal(reply.result.cacheScope, 'private');
  }
});
