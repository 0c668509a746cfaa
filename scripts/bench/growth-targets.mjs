/**
 * The two stores the cost-growth figures run on, behind one shape: { call(name, args), store,
 * putMany(entries), full, stop }. `store` is the server's own Store code (from .build/src) on the
 * same folder or KV namespace the server uses; `full` says whether every record is seeded
 * (file store) or only what a list reads (KV, where a put costs milliseconds in Miniflare: see seed.mjs).
 */
import { Agent } from 'node:http';
import { rpcHeaders, send } from './load.mjs';
import { startStdio, tempDir } from './processes.mjs';
import { KEY, ROOT } from './settings.mjs';

const build = (path) => import(`${ROOT}.build/src/${path}`);

/** The CLI over stdio on a fresh file store (every toolset: run-list is not in the default one). */
export async function fileTarget(upstream) {
  const dir = tempDir('store');
  const { createFileStore } = await build('node/file-store.js');
  const server = await startStdio({ OPENAI_BASE_URL: upstream, MCP_STORE_DIR: dir }, ['--backend', 'responses', '--toolsets', 'all']);
  const store = createFileStore(dir);
  return {
    name: 'file store',
    full: true,
    store,
    call: (name, args) => server.call(name, args),
    async putMany(entries) {
      for (let i = 0; i < entries.length; i += 64) await Promise.all(entries.slice(i, i + 64).map(([key, value]) => store.put(key, value)));
    },
    stop: () => server.stop(),
  };
}

// A second Worker bound to the same KV namespace takes records in bulk: one request per batch
// instead of one Miniflare round trip per key.
const SEEDER = `export default { async fetch(request, env) {
  const entries = await request.json();
  await Promise.all(entries.map(([key, text]) => env.STORE.put(key, text)));
  return new Response(String(entries.length));
} };`;

/** dist/worker.js in Miniflare on a KV namespace. */
export async function kvTarget(upstream) {
  const { Miniflare } = await import('miniflare');
  const { createKvStore } = await build('store/kv.js');
  const { encodeRecord } = await build('store/record.js');
  const common = { modules: true, compatibilityDate: '2025-09-01', kvNamespaces: { STORE: 'bench-store' } };
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    workers: [
      { ...common, name: 'main', scriptPath: `${ROOT}dist/worker.js`, bindings: { OPENAI_BASE_URL: upstream, OPENAI_BACKEND: 'responses', MCP_TOOLSETS: 'all', MCP_LOG_LEVEL: 'warning' } },
      { ...common, name: 'seeder', script: SEEDER },
    ],
  });
  const url = new URL('/mcp', await mf.ready);
  const seeder = await mf.getWorker('seeder');
  const store = createKvStore(await mf.getKVNamespace('STORE', 'main'));
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const headers = rpcHeaders({ authorization: `Bearer ${KEY}` });
  let id = 0;
  return {
    name: 'Miniflare KV',
    full: false,
    store,
    async call(name, args) {
      const reply = await send(url, { agent, headers, body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method: 'tools/call', params: { name, arguments: args } }) });
      const message = JSON.parse(reply.text);
      if (message.error || message.result?.isError) throw new Error(`${name} on the Worker: ${reply.text.slice(0, 500)}`);
      return message.result;
    },
    async putMany(entries) {
      for (let i = 0; i < entries.length; i += 500) {
        const batch = entries.slice(i, i + 500).map(([key, value]) => [key, encodeRecord(key, value)]);
        const reply = await seeder.fetch('http://seeder/', { method: 'POST', body: JSON.stringify(batch) });
        if (Number(await reply.text()) !== batch.length) throw new Error('the KV seeder did not store the whole batch');
      }
    },
    async stop() {
      agent.destroy();
      await mf.dispose();
    },
  };
}
