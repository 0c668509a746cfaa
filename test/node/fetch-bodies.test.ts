/** Node's lean fetch with upload bodies: bytes, streamed chunks of a declared length (started over on a stale socket), and byte answers. */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { nodeFetch } from '../../src/node/fetch.js';

let server: Server;
let base: string;
before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.concat([Buffer.from(`${req.headers['content-length']}:`), body]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const signal = new AbortController().signal;

test('a byte body is sent whole; the answer reads as bytes', async () => {
  const body = new Uint8Array([0, 255, 10, 13]);
  const response = await nodeFetch(`${base}/bytes`, { method: 'POST', headers: {}, body, signal });
  assert.deepEqual(new Uint8Array(await response.arrayBuffer!()), new Uint8Array([...Buffer.from('4:'), 0, 255, 10, 13]));
});

test('a streamed body goes out chunk by chunk with its declared length, and starts over when a stale socket makes an idempotent request go again', async () => {
  let opened = 0;
  const bodyStream = () => {
    opened++;
    return (async function* () { yield new Uint8Array([1, 2]); yield new Uint8Array([3]); })();
  };
  const headers = { 'content-length': '3' };
  await nodeFetch(`${base}/warm`, { method: 'GET', headers: {}, signal });
  server.closeIdleConnections();
  const response = await nodeFetch(`${base}/stream`, { method: 'POST', headers, bodyStream, signal, idempotent: true });
  assert.deepEqual(new Uint8Array(await response.arrayBuffer!()), new Uint8Array([...Buffer.from('3:'), 1, 2, 3]));
  assert.ok(opened >= 1 && opened <= 2, `opened ${opened} times`);
});
