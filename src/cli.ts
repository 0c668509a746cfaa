/** `openai-assistants-mcp`: the stdio MCP server. stdout carries JSON-RPC only; everything else goes to stderr. */
import { webcrypto } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { BACKENDS } from './backends/registry.js';
import { optionsHelp } from './config-help.js';
import { loadConfig, type Config } from './config.js';
import { redact } from './errors.js';
import { createLogger, type Logger } from './log.js';
import { nodeFetch } from './node/fetch.js';
import { createFileStore, defaultStoreDir } from './node/file-store.js';
import { createHeapRelief, tuneHeapForOneClient } from './node/heap-relief.js';
import { createLocalFiles } from './node/local-files.js';
import { batchedLines } from './node/stderr-lines.js';
import { storedSecret } from './node/oauth-secret.js';
import { createOAuth } from './oauth/index.js';
import { sweepExpired } from './oauth/sweep.js';
import { createServerCore, type ServerDeps, type Tenancy } from './server.js';
import { guardStore, STORE_TIMEOUT_MS } from './store/guard.js';
import { storeProblem } from './store/health.js';
import { DEFAULT_NAMESPACE } from './store/namespace.js';
import { TOOLS } from './tools/index.js';
import { authMode, createHttpTransport } from './transports/http.js';
import { misconfiguration } from './transports/http-auth.js';
import { serveStdio } from './transports/stdio.js';
import { VERSION } from './version.js';

/** Log lines go out once per event-loop turn (see stderr-lines.ts). */
const stderrLog = batchedLines();

/** A direct stderr message, after the log lines queued before it. */
function say(text: string): void {
  stderrLog.flush();
  process.stderr.write(text);
}

const HELP = `openai-assistants-mcp ${VERSION}
MCP server for the OpenAI Assistants workflow: ${TOOLS.length} tools for assistants, threads,
messages, runs and run steps, files and vector stores, in toolsets (--toolsets all for every tool), plus
template and documentation resources.

Usage: openai-assistants-mcp [options]          (speaks MCP on stdin/stdout)
       openai-assistants-mcp --http [options]   (Streamable HTTP on http://127.0.0.1:3000/mcp)

Options (flag / environment variable; flags win):
${optionsHelp()}
  --help, --version

Example client config (Claude Desktop, Cursor, Roo):
  {"mcpServers": {"openai-assistants": {"command": "npx", "args": ["-y", "openai-assistants-mcp@${VERSION}"],
    "env": {"OPENAI_API_KEY": "sk-..."}}}}
  (or "command": "node", "args": ["/absolute/path/to/dist/cli.cjs"] from a clone)
`;

