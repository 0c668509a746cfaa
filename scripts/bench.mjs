// npm run bench: startup, tool-call latency vs a direct fetch, peak RSS, bundle and tools/list sizes,
// --http throughput with 32 keep-alive clients, and run-and-wait latency after the upstream's final event.
// Everything runs on 127.0.0.1 against the local fake upstream; loops are bounded.
import { spawn } from 'node:child_process';
import { Agent, createServer, request as httpRequest } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { startLineProcess } from './line-client.mjs';

const KEY = 'sk-bench-0000';
const CLI = new URL('../dist/cli.cjs', import.meta.url).pathname;
const STARTUP_RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 40);
const CALLS = Number(process.env.BENCH_CALLS ?? 200);
const HTTP_CLIENTS = 32;
const HTTP_REQUESTS_PER_CLIENT = Number(process.env.BENCH_HTTP_REQUESTS ?? 50);
const WAIT_RUNS = Number(process.env.BENCH_WAIT_RUNS ?? 100);
const BARE = `process.stdin.setEncoding('utf8');let b='';process.stdin.on('data',c=>{b+=c;let i;while((i=b.indexOf('\\n'))>=0){const m=JSON.parse(b.slice(0,i));b=b.slice(i+1);process.stdout.write(JSON.stringify({jsonrpc:'2.0',id:m.id,result:{}})+'\\n')}});`;

// The fake upstream runs in its own process, as a real upstream would: both paths measured
// below then cross the same process boundary to reach it.
const FAKE = new URL('../.build/spec/fake/assistants-server.js', import.meta.url).href;
const fakeProcess = spawn(process.execPath, ['--input-type=module', '-e',
  `const { startFakeAssistants } = await import(${JSON.stringify(FAKE)});
   const fake = await startFakeAssistants({ apiKey: ${JSON.stringify(KEY)} });
   console.log(fake.url); process.stdin.on('end', () => fake.close()).resume();`], { stdio: ['pipe', 'pipe', 'inherit'] });
const fake = { url: await new Promise((resolve) => fakeProcess.stdout.setEncoding('utf8').once('data', (d) => resolve(d.trim()))) };
const env = { ...process.env, OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.url };

/** A spawned line-protocol process with request/response matching. */
const start = (args) => startLineProcess(args, env);

async function timeToFirstAnswer(args, method, params) {
  const t0 = performance.now();
  const p = start(args);
  await p.request(method, params);
  const ms = performance.now() - t0;
  await p.stop();
  return ms;
}

const pct = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const fmt = (x) => x.toFixed(2);
const init = { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '0' } };

// 1. Startup: spawn → first answer, ours vs a bare node process started the same way (interleaved).
const startup = { ours: [], bare: [], oursList: [], bareList: [] };
await timeToFirstAnswer([CLI], 'initialize', init); // warm the file cache
for (let i = 0; i < STARTUP_RUNS; i++) {
  startup.ours.push(await timeToFirstAnswer([CLI], 'initialize', init));
  startup.bare.push(await timeToFirstAnswer(['-e', BARE], 'initialize', init));
  startup.oursList.push(await timeToFirstAnswer([CLI], 'tools/list', {}));
  startup.bareList.push(await timeToFirstAnswer(['-e', BARE], 'tools/list', {}));
}

// 2. Tool calls: 200 sequential assistant-list through the server vs 200 direct fetches, interleaved in blocks.
for (let i = 0; i < 5; i++) await fetch(`${fake.url}/assistants`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'openai-beta': 'assistants=v2', 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', name: `bench ${i}` }) }).then((r) => r.text());
const server = start([CLI]);
await server.request('initialize', init);
const headers = { authorization: `Bearer ${KEY}`, 'openai-beta': 'assistants=v2', accept: 'application/json' };
const viaServer = [];
const direct = [];
const callOnce = async () => {
  const t0 = performance.now();
  const reply = await server.request('tools/call', { name: 'assistant-list', arguments: {} });
  if (reply.result?.isError || reply.error) throw new Error(JSON.stringify(reply));
  return performance.now() - t0;
};
const fetchOnce = async () => {
  const t0 = performance.now();
  const response = await fetch(`${fake.url}/assistants`, { headers });
  JSON.parse(await response.text());
  return performance.now() - t0;
};
for (let i = 0; i < 20; i++) (await callOnce(), await fetchOnce());
for (let block = 0; block < CALLS / 20; block++) {
  for (let i = 0; i < 20; i++) viaServer.push(await callOnce());
  for (let i = 0; i < 20; i++) direct.push(await fetchOnce());
}
const listBytes = Buffer.byteLength(JSON.stringify((await server.request('tools/list', {})).result));
const rssKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))?.[1]);
await server.stop();

