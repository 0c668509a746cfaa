/**
 * One stdio MCP server process for scripts/stdio-bridge.mjs: newline-delimited JSON-RPC in
 * and out, request ids and progress tokens rewritten so many HTTP clients can share it.
 */
import { spawn } from 'node:child_process';

/**
 * One stdio child speaking newline-delimited JSON-RPC. Request ids are rewritten to
 * bridge-unique ones so many HTTP clients can share a child without id collisions.
 */
export class StdioChild {
  constructor(command, args, env, log) {
    this.pending = new Map(); // internal id → { originalId, progressToken, onMessage }
    this.byToken = new Map(); // internal progress token → internal id
    this.nextId = 1;
    this.buffer = '';
    this.exited = false;
    this.proc = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout.setEncoding('utf8');
    this.proc.stdout.on('data', (chunk) => this.#read(chunk));
    this.proc.stderr.on('data', (chunk) => log(String(chunk)));
    this.proc.stdin.on('error', () => {});
    this.proc.on('exit', () => {
      this.exited = true;
      for (const [id, entry] of this.pending) {
        entry.onMessage({ jsonrpc: '2.0', id, error: { code: -32603, message: 'stdio server exited' } }, true);
      }
      this.pending.clear();
    });
  }

  /** Sends a request; onMessage(message, isFinal) sees its notifications, then its response. */
  request(message, onMessage) {
    const id = `b${this.nextId++}`;
    const entry = { originalId: message.id, progressToken: undefined, onMessage };
    const params = message.params && typeof message.params === 'object' ? { ...message.params } : message.params;
    const token = params?._meta?.progressToken;
    if (token !== undefined) {
      entry.progressToken = token;
      const internal = `${id}-progress`;
      params._meta = { ...params._meta, progressToken: internal };
      this.byToken.set(internal, id);
    }
    this.pending.set(id, entry);
    this.write({ ...message, id, params });
    return id;
  }

  /** Forwards a client notification, translating ids the child knows by another name. */
  notify(message) {
    if (message.method === 'notifications/cancelled' && message.params) {
      for (const [id, entry] of this.pending) {
        if (entry.originalId === message.params.requestId) return this.cancel(id, message.params.reason);
      }
    }
    this.write(message);
  }

  cancel(id, reason = 'HTTP client went away') {
    if (!this.pending.delete(id)) return;
    this.write({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason } });
  }

  write(message) {
    if (!this.exited) this.proc.stdin.write(`${JSON.stringify(message)}\n`);
  }

  kill() {
    if (!this.exited) this.proc.kill('SIGTERM');
  }

  #read(chunk) {
    this.buffer += chunk;
    let newline;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline).trim();
      this.buffer = this.buffer.slice(newline + 1);
      if (!line) continue;
      try {
        this.#route(JSON.parse(line));
      } catch {
        // A non-JSON line on stdout is a server bug; the suite will notice the missing answer.
      }
    }
  }

  #route(message) {
    if ('id' in message && !('method' in message)) {
      const entry = this.pending.get(message.id);
      if (!entry) return;
      this.pending.delete(message.id);
      if (entry.progressToken !== undefined) this.byToken.delete(`${message.id}-progress`);
      entry.onMessage({ ...message, id: entry.originalId }, true);
      return;
    }
    if (!message.method?.startsWith('notifications/')) {
      // A server→client request (sampling, elicitation, roots): no back channel here.
      if ('id' in message) this.write({ jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'Not supported by the bridge' } });
      return;
    }
    let owner;
    const token = message.params?.progressToken;
    if (token !== undefined && this.byToken.has(token)) owner = this.byToken.get(token);
    else if (this.pending.size === 1) owner = [...this.pending.keys()][0];
    const entry = owner && this.pending.get(owner);
    if (!entry) return;
    const params = token !== undefined && entry.progressToken !== undefined ? { ...message.params, progressToken: entry.progressToken } : message.params;
    entry.onMessage({ ...message, params }, false);
  }
}
