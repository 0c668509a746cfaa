/** The built dist/worker.js in Miniflare (workerd), against the local fake Assistants API. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { Miniflare } from 'miniflare';
import { startFakeAssistants, type FakeAssistants } from '../fake/assistants-server.js';
import { TOOLS } from '../../src/tools/index.js';
import { CANARY_KEY } from '../helpers/in-process.js';

const SERVER_KEY = 'sk-server-secret-canary-91c2';
const TOKEN = 'access-token-for-the-worker-test';
const SCRIPT = fileURLToPath(new URL('../../../dist/worker.js', import.meta.url));

let fake: FakeAssistants;
let mf: Miniflare;

function worker(bindings: Record<string, string>) {
  return new Miniflare({ modules: true, scriptPath: SCRIPT, compatibilityDate: '2025-09-01', bindings });
}

before(async () => {
  fake = await startFakeAssistants({ apiKey: SERVER_KEY });
  mf = worker({ OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: SERVER_KEY, MCP_AUTH_TOKENS: `other,${TOKEN}`, MCP_ALLOWED_ORIGINS: 'https://app.example', MCP_TOOLSETS: 'all' });
});
after(async () => {
  await mf?.dispose();
  await fake?.close();
});

async function post(body: unknown, headers: Record<string, string> = {}, instance = mf) {
  const response = await instance.dispatchFetch('http://worker.test/mcp', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${TOKEN}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  for (const secret of [SERVER_KEY, CANARY_KEY, TOKEN]) assert.ok(!text.includes(secret), 'no secret in any response');
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, headers: response.headers, text, body: text && type.includes('json') ? JSON.parse(text) : undefined };
}

const call = (id: number, name: string, args: Record<string, unknown>) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } });

test('legacy initialize and tools/list with an access token', async () => {
  const init = await post({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {} } });
  assert.equal(init.status, 200);
  assert.equal(init.body.result.protocolVersion, '2025-06-18');
  const list = await post({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, { 'mcp-protocol-version': '2025-06-18' });
  assert.equal(list.body.result.tools.length, TOOLS.length);
});

test('an access token unlocks the server key; a caller\'s own key is used as is', async () => {
  const reply = await post(call(3, 'assistant-create', { model: 'gpt-4o', name: 'From worker' }));
  assert.equal(reply.body.result.structuredContent.name, 'From worker', reply.text);
  assert.equal(fake.requests.at(-1)?.headers.authorization, `Bearer ${SERVER_KEY}`);
  const own = await post(call(4, 'assistant-list', {}), { authorization: '', 'x-openai-api-key': CANARY_KEY });
  assert.equal(own.body.result.isError, true, 'the fake accepts only the server key');
  assert.match(own.body.result.content[0].text, /401/);
  assert.equal(fake.requests.at(-1)?.headers.authorization, `Bearer ${CANARY_KEY}`);
});

test('missing or wrong credentials: 401 with WWW-Authenticate, nothing sent upstream', async () => {
  const before = fake.requests.length;
  for (const authorization of ['', 'Bearer wrong-token', `Bearer ${TOKEN.slice(1)}`]) {
    const reply = await post(call(5, 'assistant-list', {}), { authorization });
    assert.equal(reply.status, 401, authorization);
    assert.match(reply.headers.get('www-authenticate')!, /^Bearer /);
    assert.equal(reply.body.error.code, -32600);
  }
  assert.equal(fake.requests.length, before);
});

test('the 2026-07-28 era: server/discover and a tool call with mirrored headers', async () => {
  const meta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} };
  const headers = { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'server/discover' };
  const discover = await post({ jsonrpc: '2.0', id: 6, method: 'server/discover', params: { _meta: meta } }, headers);
  assert.equal(discover.body.result.supportedVersions[0], '2026-07-28');
  const listCall = { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'assistant-list', arguments: {}, _meta: meta } };
  const listed = await post(listCall, { ...headers, 'mcp-method': 'tools/call', 'mcp-name': 'assistant-list' });
  assert.equal(listed.body.result.resultType, 'complete');
  assert.ok(listed.body.result.structuredContent.data.length >= 1);
  const mismatch = await post(listCall, { ...headers, 'mcp-method': 'tools/call', 'mcp-name': 'thread-get' });
  assert.equal(mismatch.status, 400);
  assert.equal(mismatch.body.error.code, -32020);
  const unknown = await post({ jsonrpc: '2.0', id: 8, method: 'nope', params: { _meta: meta } }, { ...headers, 'mcp-method': 'nope' });
  assert.equal(unknown.status, 404);
});

test('SSE framing when the client accepts only text/event-stream', async () => {
  const reply = await post({ jsonrpc: '2.0', id: 9, method: 'ping' }, { accept: 'text/event-stream' });
  assert.equal(reply.headers.get('content-type'), 'text/event-stream');
  assert.equal(reply.headers.get('x-accel-buffering'), 'no');
  assert.match(reply.text, /^event: message\ndata: \{"jsonrpc":"2.0","id":9,"result":\{\}\}\n\n$/);
});

test('202 for notifications, 405 for GET and DELETE, -32700 for bad JSON, 413 over the limit', async () => {
  assert.equal((await post({ jsonrpc: '2.0', method: 'notifications/initialized' })).status, 202);
  for (const method of ['GET', 'DELETE']) {
    const response = await mf.dispatchFetch('http://worker.test/mcp', { method });
    assert.equal(response.status, 405);
    await response.text();
  }
  const bad = await post('{oops');
  assert.equal([bad.status, bad.body.error.code].join(), '400,-32700');
  const before = fake.requests.length;
  const big = await post({ jsonrpc: '2.0', id: 10, method: 'ping', params: { pad: 'x'.repeat(4 * 1024 * 1024) } });
  assert.equal(big.status, 413);
  assert.equal(fake.requests.length, before);
});

test('Origin: 403 for a foreign one; preflight and CORS headers for an allowed one', async () => {
  assert.equal((await post({ jsonrpc: '2.0', id: 11, method: 'ping' }, { origin: 'https://evil.example' })).status, 403);
  const allowed = await post({ jsonrpc: '2.0', id: 12, method: 'ping' }, { origin: 'https://app.example' });
  assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://app.example');
  const pre = await mf.dispatchFetch('http://worker.test/mcp', { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' } });
  assert.equal(pre.status, 204);
  assert.match(pre.headers.get('access-control-allow-headers')!, /mcp-protocol-version/);
  await pre.text();
});

test('GET /health without credentials; a server key without tokens is refused', async () => {
  const health = await mf.dispatchFetch('http://worker.test/health');
  const body = await health.json() as Record<string, unknown>;
  assert.deepEqual([health.status, body.status, body.backend], [200, 'ok', 'assistants']);
  const open = worker({ OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: SERVER_KEY });
  try {
    const refused = await post(call(13, 'assistant-list', {}), { authorization: `Bearer ${CANARY_KEY}` }, open);
    assert.equal(refused.status, 500);
    assert.match(refused.body.error.message, /MCP_AUTH_TOKENS/);
    const sick = await open.dispatchFetch('http://worker.test/health');
    assert.equal(sick.status, 503);
    assert.ok(!(await sick.text()).includes(SERVER_KEY));
  } finally {
    await open.dispose();
  }
});

// 120 KB before OAuth sign-in (issue 14), which measured +28,514 bytes minified (109,670 → 138,184; gzip 37,122 → 46,420).
// Issue 11 (log level and request lines, store time bounds and health, namespaces, model check): +5,139 (149,198 → 154,337; gzip 50,335 → 52,748).
// Issue 10's bounds and failure paths (depth, body draining, upstream answer size, corrupt records) measured +4,043
// (149,198 → 153,241; gzip 50,345 → 51,839). Both together: 158,252 bytes.
// Upstream profiles (issue 9: conversation seam, driven runs, item paging, error bodies, registry, docs) measured +15,073 (153,241 → 168,314).
// The 15 file and vector-store tools (issue 12) add about 26 KB.
// Issue 15: the options' help lines left the Worker (src/config-help.ts): 202,267 → 198,145 (gzip 68,802 → 67,261).
// Issue 15, --http speed: the transport's typed seam (http-request.ts), kept tools/list bytes (raw-json.ts) and
// renderText's single array measured +885 (200,572 → 201,457; gzip 68,081 → 68,997).
// Fixes from an outside-in trial (404 advice by the missing object, a refused run's thread deleted): +773 (201,457 → 202,230; gzip 68,997 → 69,077).
// Issue 15, Worker size: CLI flags derived and left out (202,284 → 201,426; gzip 69,268 → 68,940); __WORKER__ leaves out
// local-file code, roots/list and the client-request tracker (→ 198,758; gzip 67,992). Merged with the per-process state
// of --http and the Worker (7c23668): 199,023, gzip 68,089. The client's timeout seam for fetches that enforce it
// (dae1cc1): 199,669, gzip 68,322. Review fixes (7167844): 200,080, gzip 68,519.
// What each module costs: node scripts/bench/worker-breakdown.mjs --files. The bounds leave ~0.4% for small fixes.
test('the Worker bundle stays within 200,400 bytes minified and 68,600 gzip', () => {
  const bytes = readFileSync(SCRIPT);
  assert.ok(bytes.length <= 200_400, `dist/worker.js is ${bytes.length} bytes`);
  const gzip = gzipSync(bytes).length;
  assert.ok(gzip <= 68_600, `dist/worker.js is ${gzip} bytes gzip`);
});

test('files by content in the Worker; path uploads and save_to refused with advice before any request, their code left out of the bundle', async () => {
  const uploaded = await post(call(30, 'file-upload', { content: 'Refunds within 30 days.', filename: 'policy.txt' }));
  const id = uploaded.body.result.structuredContent.id;
  assert.match(id, /^file/, uploaded.text);
  const content = await post(call(31, 'file-content', { file_id: id }));
  assert.ok(content.body.result.content.some((block: { text?: string }) => block.text === 'Refunds within 30 days.'), content.text);
  const sent = fake.requests.length;
  const byPath = await post(call(32, 'file-upload', { path: '/etc/hostname' }));
  assert.equal(byPath.body.result.isError, true);
  assert.match(byPath.body.result.content[0].text, /Uploads by path are not available on this server[\s\S]*Pass the file as content instead/);
  const saved = await post(call(33, 'file-content', { file_id: id, save_to: '/tmp' }));
  assert.equal(saved.body.result.isError, true);
  assert.match(saved.body.result.content[0].text, /save_to is only available on a local server[\s\S]*Leave save_to out/);
  assert.equal(fake.requests.length, sent, 'nothing sent upstream for either');
  // The Worker asks the client nothing; a response the client sends anyway is taken and settles nothing.
  assert.equal((await post({ jsonrpc: '2.0', id: 'server-1', result: { roots: [] } })).status, 202);
  // __WORKER__ (src/build-flags.d.ts) drops what only local files need: saving, opening a path, the client's roots, the Uploads API's parts.
  const bundle = readFileSync(SCRIPT, 'utf8');
  for (const nodeOnly of ['presented_as:"saved"', 'localFiles.open', 'roots/list', 'did not answer', '/parts`']) assert.ok(!bundle.includes(nodeOnly), nodeOnly);
});

test('an early answer to a large body (405, 415, 403) is received, not a reset connection', async () => {
  const big = `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":"${'x'.repeat(1024 * 1024)}"}}`;
  const cases: [number, RequestInit][] = [
    [405, { method: 'DELETE', headers: { 'content-type': 'application/json' } }],
    [415, { method: 'POST', headers: { 'content-type': 'text/plain' } }],
    [403, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://elsewhere.example' } }],
  ];
  for (let round = 0; round < 5; round++) {
    for (const [status, init] of cases) {
      const response = await mf.dispatchFetch('http://worker.test/mcp', { ...init, body: big } as never);
      assert.equal(response.status, status);
      await response.text();
    }
  }
});