// 3. --http: 32 concurrent keep-alive clients, each sending its requests one after another.

// The floor: a bare node:http server in its own process that answers every POST with a fixed JSON-RPC result.
const BARE_HTTP = `require('http').createServer((q,s)=>{q.resume().on('end',()=>{s.writeHead(200,{'content-type':'application/json'});s.end('{"jsonrpc":"2.0","id":1,"result":{}}')})}).listen(0,'127.0.0.1',function(){console.error('Streamable HTTP on http://127.0.0.1:'+this.address().port+'/mcp')})`;
async function startHttp(args) {
  const child = spawn(process.execPath, args, { env: { ...env, OPENAI_API_KEY: '' }, stdio: ['ignore', 'ignore', 'pipe'] });
  const url = new URL(await new Promise((resolve) => {
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      err += chunk;
      const match = /Streamable HTTP on (\S+)/.exec(err);
      if (match) resolve(match[1]);
    });
  }));
  return { child, url };
}
const bareHttp = await startHttp(['-e', BARE_HTTP]);
const agent = new Agent({ keepAlive: true, maxSockets: HTTP_CLIENTS });
function postHttp(body, target) {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: target.hostname, port: target.port, path: '/mcp', method: 'POST', agent, headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${KEY}`, 'mcp-protocol-version': '2025-11-25' } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c) => (text += c)).on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}
async function httpLoad(body, target) {
  const latencies = [];
  const t0 = performance.now();
  await Promise.all(Array.from({ length: HTTP_CLIENTS }, async () => {
    for (let i = 0; i < HTTP_REQUESTS_PER_CLIENT; i++) {
      const start = performance.now();
      await postHttp(body, target);
      latencies.push(performance.now() - start);
    }
  }));
  return { latencies, perSecond: latencies.length / ((performance.now() - t0) / 1000) };
}
const listBody = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
const callBody = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'assistant-list', arguments: {} } };
const { child: httpChild, url: httpUrl } = await startHttp([CLI, '--http', '--port', '0']);
await httpLoad(listBody, httpUrl); // warm-up
await httpLoad(listBody, bareHttp.url);
const httpBare = await httpLoad(listBody, bareHttp.url);
const httpList = await httpLoad(listBody, httpUrl);
const httpCall = await httpLoad(callBody, httpUrl);
httpChild.kill();
bareHttp.child.kill();
agent.destroy();
fakeProcess.stdin.end();

// 4. Run-and-wait: time from the upstream writing a streamed run's final event to the tool result
// reaching the client (includes the message-list round trip that fetches the answer). The upstream
// lives in this process so both ends share one clock.
let finalEventAt = 0;
const upstream = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c)).on('end', () => {
    const json = (value) => (res.writeHead(200, { 'content-type': 'application/json' }), res.end(JSON.stringify(value)));
    const run = (status) => ({ id: 'run_1', object: 'thread.run', thread_id: 'thread_1', assistant_id: 'asst_1', status, required_action: null, usage: status === 'completed' ? { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } : null });
    if (req.method === 'POST' && req.url.endsWith('/threads')) return json({ id: 'thread_1', object: 'thread' });
    if (req.method === 'GET' && req.url.includes('/messages')) {
      return json({ object: 'list', data: [{ id: 'msg_1', object: 'thread.message', role: 'assistant', run_id: 'run_1', content: [{ type: 'text', text: { value: 'Hello!', annotations: [] } }] }], has_more: false });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const event = (name, data) => res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
    event('thread.run.created', run('queued'));
    event('thread.run.in_progress', run('in_progress'));
    event('thread.message.delta', { id: 'msg_1', object: 'thread.message.delta', delta: { content: [{ index: 0, type: 'text', text: { value: 'Hello!' } }] } });
    finalEventAt = performance.now();
    event('thread.run.completed', run('completed'));
    res.end('event: done\ndata: [DONE]\n\n');
  });
});
await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
const waitServer = spawn(process.execPath, [CLI], { env: { ...env, OPENAI_BASE_URL: `http://127.0.0.1:${upstream.address().port}/v1` }, stdio: ['pipe', 'pipe', 'inherit'] });
const waitLatencies = [];
{
  let buffer = '';
  const waiting = new Map();
  waitServer.stdout.setEncoding('utf8').on('data', (chunk) => {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const message = JSON.parse(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
      if (message.id !== undefined) waiting.get(message.id)?.([message, performance.now()]);
    }
  });
  for (let i = 0; i < WAIT_RUNS + 10; i++) {
    const reply = new Promise((resolve) => waiting.set(i, resolve));
    waitServer.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: i, method: 'tools/call', params: { name: 'thread-create-and-run', arguments: { assistant_id: 'asst_1', message: 'Hi' } } })}\n`);
    const [message, at] = await reply;
    if (message.result?.structuredContent?.answer !== 'Hello!') throw new Error(JSON.stringify(message));
    if (i >= 10) waitLatencies.push(at - finalEventAt); // the first 10 warm up
  }
  waitServer.stdin.end();
  upstream.close();
}

const size = (file) => statSync(new URL(`../dist/${file}`, import.meta.url)).size;
const gz = (file) => gzipSync(readFileSync(new URL(`../dist/${file}`, import.meta.url))).length;
// Spawn times on a shared VM drift; the median and the minimum (the least disturbed run) are both shown.
const line = (label, ours, bare) =>
  `  ${label}  median ours ${fmt(pct(ours, 0.5))} ms / bare ${fmt(pct(bare, 0.5))} ms = ${fmt(pct(ours, 0.5) / pct(bare, 0.5))}x` +
  `   min ${fmt(Math.min(...ours))} / ${fmt(Math.min(...bare))} = ${fmt(Math.min(...ours) / Math.min(...bare))}x`;
console.log(`startup (${STARTUP_RUNS} runs each, interleaved; spawn → answer):`);
console.log(line('initialize', startup.ours, startup.bare));
console.log(line('tools/list', startup.oursList, startup.bareList));
console.log(`tool call (${viaServer.length} sequential assistant-list vs ${direct.length} direct fetch; fake upstream in its own process):`);
console.log(`  via server  p50 ${fmt(pct(viaServer, 0.5))} ms  p99 ${fmt(pct(viaServer, 0.99))} ms`);
console.log(`  direct      p50 ${fmt(pct(direct, 0.5))} ms  p99 ${fmt(pct(direct, 0.99))} ms`);
console.log(`  ratio p50 ${fmt(pct(viaServer, 0.5) / pct(direct, 0.5))}x  p99 ${fmt(pct(viaServer, 0.99) / pct(direct, 0.99))}x`);
console.log(`peak RSS of the server: ${(rssKb / 1024).toFixed(1)} MB`);
console.log(`bundles: dist/cli.cjs ${size('cli.cjs')} B (gzip ${gz('cli.cjs')}), dist/worker.js ${size('worker.js')} B (gzip ${gz('worker.js')})`);
console.log(`tools/list result (default toolset, as served): ${listBytes} B`);
{
  const { SEED_TOOLS, TOOLS } = await import('../.build/src/tools/index.js');
  const { listBytes: bytesOf } = await import('../.build/src/tools/listing.js');
  const { selectionFor } = await import('../.build/src/tools/selection.js');
  console.log(`tools/list budgets: 22 seed tools ${bytesOf(SEED_TOOLS)} B (≤ 14000), all ${TOOLS.length} tools ${bytesOf(TOOLS)} B (≤ 32000), default toolset ${bytesOf(selectionFor({}).tools)} B (≤ 16000)`);
}
const httpLine = (label, { latencies, perSecond }) => `  ${label}  ${Math.round(perSecond)} req/s  p50 ${fmt(pct(latencies, 0.5))} ms  p99 ${fmt(pct(latencies, 0.99))} ms`;
console.log(`--http, ${HTTP_CLIENTS} concurrent keep-alive clients × ${HTTP_REQUESTS_PER_CLIENT} requests (loopback):`);
console.log(httpLine('bare node:http      ', httpBare));
console.log(httpLine('tools/list          ', httpList) + `   (${fmt(httpBare.perSecond / httpList.perSecond)}x fewer req/s than bare)`);
console.log(httpLine('tools/call (list)   ', httpCall));
console.log(`run-and-wait, upstream final event → tool result over stdio (${waitLatencies.length} streamed runs): p50 ${fmt(pct(waitLatencies, 0.5))} ms  p99 ${fmt(pct(waitLatencies, 0.99))} ms`);
await import('./bench-upload.mjs');
