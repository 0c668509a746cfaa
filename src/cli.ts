/** `openai-assistants-mcp`: the stdio MCP server. stdout carries JSON-RPC only; everything else goes to stderr. */
import type { AddressInfo } from 'node:net';
import { loadConfig, optionsHelp, type Config } from './config.js';
import { redact } from './errors.js';
import { nodeFetch } from './node/fetch.js';
import { createFileStore, defaultStoreDir } from './node/file-store.js';
import { createLocalFiles } from './node/local-files.js';
import { storedSecret } from './node/oauth-secret.js';
import { createOAuth } from './oauth/index.js';
import { sweepExpired } from './oauth/sweep.js';
import { createServerCore, type ServerDeps } from './server.js';
import { createHttpHandler } from './transports/http.js';
import { misconfiguration } from './transports/http-auth.js';
import { serveStdio } from './transports/stdio.js';
import { VERSION } from './version.js';

const HELP = `openai-assistants-mcp ${VERSION}
MCP server for the OpenAI Assistants workflow: tools for assistants, threads,
messages, runs and run steps, files and vector stores, in toolsets (--toolsets all
for every tool), plus template and documentation resources.

Usage: openai-assistants-mcp [options]          (speaks MCP on stdin/stdout)
       openai-assistants-mcp --http [options]   (Streamable HTTP on http://127.0.0.1:3000/mcp)

Options (flag / environment variable; flags win):
${optionsHelp()}
  --help, --version

Example client config (Claude Desktop, Cursor, Roo):
  {"mcpServers": {"openai-assistants": {"command": "npx", "args": ["-y", "openai-assistants-mcp"],
    "env": {"OPENAI_API_KEY": "sk-..."}}}}
`;

function main(argv: string[]): void {
  if (argv.includes('--help') || argv.includes('-h')) return void process.stdout.write(HELP);
  if (argv.includes('--version') || argv.includes('-v')) return void process.stdout.write(`${VERSION}\n`);

  const http = argv.includes('--http');
  let config;
  try {
    config = loadConfig(process.env, argv.filter((arg) => arg !== '--http'));
  } catch (error) {
    process.stderr.write(`openai-assistants-mcp: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const apiKey = config.apiKey;
  const report = (error: unknown) => process.stderr.write(`openai-assistants-mcp: ${redact(String((error as Error)?.stack ?? error), apiKey)}\n`);
  process.on('uncaughtException', report);
  process.on('unhandledRejection', report);
  // A client that goes away mid-write must not crash us with EPIPE.
  process.stdout.on('error', () => process.exit(0));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));

  if (http) return void serveHttpMode(config);
  if (!apiKey) process.stderr.write('openai-assistants-mcp: OPENAI_API_KEY is not set; tool calls will fail until it is.\n');
  if (process.stdin.isTTY) {
    process.stderr.write(`openai-assistants-mcp ${VERSION}: serving MCP on stdin/stdout. Add it to an MCP client (see --help); Ctrl-C quits.\n`);
  }
  const server = createServerCore(config, nodeDeps(config));
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
    process.stderr.write(`openai-assistants-mcp: ${refusal}\n`);
    process.exit(2);
  }
  const { serveHttp } = await import('./node/http-server.js');
  try {
    const server = await serveHttp(createHttpHandler(config, { ...nodeDeps(config), oauth: nodeOAuth(config) }), config.port, config.host);
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    process.stderr.write(`openai-assistants-mcp ${VERSION}: Streamable HTTP on http://${host}:${address.port}/mcp (backend: ${config.backend})\n`);
  } catch (error) {
    process.stderr.write(`openai-assistants-mcp: cannot listen on ${config.host}:${config.port}: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

/** Node's fetch, local files inside the allowed roots and, for the responses backend, the file store. */
function nodeDeps(config: Config): ServerDeps {
  return {
    fetch: nodeFetch,
    store: config.backend === 'responses' ? createFileStore(config.storeDir ?? defaultStoreDir()) : undefined,
    localFiles: createLocalFiles(config.fileRoots),
  };
}

/** OAuth sign-in on the file store, with MCP_OAUTH_SECRET or one kept in the store folder; expired records are swept hourly. */
function nodeOAuth(config: Config) {
  if (!config.oauth) return undefined;
  const dir = config.storeDir ?? defaultStoreDir();
  const store = createFileStore(dir);
  const sweep = () => void sweepExpired(store).catch((error) => process.stderr.write(`openai-assistants-mcp: could not sweep expired OAuth records in ${dir}: ${(error as Error).message}\n`));
  setInterval(sweep, SWEEP_INTERVAL_MS).unref();
  const secret = config.oauthSecret;
  return createOAuth({ config, store, fetch: nodeFetch, secret: secret ? async () => secret : () => storedSecret(dir) });
}

const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

main(process.argv.slice(2));
