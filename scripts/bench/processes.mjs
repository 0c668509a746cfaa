/**
 * The processes the bench measures and talks to: the fake upstreams (each in its own process,
 * as a real upstream would be), the server over stdio, and anything that serves HTTP on loopback.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, KEY, ROOT } from './settings.mjs';

const children = new Set();

/** Kills every process the bench started and is still running (on exit or failure). */
export function stopAll() {
  for (const child of children) child.kill('SIGKILL');
}

function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** A fresh temporary folder (store, OAuth secret) so nothing lands in the user's data folder. */
export const tempDir = (name) => mkdtempSync(join(tmpdir(), `bench-${name}-`));

/** Starts the fake Assistants ('assistants') or Responses ('responses') API in its own process; resolves to { url, pid, stop }. */
export async function startFake(kind = 'assistants') {
  const [file, fn] = kind === 'responses' ? ['responses-server.js', 'startFakeResponses'] : ['assistants-server.js', 'startFakeAssistants'];
  const module = JSON.stringify(`${ROOT}.build/spec/fake/${file}`);
  const child = track(spawn(process.execPath, ['--input-type=module', '-e',
    `const { ${fn} } = await import(${module});
     const fake = await ${fn}({ apiKey: ${JSON.stringify(KEY)} });
     console.log(fake.url); process.stdin.on('end', () => fake.close().then(() => process.exit(0))).resume();`], { stdio: ['pipe', 'pipe', 'inherit'] }));
  const url = await new Promise((resolve) => child.stdout.setEncoding('utf8').once('data', (d) => resolve(d.trim())));
  return { url, pid: child.pid, stop: () => stopChild(child, () => child.stdin.end()) };
}

function stopChild(child, ask) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  ask();
  return exited;
}

/** A spawned newline-delimited JSON-RPC process (the server over stdio, or a bare floor). */
export function startLines(args, env = {}) {
  // stderr (the banner, request logs) is written as in real use, and drained unread.
  const child = track(spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] }));
  child.stderr.resume();
  const waiting = new Map();
  let buffer = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const message = JSON.parse(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
      if (message.id !== undefined) {
        waiting.get(message.id)?.({ message, at: performance.now() });
        waiting.delete(message.id);
      }
    }
  });
  let id = 0;
  return {
    child,
    /** Resolves to { message, at }: `at` is when the answer's line arrived. */
    send(method, params) {
      const n = ++id;
      return new Promise((resolve) => {
        waiting.set(n, resolve);
        child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: n, method, params })}\n`);
      });
    },
    async request(method, params) {
      return (await this.send(method, params)).message;
    },
    /** tools/call that must succeed; resolves to the result. */
    async call(name, args = {}) {
      const reply = await this.request('tools/call', { name, arguments: args });
      if (reply.error || reply.result?.isError) throw new Error(`${name} failed: ${JSON.stringify(reply).slice(0, 500)}`);
      return reply.result;
    },
    stop: () => stopChild(child, () => child.stdin.end()),
  };
}

export const INIT = { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '0' } };

/** The server over stdio, initialized. */
export async function startStdio(env, args = []) {
  const server = startLines([CLI, ...args], { OPENAI_API_KEY: KEY, MCP_STORE_DIR: tempDir('stdio'), ...env });
  await server.request('initialize', INIT);
  return server;
}

/**
 * Starts a process that prints `<pattern> <url>` on stderr (or stdout) once it listens; resolves
 * to { child, url, pid, stop }. Our --http prints "Streamable HTTP on <url>"; the floors print the same.
 */
export function startListening(args, env = {}, pattern = /Streamable HTTP on (\S+)/, toUrl = (match) => match[1]) {
  const child = track(spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
  return new Promise((resolve, reject) => {
    let seen = '';
    let found = false;
    const look = (chunk) => {
      if (found) return; // later output (the reference server logs every request) is drained unread
      seen += chunk;
      const match = pattern.exec(seen);
      if (match) {
        found = true;
        resolve({ child, pid: child.pid, url: new URL(toUrl(match)), stop: () => stopChild(child, () => child.kill()) });
      }
    };
    child.stdout.setEncoding('utf8').on('data', look);
    child.stderr.setEncoding('utf8').on('data', look);
    child.once('exit', (code) => reject(new Error(`${args.join(' ').slice(0, 80)} exited (${code}) before listening: ${seen.slice(-500)}`)));
  });
}

/** Our server with --http on a free loopback port (the caller's own key as Bearer, OAuth on with a temp secret). */
export function startOurHttp(env = {}, args = []) {
  return startListening([CLI, '--http', '--port', '0', ...args], { OPENAI_API_KEY: '', MCP_STORE_DIR: tempDir('http'), ...env });
}
