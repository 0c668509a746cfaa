/** `openai-assistants-mcp`: the stdio MCP server. stdout carries JSON-RPC only; everything else goes to stderr. */
import { optionsHelp } from './config-help.js';
import { loadConfig } from './config.js';
import { redact } from './errors.js';
import { nodeDeps, say, setup, warnAboutStore } from './node/deps.js';
import { tuneHeapForOneClient } from './node/heap-relief.js';
import { tuneWhenWarm } from './node/tune-when-warm.js';
import { createServerCore } from './server.js';
import { TOOLS } from './tools/index.js';
import { serveStdio } from './transports/stdio.js';
import { VERSION } from './version.js';

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

  // The HTTP transport and OAuth load only in this mode (dist/ holds them in a chunk of their own).
  if (http) return void import('./node/http-mode.js').then(({ serveHttpMode }) => serveHttpMode(config));
  const deps = nodeDeps(config);
  // Not tuned before the first upstream call: see tune-when-warm.ts.
  deps.fetch = tuneWhenWarm(deps.fetch, process.stdin, tuneHeapForOneClient);
  if (!apiKey) deps.log('warning', 'OPENAI_API_KEY is not set; tool calls will fail until it is.');
  deps.log('info', `serving MCP on stdin/stdout | ${setup(config, 'single-user')}`);
  if (process.stdin.isTTY) say('This is an MCP server: add it to an MCP client (see --help); Ctrl-C quits.\n');
  warnAboutStore(config, deps);
  const server = createServerCore(config, deps, 'single-user');
  serveStdio(server, process.stdin, process.stdout).then(() => process.exit(0));
}

main(process.argv.slice(2));