function main(argv: string[]): void {
  if (argv.includes('--help') || argv.includes('-h')) return void process.stdout.write(HELP);
  if (argv.includes('--version') || argv.includes('-v')) return void process.stdout.write(`${VERSION}\n`);

  const http = argv.includes('--http');
  let config;
  try {
    config = loadConfig(process.env, argv.filter((arg) => arg !== '--http'));
  } catch (error) {
    say(`openai-assistants-mcp: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const apiKey = config.apiKey;
  const report = (error: unknown) => say(`openai-assistants-mcp: ${redact(String((error as Error)?.stack ?? error), apiKey)}\n`);
  process.on('uncaughtException', report);
  process.on('unhandledRejection', report);
  // A client that goes away mid-write must not crash us with EPIPE.
  process.stdout.on('error', () => process.exit(0));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));

  if (http) return void serveHttpMode(config);
  tuneHeapForOneClient();
  const deps = nodeDeps(config);
  if (!apiKey) deps.log('warning', 'OPENAI_API_KEY is not set; tool calls will fail until it is.');
  deps.log('info', `serving MCP on stdin/stdout | ${setup(config, 'single-user')}`);
  if (process.stdin.isTTY) say('This is an MCP server: add it to an MCP client (see --help); Ctrl-C quits.\n');
  warnAboutStore(config, deps);
  const server = createServerCore(config, deps, 'single-user');
  serveStdio(server, process.stdin, process.stdout).then(() => process.exit(0));
}

/** `--http`: refuses unsafe setups up front, then listens (loopback by default). */
async function serveHttpMode(config: Config): Promise<void> {
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
  const { serveHttp } = await import('./node/http-server.js');
  const deps = nodeDeps(config);
  try {
    const server = await serveHttp(createHttpTransport(config, { ...deps, oauth: nodeOAuth(config) }), config.port, config.host);
    const relief = createHeapRelief(HTTP_RELIEF_AFTER_REQUESTS);
    server.on('request', () => relief.note(1));
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    deps.log('info', `Streamable HTTP on http://${host}:${address.port}/mcp | ${setup(config, 'shared')} | auth: ${authMode(config)}`);
    warnAboutStore(config, deps);
  } catch (error) {
    say(`openai-assistants-mcp: cannot listen on ${config.host}:${config.port}: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

/** The banner's facts: version, backend, upstream host, store location (never the key). */
function setup(config: Config, tenancy: Tenancy): string {
  const upstream = new URL(config.baseUrl).host;
  const namespace = tenancy === 'shared' ? `per API key${config.storeNamespace ? ` in "${config.storeNamespace}"` : ''}` : `"${config.storeNamespace ?? DEFAULT_NAMESPACE}"`;
  const store = BACKENDS[config.backend].usesStore ? `store: folder ${storeDir(config)} (namespace ${namespace})` : 'store: not used by this backend';
  const key = tenancy === 'single-user' ? ` | auth: ${config.apiKey ? 'OPENAI_API_KEY from the environment' : 'no OPENAI_API_KEY'}` : '';
  return `version ${VERSION} | backend: ${config.backend} | upstream: ${upstream} | ${store}${key}`;
}

/** Says at startup, not at the first tool call, when the store folder cannot be used. */
function warnAboutStore(config: Config, deps: ServerDeps & { log: Logger }): void {
  void storeProblem(config, deps.store).then((problem) => problem && deps.log('warning', problem));
}

function storeDir(config: Config): string {
  return config.storeDir ?? defaultStoreDir();
}

/** Node's fetch, Web Crypto, clock, stderr log, local files inside the allowed roots and, for the responses backend, the file store. */
function nodeDeps(config: Config): ServerDeps & { log: Logger } {
  const log = createLogger(config.logLevel, (line) => stderrLog.write(`openai-assistants-mcp ${line}\n`), Date.now, config.apiKey);
  const dir = storeDir(config);
  const store = BACKENDS[config.backend].usesStore
    ? guardStore(createFileStore(dir), { location: `folder ${dir}`, hint: 'Choose a writable folder with --store <dir> or MCP_STORE_DIR.', timeoutMs: STORE_TIMEOUT_MS })
    : undefined;
  return { fetch: nodeFetch, store, crypto: webcrypto as ServerDeps['crypto'], now: Date.now, log, localFiles: createLocalFiles(config.fileRoots) };
}

/** OAuth sign-in on the file store, with MCP_OAUTH_SECRET or one kept in the store folder; expired records are swept hourly. */
function nodeOAuth(config: Config) {
  if (!config.oauth) return undefined;
  const dir = config.storeDir ?? defaultStoreDir();
  const store = createFileStore(dir);
  const sweep = () => void sweepExpired(store).catch((error) => say(`openai-assistants-mcp: could not sweep expired OAuth records in ${dir}: ${(error as Error).message}\n`));
  setInterval(sweep, SWEEP_INTERVAL_MS).unref();
  const secret = config.oauthSecret;
  return createOAuth({ config, store, fetch: nodeFetch, secret: secret ? async () => secret : () => storedSecret(dir) });
}

const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
/** Requests after which a quiet moment on `--http` gives the heap back (see heap-relief.ts). */
const HTTP_RELIEF_AFTER_REQUESTS = 200;

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

main(process.argv.slice(2));
