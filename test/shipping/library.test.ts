/**
 * The library as a user gets it: `npm pack`, installed from the tarball into a separate
 * folder, imported by name (exports + types), serving requests on Node and, bundled the
 * way wrangler would, in Miniflare. Zero dependencies.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { loadConfig } from '../../src/config.js';
import { selectionFor } from '../../src/tools/selection.js';
import { CANARY_KEY } from '../helpers/in-process.js';

/** What tools/list serves with no switches set. */
const DEFAULT_TOOLS = selectionFor(loadConfig({})).tools.length;
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let dir: string;
let tarball: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'oam-library-'));
  // dist/ is built by `npm test`; --ignore-scripts keeps prepack from rebuilding it under other tests.
  const [packed] = JSON.parse(execFileSync(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' }));
  tarball = join(dir, packed.filename);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync(NPM, ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', tarball], { cwd: dir, stdio: 'pipe' });
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('the tarball ships dist with types, README and LICENSE, and has no runtime dependencies', () => {
  const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const file of ['package/dist/index.js', 'package/dist/types/index.d.ts', 'package/dist/cli.cjs', 'package/dist/worker.js', 'package/LICENSE', 'package/README.md']) {
    assert.ok(listing.includes(file), file);
  }
  assert.ok(!listing.some((file) => file.includes('node_modules') || file.startsWith('package/src/')));
  const installed = JSON.parse(readFileSync(join(dir, 'node_modules', 'openai-assistants-mcp', 'package.json'), 'utf8'));
  assert.equal(installed.dependencies, undefined);
  assert.ok(statSync(tarball).size > 0);
});

const CONSUMER = `
import { createMcpHandler, createMcpServer, createMemoryStore } from 'openai-assistants-mcp';
const upstream = [];
const fetch = async (url, init) => {
  upstream.push(init.method + ' ' + new URL(url).pathname);
  return new Response(JSON.stringify({ id: 'gpt-4o', object: 'model' }), { headers: { 'content-type': 'application/json' } });
};
const handler = createMcpHandler({ fetch, store: createMemoryStore() });
const response = await handler(new Request('http://localhost/mcp', {
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/json', authorization: 'Bearer ${CANARY_KEY}' },
  body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'assistant-create', arguments: { model: 'gpt-4o', name: 'Embedded' } } }),
}));
const created = (await response.json()).result.structuredContent;
const server = createMcpServer({ env: { OPENAI_API_KEY: '${CANARY_KEY}' }, fetch, store: createMemoryStore() });
const init = await server.handle({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'c', version: '0' } } });
const notification = await server.handle('{"jsonrpc":"2.0","method":"notifications/initialized"}');
const list = await server.handle({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
console.log(JSON.stringify({ status: response.status, created, upstream, version: init.result.protocolVersion, notification, tools: list.result.tools.length }));
`;

test('on Node: createMcpHandler serves a Request with injected fetch and store; createMcpServer handles messages', () => {
  writeFileSync(join(dir, 'consumer.mjs'), CONSUMER);
  const result = JSON.parse(execFileSync(process.execPath, ['consumer.mjs'], { cwd: dir, encoding: 'utf8' }));
  assert.equal(result.status, 200);
  assert.equal(result.created.name, 'Embedded');
  assert.match(result.created.id, /^asst_/);
  assert.deepEqual(result.upstream, ['GET /v1/models/gpt-4o'], 'only the model check went upstream, through the injected fetch');
  assert.equal(result.version, '2025-06-18');
  assert.equal(result.notification, null);
  assert.equal(result.tools, DEFAULT_TOOLS);
});

test('the types resolve through exports for a TypeScript consumer (NodeNext)', () => {
  writeFileSync(join(dir, 'typed.ts'), [
    "import { createMcpHandler, createMcpServer, createMemoryStore, type McpServerOptions } from 'openai-assistants-mcp';",
    "const options: McpServerOptions = { env: { OPENAI_BASE_URL: 'https://api.openai.com/v1' }, store: createMemoryStore() };",
    'const handle: (request: Request) => Promise<Response> = createMcpHandler(options);',
    'const reply: Promise<object | null> = createMcpServer(options).handle({});',
    '// @ts-expect-error: fetch must be a function',
    "createMcpHandler({ fetch: 'nope' });",
    'export { handle, reply };',
  ].join('\n'));
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  // --skipLibCheck: checking lib.dom.d.ts is most of tsc's time here; dist/types is checked when
  // it is built, and the @ts-expect-error line fails if the exported types decay to `any`.
  execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom', '--skipLibCheck', 'typed.ts'], { cwd: dir, encoding: 'utf8' });
});

test('in Miniflare: a Worker that imports the package (bundled as wrangler does) serves MCP', async () => {
  writeFileSync(join(dir, 'worker.mjs'), [
    "import { createMcpHandler, createMemoryStore } from 'openai-assistants-mcp';",
    'const handle = createMcpHandler({ store: createMemoryStore() });',
    'export default { fetch: (request) => handle(request) };',
  ].join('\n'));
  const bundled = await build({ entryPoints: [join(dir, 'worker.mjs')], bundle: true, write: false, format: 'esm', platform: 'neutral', conditions: ['workerd', 'worker', 'browser'], absWorkingDir: dir, logLevel: 'silent' });
  const mf = new Miniflare({ modules: true, script: bundled.outputFiles[0].text, compatibilityDate: '2025-09-01' });
  try {
    const response = await mf.dispatchFetch('http://worker.test/mcp', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${CANARY_KEY}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { result: { tools: unknown[] } };
    assert.equal(body.result.tools.length, DEFAULT_TOOLS);
    const health = (await (await mf.dispatchFetch('http://worker.test/health')).json()) as { status: string };
    assert.equal(health.status, 'ok');
  } finally {
    await mf.dispose();
  }
});
