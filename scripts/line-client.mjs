// What the benchmarks share: a spawned line-protocol (stdio JSON-RPC) process with request/response matching.
import { spawn } from 'node:child_process';

export function startLineProcess(args, env) {
  const child = spawn(process.execPath, args, { env, stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = new Map();
  let buffer = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const message = JSON.parse(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
      waiting.get(message.id)?.(message);
    }
  });
  let id = 0;
  return {
    child,
    request(method, params) {
      const n = ++id;
      return new Promise((resolve) => {
        waiting.set(n, resolve);
        child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: n, method, params })}\n`);
      });
    },
    stop: () => new Promise((resolve) => (child.once('exit', resolve), child.stdin.end())),
  };
}
