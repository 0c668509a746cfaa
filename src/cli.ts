/** `openai-assistants-mcp`: the stdio MCP server. stdout carries JSON-RPC only; everything else goes to stderr. */
import { loadConfig, optionsHelp } from './config.js';
import { redact } from './errors.js';
import { nodeFetch } from './node/fetch.js';
import { createServerCore } from './server.js';
import { serveStdio } from './transports/stdio.js';
import { VERSION } from './version.js';

const HELP = `openai-assistants-mcp ${VERSION}
MCP server for the OpenAI Assistants workflow: 22 tools for assistants, threads,
messages, runs and run steps, plus template and documentation resources.

Usage: openai-assistants-mcp [options]     (speaks MCP on stdin/stdout)

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

  let config;
  try {
    config = loadConfig(process.env, argv);
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

  if (!apiKey) process.stderr.write('openai-assistants-mcp: OPENAI_API_KEY is not set; tool calls will fail until it is.\n');
  if (process.stdin.isTTY) {
    process.stderr.write(`openai-assistants-mcp ${VERSION}: serving MCP on stdin/stdout. Add it to an MCP client (see --help); Ctrl-C quits.\n`);
  }
  const server = createServerCore(config, nodeFetch);
  serveStdio(server, process.stdin, process.stdout).then(() => process.exit(0));
}

main(process.argv.slice(2));
