/** Tool selection: the pure function, and the same switches through config, stdio-style connections and HTTP headers or URL. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULTS, type Config } from '../../src/config.js';
import { CODES } from '../../src/jsonrpc.js';
import { META } from '../../src/modern.js';
import { DEFAULT_SELECTION, TOOLS } from '../../src/tools/index.js';
import { selectTools, selectionFor } from '../../src/tools/selection.js';
import { TOOLSETS } from '../../src/tools/types.js';
import { createHttpHandler } from '../../src/transports/http.js';
import { CANARY_KEY, connect, jsonResponse, recordingFetch } from '../helpers/in-process.js';

const names = (switches: Parameters<typeof selectTools>[1]) => selectTools(TOOLS, switches).tools.map((tool) => tool.name);

test('every tool names one of the toolsets; each toolset but files and vector-stores has tools (issue 12 adds those)', () => {
  for (const tool of TOOLS) assert.ok((TOOLSETS as readonly string[]).includes(tool.toolset), tool.name);
  for (const set of ['assistants', 'threads', 'messages', 'runs', 'wait']) assert.ok(TOOLS.some((tool) => tool.toolset === set), set);
  for (const name of DEFAULT_SELECTION.tools) assert.ok(TOOLS.some((tool) => tool.name === name), `default names a real tool: ${name}`);
});

test('selection is a pure function of the switches, in table order', () => {
  assert.deepEqual(names({ toolsets: ['all'] }), TOOLS.map((t) => t.name));
  assert.deepEqual(names({}), names({ toolsets: ['default'] }), 'no switches: the default toolset');
  assert.deepEqual(names({}), [
    'assistant-create', 'assistant-list', 'assistant-get', 'assistant-update', 'assistant-delete',
    'message-list', 'run-get', 'run-step-list',
    'thread-create-and-run', 'message-create-and-run', 'run-wait', 'run-submit-tool-outputs-and-wait',
    'file-upload', 'vector-store-create', 'vector-store-file-add',
  ]);
  assert.deepEqual(names({ toolsets: ['threads'] }), ['thread-create', 'thread-get', 'thread-update', 'thread-delete']);
  assert.deepEqual(names({ tools: ['run-get', 'thread-get'] }), ['thread-get', 'run-get'], 'tools alone: only those');
  assert.deepEqual(names({ toolsets: ['threads'], tools: ['run-get'] }), ['thread-create', 'thread-get', 'thread-update', 'thread-delete', 'run-get'], 'tools add to toolsets');
  assert.deepEqual(names({ toolsets: ['threads'], excludeTools: ['thread-delete'] }), ['thread-create', 'thread-get', 'thread-update']);
  const readOnly = names({ toolsets: ['all'], tools: ['run-create'], readOnly: true });
  assert.ok(!readOnly.includes('run-create'), 'read-only wins over --tools');
  assert.deepEqual(readOnly, TOOLS.filter((t) => t.annotations.readOnlyHint).map((t) => t.name));
  assert.deepEqual(selectTools(TOOLS, { toolsets: ['runs', 'threads'] }).toolsets, ['threads', 'runs'], 'toolsets in table order');
  assert.equal(selectTools(TOOLS, { toolsets: ['runs', 'threads'] }).key, selectTools(TOOLS, { toolsets: ['threads', 'runs', 'runs'] }).key);
  assert.equal(selectionFor({ toolsets: ['runs'] }), selectionFor({ toolsets: ['runs'] }), 'computed once per switch set');
});

test('a tool that is not enabled is refused with the switch that enables it; nothing reaches the upstream', async () => {
  const { calls, fetch } = recordingFetch();
  const cases: [Partial<Config>, string, RegExp][] = [
    [{ toolsets: undefined }, 'thread-create', /^thread-create is not enabled: it belongs to the "threads" toolset\. Enable it with --toolsets default,threads \(MCP_TOOLSETS, header X-MCP-Toolsets, URL \?toolsets=\), or --tools thread-create/],
    [{ toolsets: ['runs'], tools: ['thread-get'] }, 'file-list', /^file-list is not enabled: it belongs to the "files" toolset\. Enable it with --toolsets runs,files \(MCP_TOOLSETS/],
    [{ toolsets: ['all'], excludeTools: ['run-cancel'] }, 'run-cancel', /run-cancel is excluded by --exclude-tools \(MCP_EXCLUDE_TOOLS, header X-MCP-Exclude-Tools/],
    [{ toolsets: ['all'], readOnly: true }, 'assistant-delete', /assistant-delete changes data and this server is read-only; it is enabled only without --read-only \(MCP_READ_ONLY, header X-MCP-Readonly, URL \?readonly=1\)/],
  ];
  for (const [config, name, message] of cases) {
    const response = await connect(config, fetch).request('tools/call', { name, arguments: {} });
    assert.equal(response.error.code, CODES.INVALID_PARAMS, name);
    assert.match(response.error.message, message);
  }
  const unknown = await connect({ toolsets: ['threads'] }, fetch).request('tools/call', { name: 'nope', arguments: {} });
  assert.match(unknown.error.message, /Unknown tool: "nope"\. Available tools: thread-create, thread-get, thread-update, thread-delete$/);
  assert.equal(calls.length, 0);
});

test('server instructions describe only the enabled toolsets', async () => {
  const init = async (config: Partial<Config>) => (await connect(config).request('initialize', { protocolVersion: '2025-06-18', capabilities: {} })).result.instructions as string;
  const runsOnly = await init({ toolsets: ['runs'] });
  assert.match(runsOnly, /toolsets: runs\)/);
  assert.match(runsOnly, /run-create starts a run/);
  assert.doesNotMatch(runsOnly, /thread-create-and-run|assistant-create|message-create/);
  const readOnly = await init({ toolsets: ['all'], readOnly: true });
  assert.match(readOnly, /toolsets: assistants, threads, messages, runs, wait, files, vector-stores, read-only\)/);
  assert.match(readOnly, /Also: assistant-list, assistant-get\./, 'a toolset enabled in part lists its tools');
  assert.doesNotMatch(readOnly, /assistant-create|run-create/);
  const standard = await init({ toolsets: undefined });
  assert.match(standard, /thread-create-and-run asks an assistant/);
  assert.match(standard, /Also: message-list\. Also: run-get, run-step-list\./);
});


function http(config: Partial<Config> = {}) {
  const upstream = recordingFetch(() => jsonResponse({ object: 'list', data: [], has_more: false }));
  return { upstream, handle: createHttpHandler({ ...DEFAULTS, backend: 'assistants', baseUrl: 'http://upstream.test/v1', ...config }, { fetch: upstream.fetch }) };
}

function modernRequest(method: string, params: Record<string, unknown>, headers: Record<string, string> = {}, query = '') {
  const body = { jsonrpc: '2.0', id: 1, method, params: { ...params, _meta: { [META.protocolVersion]: '2026-07-28', [META.clientCapabilities]: {} } } };
  return new Request(`http://localhost/mcp${query}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${CANARY_KEY}`,
      'mcp-protocol-version': '2026-07-28', 'mcp-method': method, ...(typeof params.name === 'string' ? { 'mcp-name': params.name } : {}), ...headers,
    },
    body: JSON.stringify(body),
  });
}

async function listed(response: Response) {
  const body = JSON.parse(await response.text());
  return { names: body.result?.tools?.map((t: any) => t.name), body, status: response.status };
}

test('HTTP: X-MCP-* headers and the URL query select per request; such lists are cached privately', async () => {
  const { handle } = http();
  const plain = await listed(await handle(modernRequest('tools/list', {})));
  assert.deepEqual(plain.names, names({}));
  assert.equal(plain.body.result.cacheScope, 'public', 'the server-wide list may be shared');

  const byHeader = await listed(await handle(modernRequest('tools/list', {}, { 'x-mcp-toolsets': 'threads,runs', 'x-mcp-exclude-tools': 'run-cancel' })));
  assert.deepEqual(byHeader.names, names({ toolsets: ['threads', 'runs'], excludeTools: ['run-cancel'] }));
  assert.equal(byHeader.body.result.cacheScope, 'private', 'a list chosen by headers is not shared across clients');

  const byQuery = await listed(await handle(modernRequest('tools/list', {}, {}, '?toolsets=runs&readonly=1')));
  assert.deepEqual(byQuery.names, ['run-list', 'run-get', 'run-step-list', 'run-step-get']);
  assert.equal(byQuery.body.result.cacheScope, 'private');

  const headerWins = await listed(await handle(modernRequest('tools/list', {}, { 'x-mcp-tools': 'run-get', 'x-mcp-readonly': 'false' }, '?tools=thread-get')));
  assert.deepEqual(headerWins.names, ['run-get']);

  const discover = JSON.parse(await (await handle(modernRequest('server/discover', {}, { 'x-mcp-toolsets': 'runs' }))).text());
  assert.equal(discover.result.cacheScope, 'private');
  assert.match(discover.result.instructions, /toolsets: runs\)/);

  const refused = JSON.parse(await (await handle(modernRequest('tools/call', { name: 'assistant-list', arguments: {} }, { 'x-mcp-toolsets': 'runs' }))).text());
  assert.match(refused.error.message, /assistant-list is not enabled: it belongs to the "assistants" toolset/);
});

test('HTTP: browsers may send the selection headers (CORS preflight)', async () => {
  const { handle } = http({ allowedOrigins: ['https://app.example'] });
  const preflight = await handle(new Request('http://localhost/mcp', { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' } }));
  const allowed = preflight.headers.get('access-control-allow-headers')!.split(/,\s*/);
  for (const header of ['x-mcp-toolsets', 'x-mcp-tools', 'x-mcp-exclude-tools', 'x-mcp-readonly']) assert.ok(allowed.includes(header), header);
});

