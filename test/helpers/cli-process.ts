/** Spawns the built stdio binary and talks JSON-RPC to it, keeping every byte it writes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI_PATH = fileURLToPath(new URL('../../../dist/cli.cjs', import.meta.url));

export interface CliProcess {
  child: ChildProcess;
  /** Every stdout line so far. */
  lines: string[];
  stdout(): string;
  stderr(): string;
  send(message: unknown): void;
  writeRaw(text: string): void;
  request(method: string, params?: Record<string, unknown>): Promise<any>;
  call(name: string, args: Record<string, unknown>): Promise<any>;
  /** Closes stdin and resolves with the exit code. */
  end(): Promise<number | null>;
}

/** `command` is the program and its first arguments (default: this Node on dist/cli.cjs). */
export function startCli(env: Record<string, string | undefined>, args: string[] = [], command: readonly string[] = [process.execPath, CLI_PATH]): CliProcess {
  const child = spawn(command[0], [...command.slice(1), ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const lines: string[] = [];
  const waiting = new Map<unknown, (message: any) => void>();
  let buffer = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf('\n')) !== -1) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      lines.push(line);
      try {
        const message = JSON.parse(line);
        waiting.get(message.id)?.(message);
        waiting.delete(message.id);
      } catch {
        // Left in `lines`: tests assert that every line parses.
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let nextId = 1;

  const cli: CliProcess = {
    child,
    lines,
    stdout: () => out,
    stderr: () => err,
    send: (message) => child.stdin!.write(`${JSON.stringify(message)}\n`),
    writeRaw: (text) => child.stdin!.write(text),
    request(method, params) {
      const id = nextId++;
      const reply = new Promise<any>((resolve, reject) => {
        waiting.set(id, resolve);
        const timer = setTimeout(() => reject(new Error(`no answer to ${method} (${id}); stderr: ${err}`)), 15_000);
        timer.unref();
      });
      cli.send({ jsonrpc: '2.0', id, method, params });
      return reply;
    },
    async call(name, args) {
      const reply = await cli.request('tools/call', { name, arguments: args });
      if (reply.error) throw new Error(`tools/call ${name}: ${JSON.stringify(reply.error)}`);
      return reply.result;
    },
    end() {
      child.stdin!.end();
      return exited;
    },
  };
  return cli;
}

/** Opens a session: initialize + initialized. */
export async function initialize(cli: CliProcess, protocolVersion = '2025-11-25') {
  const reply = await cli.request('initialize', { protocolVersion, capabilities: {}, clientInfo: { name: 'test', version: '0' } });
  cli.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return reply;
}
