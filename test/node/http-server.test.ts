/**
 * `--http` on Node, spoken to over raw sockets: malformed request lines and Host headers get a
 * 4xx (never a 500), and an early answer to a large body never stalls the kept-alive connection.
 */
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { DEFAULTS } from '../../src/config.js';
import { serveHttp } from '../../src/node/http-server.js';
import { createHttpTransport } from '../../src/transports/http.js';
import { CANARY_KEY, recordingFetch } from '../helpers/in-process.js';

let server: Server;
let port: number;
const upstream = recordingFetch();

before(async () => {
  const config = { ...DEFAULTS, backend: 'assistants' as const, baseUrl: 'http://upstream.test/v1', allowedHosts: ['localhost', '127.0.0.1'] };
  server = await serveHttp(createHttpTransport(config, { fetch: upstream.fetch }), 0, '127.0.0.1');
  port = (server.address() as AddressInfo).port;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A raw connection that reads answers one at a time (Content-Length framed), or reports that the server closed it. */
function open(): Promise<{ socket: Socket; next(): Promise<Answer | 'closed'> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    let closed = false;
    let wake = () => {};
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      wake();
    });
    socket.on('close', () => {
      closed = true;
      wake();
    });
    socket.on('error', () => {});
    socket.once('connect', () =>
      resolve({
        socket,
        async next() {
          for (let waited = 0; ; waited++) {
            const end = buffer.indexOf('\r\n\r\n');
            if (end !== -1) {
              const [statusLine, ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
              const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
              const length = Number(headers['content-length'] ?? 0);
              if (buffer.length >= end + 4 + length) {
                const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8');
                buffer = buffer.subarray(end + 4 + length);
                return { status: Number(statusLine.split(' ')[1]), headers, body };
              }
            }
            if (closed) return 'closed';
            // A bound on a hang (10 s), not a timing assertion.
            if (waited > 500) assert.fail(`no answer on the connection; got so far: ${buffer.toString('latin1').slice(0, 200)}`);
            await new Promise<void>((r) => {
              wake = r;
              setTimeout(r, 20);
            });
          }
        },
      }),
    );
    socket.once('error', reject);
  });
}

const health = 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';

test('an early 4xx to a 1 MiB body keeps the connection usable (drained), for 415, 406, 403 and 404', async () => {
  const mib = 'x'.repeat(1024 * 1024);
  const cases: [number, string, string][] = [
    [415, '/mcp', 'content-type: text/plain'],
    [406, '/mcp', 'content-type: application/json\r\naccept: text/html'],
    [403, '/mcp', 'content-type: application/json\r\norigin: https://evil.example'],
    [404, '/elsewhere', 'content-type: application/json'],
  ];
  for (const [status, path, headers] of cases) {
    const c = await open();
    c.socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}\r\ncontent-length: ${mib.length}\r\n\r\n${mib}`);
    const first = await c.next();
    assert.ok(first !== 'closed', `${status}: answered`);
    assert.equal(first.status, status);
    c.socket.write(health);
    const second = await c.next();
    assert.ok(second !== 'closed', `after ${status}: the next request on the connection is served`);
    assert.equal(second.status, 200);
    c.socket.destroy();
  }
});

test('a body over the limit is answered 413 and the connection is closed, not stalled', async () => {
  const c = await open();
  const size = DEFAULTS.maxMessageBytes + 1024 * 1024;
  c.socket.write(`POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\nauthorization: Bearer ${CANARY_KEY}\r\ncontent-length: ${size}\r\n\r\n`);
  c.socket.write('x'.repeat(size));
  const first = await c.next();
  assert.ok(first !== 'closed');
  assert.equal(first.status, 413);
  assert.equal(first.headers.connection, 'close');
  assert.equal(await c.next(), 'closed');
});

test('malformed Host headers and request targets get a 4xx, never a 500, and the server keeps serving', async () => {
  const lines = [
    'POST /mcp HTTP/1.1\r\nHost: foo bar',
    'POST /mcp HTTP/1.1\r\nHost: [::1',
    'POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:abc',
    `POST http://127.0.0.1:${port}/mcp/%ZZ HTTP/1.1\r\nHost: 127.0.0.1`,
    'OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1',
    'POST /mcp/%ZZ HTTP/1.1\r\nHost: 127.0.0.1',
    `POST /mcp/${CANARY_KEY}/x HTTP/1.1\r\nHost: 127.0.0.1`,
  ];
  for (const line of lines) {
    const c = await open();
    c.socket.write(`${line}\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}`);
    const answer = await c.next();
    assert.ok(answer !== 'closed', line);
    assert.ok(answer.status >= 200 && answer.status < 500, `${line} → ${answer.status} ${answer.body}`);
    assert.ok(!answer.body.includes(CANARY_KEY), 'a key in the path is never echoed');
    c.socket.destroy();
  }
  const c = await open();
  c.socket.write(`POST http://127.0.0.1:${port}/mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nauthorization: Bearer ${CANARY_KEY}\r\ncontent-type: application/json\r\ncontent-length: 40\r\n\r\n{"jsonrpc":"2.0","id":1,"method":"ping"}`);
  const absolute = await c.next();
  assert.ok(absolute !== 'closed');
  assert.deepEqual(JSON.parse(absolute.body), { jsonrpc: '2.0', id: 1, result: {} }, 'an absolute-form target is served');
  c.socket.destroy();
  assert.equal(upstream.calls.length, 0);
});
