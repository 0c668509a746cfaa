/**
 * stdio: spawn → initialize answer against a bare node process answering one line (interleaved
 * pairs, median); assistant-list round trips against a direct keep-alive fetch of the same
 * upstream (interleaved blocks, p50/p99); the server's peak RSS after all those calls.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { figure, section, target } from '../report.mjs';
import { INIT, startLines, startStdio } from '../processes.mjs';
import { CLI, KEY, SETTINGS } from '../settings.mjs';
import { median, rssMb, spread } from '../stats.mjs';

const BARE = `process.stdin.setEncoding('utf8');let b='';process.stdin.on('data',c=>{b+=c;let i;while((i=b.indexOf('\\n'))>=0){const m=JSON.parse(b.slice(0,i));b=b.slice(i+1);process.stdout.write(JSON.stringify({jsonrpc:'2.0',id:m.id,result:{}})+'\\n')}});`;

/** The floor for memory: a bare node process's peak RSS (VmHWM) after one fetch of the upstream. */
async function bareFetchPeak(url) {
  const script = `fetch(${JSON.stringify(`${url}/assistants`)}, { headers: { authorization: 'Bearer ${KEY}' } }).then((r) => r.text()).then(() => {
    const m = /VmHWM:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'));
    console.log(m ? m[1] / 1024 : NaN);
  })`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script]);
  return Number(stdout);
}

async function timeToAnswer(args, env) {
  const t0 = performance.now();
  const p = startLines(args, env);
  await p.request('initialize', INIT);
  const ms = performance.now() - t0;
  await p.stop();
  return ms;
}

export async function stdioSection({ fake }) {
  section(`stdio startup: spawn → initialize answer (${SETTINGS.startupPairs} interleaved pairs, median)`);
  const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.url };
  await timeToAnswer([CLI], env); // warm the file cache
  const ours = [];
  const bare = [];
  for (let i = 0; i < SETTINGS.startupPairs; i++) {
    ours.push(await timeToAnswer([CLI], env));
    bare.push(await timeToAnswer(['-e', BARE]));
  }
  figure('stdio-startup', 'startup median', median(ours), 'ms', { floor: { label: 'bare node', value: median(bare) } });
  target('stdio startup ≤ 1.05× bare node (median)', median(ours) / median(bare), '<=', 1.05);

  section(`stdio tool call: assistant-list vs a direct keep-alive fetch (${SETTINGS.stdioCalls} each, interleaved blocks of 20)`);
  const server = await startStdio({ OPENAI_BASE_URL: fake.url });
  const headers = { authorization: `Bearer ${KEY}`, 'openai-beta': 'assistants=v2', accept: 'application/json' };
  for (let i = 0; i < 5; i++) await server.call('assistant-create', { model: 'gpt-4o', name: `bench ${i}` });
  const viaServer = [];
  const direct = [];
  const callOnce = async () => {
    const t0 = performance.now();
    await server.call('assistant-list');
    viaServer.push(performance.now() - t0);
  };
  const fetchOnce = async () => {
    const t0 = performance.now();
    JSON.parse(await (await fetch(`${fake.url}/assistants`, { headers })).text());
    direct.push(performance.now() - t0);
  };
  for (let i = 0; i < 10; i++) (await callOnce(), await fetchOnce());
  viaServer.length = direct.length = 0;
  const block = Math.min(20, SETTINGS.stdioCalls);
  for (let n = 0; n < SETTINGS.stdioCalls; n += block) {
    for (let i = 0; i < block; i++) await callOnce();
    for (let i = 0; i < block; i++) await fetchOnce();
  }
  const ourSpread = spread(viaServer);
  const directSpread = spread(direct);
  figure('stdio-call', 'assistant-list p50', ourSpread.p50, 'ms', { floor: { label: 'direct fetch p50', value: directSpread.p50 } });
  figure('stdio-call', 'assistant-list p99', ourSpread.p99, 'ms', { floor: { label: 'direct fetch p99', value: directSpread.p99 } });
  target('stdio call p50 ≤ 1.05× direct fetch', ourSpread.p50 / directSpread.p50, '<=', 1.05);
  target('stdio call p99 ≤ 1.2× direct fetch', ourSpread.p99 / directSpread.p99, '<=', 1.2);
  const peak = rssMb(server.child.pid, 'VmHWM');
  figure('stdio-rss', `peak RSS after ${viaServer.length + 10} calls`, peak, 'MB', { floor: { label: 'bare node after one fetch', value: await bareFetchPeak(fake.url) } });
  target(`stdio peak RSS after ${viaServer.length + 10} calls ≤ 55 MB`, peak, '<=', 55, ' MB');
  await server.stop();
}
