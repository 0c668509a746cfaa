/**
 * The three servers the conformance suite tests, each started on a free loopback port:
 * the stdio binary behind scripts/stdio-bridge.mjs, `dist/cli.cjs --http`, and
 * `dist/worker.js` in Miniflare. start({ store, log }) resolves to { url, close() }.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBridge } from '../stdio-bridge.mjs';
import { startAuthProxy } from './auth-proxy.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli.cjs');
const WORKER = join(ROOT, 'dist', 'worker.js');

// Credentials for the HTTP targets: a server-held dummy key unlocked by an access token,
// which the auth proxy sends because the suite cannot. Nothing ever reaches an upstream:
// the base URL points at a closed loopback port.
const DUMMY_KEY = 'sk-conformance-dummy';
const ACCESS_TOKEN = 'conformance-access-token';
const DEAD_UPSTREAM = 'http://127.0.0.1:9/v1';

/** Target name → how to start it. */
export const TARGETS = {
  stdio: { describe: 'node dist/cli.cjs (stdio) behind scripts/stdio-bridge.mjs', start: startStdio },
  http: { describe: 'node dist/cli.cjs --http, behind an auth-adding proxy', start: startHttp },
  worker: { describe: 'dist/worker.js in Miniflare, behind an auth-adding proxy', start: startWorker },
};

/** Environment for our servers: nothing from the caller's OpenAI/MCP settings, no upstream. */
function serverEnv(store) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(OPENAI_|MCP_)/.test(key)));
  return { ...env, OPENAI_BASE_URL: DEAD_UPSTREAM, OPENAI_BACKEND: 'responses', MCP_STORE_DIR: store };
}

async function startStdio({ store, log }) {
  const bridge = await startBridge({ command: process.execPath, args: [CLI], env: serverEnv(store), log });
  return { url: bridge.url, close: bridge.close };
}

async function startHttp({ store, log }) {
  const port = await freePort();
  const env = { ...serverEnv(store), OPENAI_API_KEY: DUMMY_KEY, MCP_AUTH_TOKENS: ACCESS_TOKEN };
  const child = spawn(process.execPath, [CLI, '--http', '--port', String(port), '--host', '127.0.0.1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk) => log(String(chunk)));
  child.stderr.on('data', (chunk) => log(String(chunk)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitForPort(port, child);
  } catch (error) {
    await stop();
    throw error;
  }
  const proxy = await startAuthProxy({ target: `http://127.0.0.1:${port}`, authorization: `Bearer ${ACCESS_TOKEN}`, log });
  return { url: proxy.url, close: async () => { await proxy.close(); await stop(); } };
}

async function startWorker({ log }) {
  const { Miniflare } = await import('miniflare');
  const port = await freePort();
  const mf = new Miniflare({
    modules: true,
    scriptPath: WORKER,
    modulesRoot: dirname(WORKER),
    compatibilityDate: await compatibilityDate(),
    host: '127.0.0.1',
    port,
    bindings: {
      OPENAI_BASE_URL: DEAD_UPSTREAM,
      OPENAI_BACKEND: 'responses',
      OPENAI_API_KEY: DUMMY_KEY,
      MCP_AUTH_TOKENS: ACCESS_TOKEN,
      // The suite's DNS-rebinding check calls from a loopback page; a deployed Worker lists its real origins.
      MCP_ALLOWED_ORIGINS: 'http://localhost:*,http://127.0.0.1:*',
    },
    // workerd's own diagnostics (e.g. "Broken pipe" when the suite hangs up) go to the log.
    handleRuntimeStdio: (stdout, stderr) => {
      stdout.on('data', (chunk) => log(String(chunk)));
      stderr.on('data', (chunk) => log(String(chunk)));
    },
  });
  let ready;
  try {
    ready = await mf.ready;
  } catch (error) {
    await mf.dispose().catch(() => {});
    throw error;
  }
  log(`miniflare ready at ${ready}\n`);
  const proxy = await startAuthProxy({ target: `http://127.0.0.1:${port}`, authorization: `Bearer ${ACCESS_TOKEN}`, log });
  return { url: proxy.url, close: async () => { await proxy.close(); await mf.dispose(); } };
}

async function compatibilityDate() {
  const toml = await readFile(join(ROOT, 'wrangler.toml'), 'utf8').catch(() => '');
  return /^compatibility_date\s*=\s*"([\d-]+)"/m.exec(toml)?.[1] ?? '2025-09-01';
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, child, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before listening`);
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server did not listen on port ${port} within ${timeoutMs} ms`);
}

