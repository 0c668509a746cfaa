/** The stdio binary when stdin closes: calls in flight get a short grace, then are cancelled upstream, and the process exits. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { initialize, startCli } from '../helpers/cli-process.js';
import { CANARY_KEY } from '../helpers/in-process.js';

/** An upstream that accepts requests and never answers them. */
let silent: Server;
const held: { req: IncomingMessage; closed: boolean }[] = [];
before(async () => {
  silent = createServer((req) => {
    const entry = { req, closed: false };
    held.push(entry);
    req.socket.once('close', () => (entry.closed = true));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
});
after(() => {
  silent.closeAllConnections();
  silent.close();
});

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 15_000) assert.fail(`still waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('closing stdin with a silent upstream: the call is cancelled upstream after the grace and the process exits', async () => {
  const cli = startCli({
    OPENAI_API_KEY: CANARY_KEY,
    OPENAI_BASE_URL: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/v1`,
    OPENAI_BACKEND: 'assistants',
    MCP_EXIT_GRACE_MS: '300',
  });
  let code: number | null | undefined;
  cli.child.once('exit', (c) => (code = c));
  await initialize(cli);
  const first = held.length;
  cli.send({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'assistant-list', arguments: {} } });
  await until(() => held.length > first, 'the call to reach the upstream');
  cli.child.stdin!.end();
  // The default upstream timeout is 60 s, with retries: exiting within the bound proves the grace.
  await until(() => code !== undefined, 'the process to exit after stdin closed');
  assert.equal(code, 0);
  await until(() => held[first].closed, 'the upstream request to be closed');
  assert.ok(cli.lines.every((line) => JSON.parse(line)), 'stdout stayed JSON-RPC');
  assert.ok(!cli.stdout().includes(CANARY_KEY) && !cli.stderr().includes(CANARY_KEY));
});

test('calls that finish within the grace are still answered after stdin closes', async () => {
  const cli = startCli({ OPENAI_API_KEY: CANARY_KEY, OPENAI_BACKEND: 'assistants', MCP_EXIT_GRACE_MS: '5000' });
  cli.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '0' } } });
  cli.send({ jsonrpc: '2.0', id: 2, method: 'ping' });
  assert.equal(await cli.end(), 0);
  assert.deepEqual(cli.lines.map((line) => JSON.parse(line).id), [1, 2]);
});

/** RSS of a process in MB, from /proc (Linux only). */
function rssMb(pid: number): number | undefined {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
  } catch {
    return undefined;
  }
}

/** Writes 30 seeded lines of 1–24 MiB to `stdin`, waiting for drain. */
async function writeHugeLines(stdin: NodeJS.WritableStream): Promise<void> {
  let seed = 1;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 30; i++) {
    const line = Buffer.alloc(Math.floor((1 + random() * 23) * 1024 * 1024), 'x');
    line[line.length - 1] = 0x0a;
    if (!stdin.write(line)) await new Promise((resolve) => stdin.once('drain', resolve));
  }
}

/**
 * The floor: a bare node process that only reads the same stdin, 2 s after the last line. This
 * server must get within SLACK_MB of it; one that buffered over-limit lines stays ~20 MB above.
 * Measured beside it, so the bound follows the Node version and the machine.
 */
async function bareReaderRss(): Promise<number> {
  const bare = spawn(process.execPath, ['-e', "process.stdin.on('data', () => {}); setInterval(() => {}, 1000);"], { stdio: ['pipe', 'ignore', 'ignore'] });
  try {
    await writeHugeLines(bare.stdin!);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    return rssMb(bare.pid!)!;
  } finally {
    bare.kill();
  }
}
const SLACK_MB = 12;

test('after 30 lines of 1–24 MiB, RSS comes back near a bare reader\'s and the server still answers', { skip: rssMb(process.pid) === undefined && 'no /proc' }, async () => {
  const bound = (await bareReaderRss()) + SLACK_MB;
  const cli = startCli({ OPENAI_API_KEY: CANARY_KEY, OPENAI_BACKEND: 'assistants' });
  await initialize(cli);
  await writeHugeLines(cli.child.stdin!);
  // Answered in order: once ping is, every huge line has been read.
  assert.deepEqual((await cli.request('ping')).result, {});
  let rss = rssMb(cli.child.pid!)!;
  for (let waited = 0; rss > bound && waited < 15_000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    rss = rssMb(cli.child.pid!)!;
  }
  assert.ok(rss <= bound, `RSS still ${rss.toFixed(1)} MB after 15 s quiet (bound: a bare reader's + ${SLACK_MB} = ${bound.toFixed(1)} MB)`);
  assert.deepEqual((await cli.request('ping')).result, {});
  const dropped = cli.lines.filter((line) => /message longer than \d+ bytes was dropped/.test(line));
  assert.ok(dropped.length > 0, 'over-limit lines are reported');
  assert.equal(await cli.end(), 0);
});
