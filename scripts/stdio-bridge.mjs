/**
 * A zero-dependency stdio → Streamable HTTP bridge, so HTTP-only tools (the MCP conformance
 * suite) can test the stdio binary. It adds only what HTTP itself owns (Origin, MCP headers,
 * sessions, SSE framing); every JSON-RPC answer comes from the stdio child unchanged.
 *
 * Usage: node scripts/stdio-bridge.mjs [--port 0] [--host 127.0.0.1] -- <command> [args...]
 * Prints "listening <url>" on stdout once ready. Also importable: startBridge(options).
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { StdioChild } from './conformance/stdio-child.mjs';

const LEGACY_VERSIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'];
const MODERN_VERSION = '2026-07-28';
const META_VERSION = 'io.modelcontextprotocol/protocolVersion';
const META_CAPABILITIES = 'io.modelcontextprotocol/clientCapabilities';
const NAMED_METHODS = { 'tools/call': 'name', 'prompts/get': 'name', 'resources/read': 'uri' };
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Starts the bridge. options: { command, args = [], env = process.env, port = 0,
 * host = '127.0.0.1', log = () => {}, maxSessions = 8, sessionIdleMs = 60000 }.
 * Resolves to { url, close() }.
 */
export async function startBridge({
  command,
  args = [],
  env = process.env,
  port = 0,
  host = '127.0.0.1',
  log = () => {},
  maxSessions = 8,
  sessionIdleMs = 60_000,
}) {
  // Session id → child, least recently used first. Clients rarely DELETE their session,
  // so idle and surplus sessions expire (a later request gets 404, as the spec allows).
  const sessions = new Map();
  let shared;
  const spawnChild = () => new StdioChild(command, args, env, log);
  const sharedChild = () => (shared && !shared.exited ? shared : (shared = spawnChild()));
  const touch = (id, child) => {
    sessions.delete(id);
    sessions.set(id, child);
    child.lastUsed = Date.now();
    for (const [oldId, old] of sessions) {
      if (sessions.size <= maxSessions) break;
      sessions.delete(oldId);
      old.kill();
    }
  };
  const sweep = setInterval(() => {
    for (const [id, child] of sessions) {
      if (Date.now() - child.lastUsed > sessionIdleMs && child.pending.size === 0) {
        sessions.delete(id);
        child.kill();
      }
    }
  }, Math.min(sessionIdleMs, 5_000));
  sweep.unref();

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      log(`bridge error: ${error?.stack ?? error}\n`);
      if (!res.headersSent) send(res, 500, rpcError(null, -32603, 'Bridge error'));
      else res.end();
    });
  });

  async function handle(req, res) {
    if (!originAllowed(req.headers.origin, req.headers.host)) {
      return send(res, 403, rpcError(null, -32600, 'Forbidden: Host or Origin not allowed'));
    }
    const sessionId = req.headers['mcp-session-id'];
    if (req.method === 'DELETE') {
      const child = sessionId && sessions.get(sessionId);
      if (!sessionId) return send(res, 405, rpcError(null, -32600, 'Method not allowed'), { allow: 'POST' });
      if (!child) return send(res, 404, rpcError(null, -32001, 'Session not found'));
      sessions.delete(sessionId);
      child.kill();
      res.writeHead(200).end();
      return;
    }
    if (req.method !== 'POST') {
      return send(res, 405, rpcError(null, -32600, 'Method not allowed'), { allow: sessionId ? 'POST, DELETE' : 'POST' });
    }
    const body = await readBody(req);
    if (body === undefined) return send(res, 413, rpcError(null, -32600, 'Body too large'));
    let message;
    try {
      message = JSON.parse(body);
    } catch {
      return send(res, 400, rpcError(null, -32700, 'Parse error'));
    }
    if (!message || typeof message !== 'object' || Array.isArray(message) || message.jsonrpc !== '2.0') {
      return send(res, 400, rpcError(null, -32600, 'Invalid Request: send one JSON-RPC 2.0 message'));
    }
    const accept = String(req.headers.accept ?? '');
    const isRequest = typeof message.method === 'string' && 'id' in message;
    const meta = message.params?._meta;
    const modernVersion = meta && typeof meta === 'object' ? meta[META_VERSION] : undefined;
    const headerVersion = req.headers['mcp-protocol-version'];

    let child;
    let mintedSession;
    if (isRequest && message.method === 'initialize' && modernVersion === undefined) {
      child = spawnChild();
      mintedSession = randomUUID();
    } else if (sessionId !== undefined && modernVersion === undefined) {
      child = sessions.get(sessionId);
      if (!child || child.exited) return send(res, 404, rpcError(message.id ?? null, -32001, 'Session not found'));
      touch(sessionId, child);
      if (headerVersion !== undefined && !LEGACY_VERSIONS.includes(headerVersion)) {
        return send(res, 400, rpcError(message.id ?? null, -32600, `Unsupported MCP-Protocol-Version: ${headerVersion}`));
      }
    } else {
      if (modernVersion !== undefined || headerVersion === MODERN_VERSION) {
        const problem = modernHeaderProblem(req.headers, message, modernVersion);
        if (problem) return send(res, 400, rpcError(message.id ?? null, -32020, problem));
      } else if (headerVersion !== undefined && !LEGACY_VERSIONS.includes(headerVersion)) {
        return send(res, 400, rpcError(message.id ?? null, -32600, `Unsupported MCP-Protocol-Version: ${headerVersion}`));
      }
      child = sharedChild();
    }

    if (!isRequest) {
      if (typeof message.method === 'string') child.notify(message);
      else child.write(message);
      res.writeHead(202).end();
      return;
    }

    const modern = modernVersion !== undefined || headerVersion === MODERN_VERSION;
    // A modern request without its required _meta is a malformed request: HTTP 400.
    const metaIncomplete = modern && (modernVersion === undefined || meta[META_CAPABILITIES] === undefined);
    const wantsSse = accept.includes('text/event-stream');
    let streaming = false;
    let done = false;
    const internalId = child.request(message, (reply, final) => {
      if (done) return;
      if (!final) {
        if (!wantsSse) return;
        if (!streaming) {
          streaming = true;
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no', ...sessionHeader(mintedSession) });
        }
        res.write(`event: message\ndata: ${JSON.stringify(reply)}\n\n`);
        return;
      }
      done = true;
      if (mintedSession && reply.result) touch(mintedSession, child);
      else if (mintedSession) child.kill();
      if (streaming) {
        res.end(`event: message\ndata: ${JSON.stringify(reply)}\n\n`);
      } else {
        send(res, modern ? modernStatus(reply, metaIncomplete) : 200, reply, sessionHeader(mintedSession && reply.result ? mintedSession : undefined));
      }
    });
    res.on('close', () => {
      if (!done) {
        done = true;
        child.cancel(internalId);
        if (mintedSession) child.kill();
      }
    });
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const url = `http://${host}:${address.port}/mcp`;
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        clearInterval(sweep);
        for (const child of sessions.values()) child.kill();
        shared?.kill();
        sessions.clear();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** Problems with the 2026-07-28 per-request headers, or undefined when they are fine. */
function modernHeaderProblem(headers, message, metaVersion) {
  const version = headers['mcp-protocol-version'];
  if (version === undefined) return 'Missing MCP-Protocol-Version header';
  if (metaVersion !== undefined && version !== metaVersion) return `MCP-Protocol-Version header (${version}) does not match _meta (${metaVersion})`;
  const method = headers['mcp-method'];
  if (method === undefined) return 'Missing Mcp-Method header';
  if (typeof message.method === 'string' && method !== message.method) return `Mcp-Method header (${method}) does not match body (${message.method})`;
  const field = NAMED_METHODS[message.method];
  if (field) {
    const name = headers['mcp-name'];
    if (name === undefined) return 'Missing Mcp-Name header';
    if (decodeHeader(name) !== message.params?.[field]) return `Mcp-Name header does not match params.${field}`;
  }
  return undefined;
}

/** Header values outside ASCII travel as =?base64?…?=. */
function decodeHeader(value) {
  const match = /^=\?base64\?(.*)\?=$/i.exec(value);
  return match ? Buffer.from(match[1], 'base64').toString('utf8') : value;
}

/** The 2026-07-28 transport maps some JSON-RPC errors onto HTTP statuses. */
function modernStatus(reply, metaIncomplete) {
  const code = reply.error?.code;
  if (code === undefined) return 200;
  if (code === -32601) return 404;
  if (metaIncomplete || [-32600, -32700, -32020, -32021, -32022].includes(code)) return 400;
  return 200;
}

/**
 * DNS rebinding: a loopback server accepts only loopback Host names, and Origin (sent by
 * browsers) must be a loopback page too.
 */
function originAllowed(origin, host) {
  if (host !== undefined && !isLoopback(`http://${host}`)) return false;
  return origin === undefined || isLoopback(origin);
}

function isLoopback(url) {
  try {
    return ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

function sessionHeader(id) {
  return id ? { 'mcp-session-id': id } : {};
}

function rpcError(id, code, message) {
  return { jsonrpc: '2.0', id, error: { code, message } };
}

function send(res, status, value, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function main(argv) {
  const split = argv.indexOf('--');
  if (split < 0 || split === argv.length - 1) {
    process.stderr.write('Usage: node scripts/stdio-bridge.mjs [--port 0] [--host 127.0.0.1] -- <command> [args...]\n');
    process.exit(2);
  }
  const flags = argv.slice(0, split);
  const flag = (name, fallback) => (flags.includes(name) ? flags[flags.indexOf(name) + 1] : fallback);
  const [command, ...args] = argv.slice(split + 1);
  const bridge = await startBridge({
    command,
    args,
    port: Number(flag('--port', '0')),
    host: flag('--host', '127.0.0.1'),
    log: (text) => process.stderr.write(text),
  });
  process.stdout.write(`listening ${bridge.url}\n`);
  const stop = () => bridge.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2));
}