test('HTTP: a server started read-only or with exclusions cannot be widened by a request', async () => {
  const { handle, upstream } = http({ readOnly: true, excludeTools: ['run-get'] });
  const widened = await listed(await handle(modernRequest('tools/list', {}, { 'x-mcp-toolsets': 'all', 'x-mcp-readonly': '0' })));
  assert.ok(widened.names.length > 0);
  for (const name of widened.names) assert.equal(TOOLS.find((t) => t.name === name)!.annotations.readOnlyHint, true, name);
  assert.ok(!widened.names.includes('run-get'));
  const call = JSON.parse(await (await handle(modernRequest('tools/call', { name: 'assistant-delete', arguments: { assistant_id: 'a' } }, { 'x-mcp-toolsets': 'all', 'x-mcp-readonly': 'false' }))).text());
  assert.match(call.error.message, /read-only/);
  assert.equal(upstream.calls.length, 0);
});

test('HTTP: bad selection values are a 400 naming the value, before anything runs', async () => {
  const { handle, upstream } = http();
  for (const [headers, query, message] of [
    [{ 'x-mcp-toolsets': 'runs,bogus' }, '', /Invalid tool selection: Unknown toolset "bogus"/],
    [{}, '?tools=run-craete', /Unknown tool "run-craete"/],
    [{ 'x-mcp-readonly': 'maybe' }, '', /X-MCP-Readonly \(or \?readonly=\) must be true, false, 1 or 0; got "maybe"/],
  ] as const) {
    const response = await handle(modernRequest('tools/list', {}, headers, query));
    assert.equal(response.status, 400);
    assert.match(JSON.parse(await response.text()).error.message, message);
  }
  assert.equal(upstream.calls.length, 0);
});
