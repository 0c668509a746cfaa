/**
 * The MCP SDK's reference server (`@modelcontextprotocol/server-everything`, pinned), installed
 * into .cache/bench on first use the way the conformance run installs its suites, started in
 * stateful Streamable HTTP mode on loopback, and given one initialized session.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ensurePackage } from '../conformance/tools.mjs';
import { rpcHeaders, send } from './load.mjs';
import { startListening, tempDir } from './processes.mjs';
import { REFERENCE, ROOT } from './settings.mjs';

const CACHE = join(ROOT, '.cache', 'bench');

/** Where the pinned package is (or would be) installed. */
export const referenceDir = () => join(CACHE, `${REFERENCE.name.replace(/[@/]/g, '_')}-${REFERENCE.version}`, 'node_modules', REFERENCE.name);

/** True when the package is already in the cache (BENCH_NO_INSTALL=1 then skips rather than installs). */
export const referenceInstalled = () => existsSync(join(referenceDir(), 'package.json'));

// It calls app.listen(PORT) with no host, i.e. every interface; the bench stays on loopback.
const LOOPBACK_ONLY = `const net=require('net');const listen=net.Server.prototype.listen;
net.Server.prototype.listen=function(...a){if((typeof a[0]==='number'||typeof a[0]==='string')&&typeof a[1]!=='string')a.splice(1,0,'127.0.0.1');return listen.apply(this,a)};`;

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    }).on('error', reject);
  });
}

/** Starts the reference server with one session; resolves to { pid, url, headers, stop } (headers carry the session). */
export async function startReference() {
  const dir = await ensurePackage(CACHE, REFERENCE.name, REFERENCE.version, (line) => console.log(`  ${line}`));
  const preload = join(tempDir('ref'), 'loopback.cjs');
  writeFileSync(preload, LOOPBACK_ONLY);
  const port = await freePort();
  const server = await startListening(['--require', preload, join(dir, 'dist', 'index.js'), 'streamableHttp'], { PORT: String(port) },
    /listening on port (\d+)/, (match) => `http://127.0.0.1:${match[1]}/mcp`);
  const init = await send(server.url, {
    headers: rpcHeaders({}, { sse: true }),
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '0' } } }),
  });
  const session = init.headers['mcp-session-id'];
  if (init.status !== 200 || !session) throw new Error(`reference server initialize: ${init.status} ${init.text.slice(0, 300)}`);
  const headers = rpcHeaders({ 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' }, { sse: true });
  const initialized = await send(server.url, { headers, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) });
  if (initialized.status !== 202) throw new Error(`reference server notifications/initialized: ${initialized.status}`);
  return { ...server, headers };
}
