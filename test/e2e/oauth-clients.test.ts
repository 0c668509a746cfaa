/**
 * OAuth end to end with a client no one here wrote: the official MCP TypeScript SDK signs in to
 * `dist/cli.cjs --http` and to dist/worker.js in Miniflare, registering both ways: dynamic client
 * registration, and a client ID metadata document (served over https: on --http from a local
 * server with a test certificate, behind MCP_OAUTH_DEV_LOOPBACK_CLIENT_IDS; on the Worker from
 * https://client.example through Miniflare's outbound service).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Miniflare } from 'miniflare';
import { startFakeAssistants, type FakeAssistants } from '../fake/assistants-server.js';
import { startHttpCli, type HttpProcess } from '../helpers/http-process.js';
import { CANARY_KEY } from '../helpers/in-process.js';
import { MemoryProvider, SDK_REDIRECT, runSdkSession } from '../helpers/sdk-oauth-flow.js';
import { ROOT, localhostCertificate } from '../helpers/third-party.js';

const SECRET = 'worker-oauth-secret-0123456789abcdef';
const clientDocument = (clientId: string) => JSON.stringify({ client_id: clientId, client_name: 'SDK metadata-document client', redirect_uris: [SDK_REDIRECT], token_endpoint_auth_method: 'none' });

let fake: FakeAssistants;
let storeDir: string;
let cli: HttpProcess;
let documentServer: ReturnType<typeof createServer>;
let documentUrl: string;
let mf: Miniflare;
let workerUrl: string;

before(async () => {
  fake = await startFakeAssistants({ apiKey: CANARY_KEY });
  const { key, cert, certFile } = localhostCertificate();
  documentServer = createServer({ key, cert }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(clientDocument(documentUrl));
  });
  await new Promise<void>((resolve) => documentServer.listen(0, '127.0.0.1', resolve));
  documentUrl = `https://localhost:${(documentServer.address() as AddressInfo).port}/oauth/client.json`;
  storeDir = mkdtempSync(join(tmpdir(), 'oauth-e2e-'));
  cli = await startHttpCli({ OPENAI_BASE_URL: fake.url, MCP_STORE_DIR: storeDir, MCP_OAUTH_DEV_LOOPBACK_CLIENT_IDS: 'true', NODE_EXTRA_CA_CERTS: certFile });

  mf = new Miniflare({
    modules: true,
    scriptPath: join(ROOT, 'dist', 'worker.js'),
    compatibilityDate: '2025-09-01',
    host: '127.0.0.1',
    port: 0,
    kvNamespaces: ['STORE'],
    bindings: { OPENAI_BASE_URL: fake.url, MCP_OAUTH_SECRET: SECRET },
    async outboundService(request: any) {
      const url = new URL(request.url);
      if (url.host === 'client.example') return new Response(clientDocument(request.url), { headers: { 'content-type': 'application/json' } }) as any;
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
      const answer = await fetch(request.url, { method: request.method, headers: Object.fromEntries(request.headers as any), body });
      return new Response(await answer.arrayBuffer(), { status: answer.status, headers: answer.headers }) as any;
    },
  });
  workerUrl = new URL('/mcp', await mf.ready).href;
});

after(async () => {
  await cli?.stop();
  await mf?.dispose();
  await new Promise((resolve) => documentServer?.close(resolve));
  await fake?.close();
});

test('--http: the SDK registers dynamically, signs in, calls a tool with the user\'s key, refreshes, is refused after revocation', async () => {
  const { registered } = await runSdkSession(cli.url, fake, new MemoryProvider());
  assert.ok(registered, 'the SDK used dynamic client registration');
});

test('--http: the SDK signs in with a client ID metadata document (https)', async () => {
  const provider = new MemoryProvider(documentUrl);
  await runSdkSession(cli.url, fake, provider);
  assert.equal(provider.client?.client_id, documentUrl, 'the client ID is the document URL, not a registration');
});

test('--http: the generated secret is kept 0600 and no record holds the key in clear', () => {
  assert.equal(statSync(join(storeDir, 'oauth-secret')).mode & 0o777, 0o600);
  const files = readdirSync(storeDir, { recursive: true }).map(String).filter((name) => name.endsWith('.json'));
  assert.ok(files.some((name) => name.startsWith('oauth')), 'OAuth records are in the store');
  for (const name of files) assert.ok(!readFileSync(join(storeDir, name), 'utf8').includes(CANARY_KEY), name);
  assert.ok(!cli.stderr().includes(CANARY_KEY) && !cli.stdout().includes(CANARY_KEY), 'the key never appears in output');
});

test('Worker: the SDK registers dynamically and signs in; KV holds no key in clear', async () => {
  const { registered } = await runSdkSession(workerUrl, fake, new MemoryProvider());
  assert.ok(registered);
  const kv = (await mf.getKVNamespace('STORE')) as any;
  const { keys } = await kv.list();
  assert.ok(keys.some(({ name }: { name: string }) => name.startsWith('oauth/client/')));
  for (const { name } of keys) assert.ok(!(await kv.get(name))?.includes(CANARY_KEY), name);
});

test('Worker: the SDK signs in with a client ID metadata document at https://client.example', async () => {
  const provider = new MemoryProvider('https://client.example/oauth/client.json');
  await runSdkSession(workerUrl, fake, provider);
  assert.equal(provider.client?.client_id, 'https://client.example/oauth/client.json');
});

test('Worker: the cron trigger sweeps expired OAuth records from KV and keeps live ones', async () => {
  const kv = (await mf.getKVNamespace('STORE')) as any;
  await kv.put('oauth/token/expired-one', JSON.stringify({ v: 1, value: { expiresAt: 1 } }));
  const live = (await kv.list({ prefix: 'oauth/' })).keys.map(({ name }: { name: string }) => name).filter((name: string) => name !== 'oauth/token/expired-one');
  await ((await mf.getWorker()) as any).scheduled({ cron: '17 * * * *' });
  const after = (await kv.list({ prefix: 'oauth/' })).keys.map(({ name }: { name: string }) => name);
  assert.ok(!after.includes('oauth/token/expired-one'));
  assert.ok(live.length > 0 && live.every((name: string) => after.includes(name)), 'live records stay');
});

test('Worker without MCP_OAUTH_SECRET: OAuth is off and every 401 says how to turn it on', async () => {
  const off = new Miniflare({ modules: true, scriptPath: join(ROOT, 'dist', 'worker.js'), compatibilityDate: '2025-09-01', kvNamespaces: ['STORE'], bindings: { OPENAI_BASE_URL: fake.url } });
  try {
    const reply = await off.dispatchFetch('http://worker.test/mcp', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0","id":1,"method":"ping"}' });
    assert.equal(reply.status, 401);
    assert.match((await reply.json() as any).error.message, /wrangler secret put MCP_OAUTH_SECRET/);
    const metadata = await off.dispatchFetch('http://worker.test/.well-known/oauth-protected-resource/mcp');
    assert.equal(metadata.status, 404);
    assert.match(await metadata.text(), /MCP_OAUTH_SECRET/);
  } finally {
    await off.dispose();
  }
});
