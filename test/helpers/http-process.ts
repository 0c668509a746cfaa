/** Starts `dist/cli.cjs --http` on a free loopback port and posts JSON-RPC to it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI_PATH } from './cli-process.js';

export interface HttpProcess {
  child: ChildProcess;
  /** e.g. http://127.0.0.1:41234/mcp */
  url: string;
  stdout(): string;
  stderr(): string;
  stop(): Promise<void>;
}

export function startHttpCli(env: Record<string, string | undefined>, args: string[] = []): Promise<HttpProcess> {
  const child = spawn(process.execPath, [CLI_PATH, '--http', '--port', '0', ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
      const match = /Streamable HTTP on (\S+)/.exec(err);
      if (match) {
        resolve({ child, url: match[1], stdout: () => out, stderr: () => err, stop: () => (child.kill(), exited) });
      }
    });
    child.once('exit', (code) => reject(Object.assign(new Error(`exited ${code}: ${err}`), { code, stderr: err })));
  });
}

/** POSTs one JSON-RPC message with the headers a client of `version` sends. */
export async function postRpc(url: string, message: Record<string, any>, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify(message),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text && response.headers.get('content-type') === 'application/json' ? JSON.parse(text) : undefined };
}
