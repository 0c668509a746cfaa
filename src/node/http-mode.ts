/**
 * `--http`: refuses unsafe setups up front, then listens (loopback by default). Loaded by the CLI
 * only in this mode, so the stdio server never reads, compiles or runs the HTTP transport and OAuth.
 */
import type { AddressInfo } from 'node:net';
import type { Config } from '../config.js';
import { createOAuth } from '../oauth/index.js';
import { sweepExpired } from '../oauth/sweep.js';
import { authMode, createHttpTransport } from '../transports/http.js';
import { misconfiguration } from '../transports/http-auth.js';
import { nodeDeps, say, setup, storeDir, warnAboutStore } from './deps.js';
import { nodeFetch } from './fetch.js';
import { createFileStore } from './file-store.js';
import { createHeapRelief, createYoungGenerationCap } from './heap-relief.js';
import { serveHttp } from './http-server.js';
import { storedSecret } from './oauth-secret.js';

export async function serveHttpMode(config: Config): Promise<void> {
  if (isLoopback(config.host)) {
    // A local server must not be reachable through DNS rebinding or from arbitrary web pages.
    if (!config.allowedHosts.length) config.allowedHosts = ['localhost', '127.0.0.1', '[::1]'];
    if (!config.allowedOrigins.length) config.allowedOrigins = ['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*'];
  }
  const refusal = misconfiguration(config);
  if (refusal) {
    say(`openai-assistants-mcp: ${refusal}\n`);
    process.exit(2);
  }
  const deps = nodeDeps(config);
  try {
    const server = await serveHttp(createHttpTransport(config, { ...deps, oauth: nodeOAuth(config) }), config.port, config.host);
    const relief = createHeapRelief(HTTP_RELIEF_AFTER_REQUESTS, HTTP_QUIET_MS);
    const youngCap = createYoungGenerationCap();
    server.on('request', () => (relief.note(1), youngCap.note(1)));
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    deps.log('info', `Streamable HTTP on http://${host}:${address.port}/mcp | ${setup(config, 'shared')} | auth: ${authMode(config)}`);
    warnAboutStore(config, deps);
  } catch (error) {
    say(`openai-assistants-mcp: cannot listen on ${config.host}:${config.port}: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

/** OAuth sign-in on the file store, with MCP_OAUTH_SECRET or one kept in the store folder; expired records are swept hourly. */
function nodeOAuth(config: Config) {
  if (!config.oauth) return undefined;
  const dir = storeDir(config);
  const store = createFileStore(dir);
  const sweep = () => void sweepExpired(store).catch((error) => say(`openai-assistants-mcp: could not sweep expired OAuth records in ${dir}: ${(error as Error).message}\n`));
  setInterval(sweep, SWEEP_INTERVAL_MS).unref();
  const secret = config.oauthSecret;
  return createOAuth({ config, store, fetch: nodeFetch, secret: secret ? async () => secret : () => storedSecret(dir) });
}

const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
/** Requests after which a quiet moment on `--http` gives the heap back (see heap-relief.ts). */
const HTTP_RELIEF_AFTER_REQUESTS = 200;
/**
 * How long `--http` must be idle first. A full collection in a lull deoptimizes ~100 hot functions
 * (their code holds weak references to the last requests' objects), and the next second of
 * requests then costs 2.4× the CPU (346 vs 144 µs a tools/list). Between bursts of one workload
 * (the bench's rounds, a user's turns) that is paid again and again, so only real idleness counts.
 */
const HTTP_QUIET_MS = 5_000;

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
