// npm run bench: startup, tool-call latency vs a direct fetch, peak RSS, bundle and tools/list sizes.
// Everything runs on 127.0.0.1 against the local fake upstream; loops are bounded.
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const KEY = 'sk-bench-0000';
const CLI = new URL('../dist/cli.cjs', import.meta.url).pathname;
const STARTUP_RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 40);
const CALLS = Number(process.env.BENCH_CALLS ?? 200);
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
function start(args) {
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
fakeProcess.stdin.end();

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
console.log(`tools/list result: ${listBytes} B`);
