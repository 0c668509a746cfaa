// Upload memory: a 200 MB file uploaded by path over stdio must keep the server's peak RSS within its
// idle RSS + 64 MB. The upstream is a sink in this process that answers the Uploads API and counts bytes.
// Run alone with `node scripts/bench-upload.mjs` (after `node build.mjs`), or as part of `npm run bench`.
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLineProcess } from './line-client.mjs';

const KEY = 'sk-bench-upload-0000';
const CLI = new URL('../dist/cli.cjs', import.meta.url).pathname;
const SIZE = Number(process.env.BENCH_UPLOAD_MB ?? 200) * 1024 * 1024;
const LIMIT_MB = 64;

const dir = mkdtempSync(join(tmpdir(), 'bench-upload-'));
const path = join(dir, 'big.csv');
{
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(1024 * 1024, 'a,b,c,d\n');
  for (let written = 0; written < SIZE; written += block.length) writeSync(fd, block, 0, Math.min(block.length, SIZE - written));
  closeSync(fd);
}

let received = 0;
let parts = 0;
const upstream = createServer((req, res) => {
  req.on('data', (chunk) => (received += chunk.length));
  req.on('end', () => {
    const json = (value) => (res.writeHead(200, { 'content-type': 'application/json' }), res.end(JSON.stringify(value)));
    const url = req.url ?? '';
    if (url.endsWith('/uploads')) return json({ id: 'upload_1', object: 'upload', status: 'pending' });
    if (url.endsWith('/parts')) return json({ id: `part_${++parts}`, object: 'upload.part', upload_id: 'upload_1' });
    if (url.endsWith('/complete')) return json({ id: 'upload_1', object: 'upload', status: 'completed', file: { id: 'file_big', object: 'file', filename: 'big.csv', bytes: SIZE, purpose: 'assistants', created_at: 0 } });
    if (url.endsWith('/files')) return json({ id: 'file_big', object: 'file', filename: 'big.csv', bytes: SIZE, purpose: 'assistants', created_at: 0 });
    res.writeHead(404).end();
  });
});
await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));

const server = startLineProcess([CLI], { ...process.env, OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `http://127.0.0.1:${upstream.address().port}/v1`, OPENAI_BACKEND: 'assistants', MCP_FILE_ROOTS: dir, MCP_TOOLSETS: 'all', OPENAI_TIMEOUT_MS: '600000' });
const { child, request } = server;
const status = () => readFileSync(`/proc/${child.pid}/status`, 'utf8');
const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status())?.[1]);

await request('initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '0' } });
await request('tools/list', {});
await request('tools/call', { name: 'file-list', arguments: {} }); // loads the HTTP client, as any first call does
const idleKb = kb('VmRSS');
const t0 = performance.now();
const reply = await request('tools/call', { name: 'file-upload', arguments: { path } });
const seconds = (performance.now() - t0) / 1000;
if (reply.result?.isError || reply.result?.structuredContent?.bytes !== SIZE) throw new Error(JSON.stringify(reply).slice(0, 500));
const peakKb = kb('VmHWM');
await server.stop();
upstream.close();
rmSync(dir, { recursive: true, force: true });

const mb = (k) => (k / 1024).toFixed(1);
const within = peakKb - idleKb <= LIMIT_MB * 1024;
console.log(`upload by path, ${SIZE / 1024 / 1024} MB over stdio (${parts ? `Uploads API, ${parts} parts` : 'one multipart request'}; ${(received / 1024 / 1024).toFixed(0)} MB on the wire, ${seconds.toFixed(1)} s):`);
console.log(`  idle RSS ${mb(idleKb)} MB, peak RSS ${mb(peakKb)} MB, peak - idle ${mb(peakKb - idleKb)} MB (budget ${LIMIT_MB} MB): ${within ? 'within' : 'OVER'}`);
if (!within) process.exitCode = 1;
