/**
 * Run-and-wait: the time from the upstream writing a streamed run's final event to the tool result
 * reaching the client (over stdio and --http), and many concurrent waits parked on one --http
 * process: memory per wait and CPU while they idle.
 */
import { Agent } from 'node:http';
import { figure, section, target } from '../report.mjs';
import { rpcHeaders, send } from '../load.mjs';
import { startOurHttp, startStdio } from '../processes.mjs';
import { ASK, answered, startRunUpstream } from '../run-upstream.mjs';
import { KEY, SETTINGS } from '../settings.mjs';
import { cpuSeconds, rssMb, sleep, spread } from '../stats.mjs';

const CALL = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: ASK });
const WARM = 5;

export async function finalEventSection() {
  section(`run-and-wait: upstream final event → tool result (${SETTINGS.finalEventRuns} streamed runs each, after ${WARM} warm-up)`);
  const upstream = await startRunUpstream();
  try {
    const stdio = await startStdio({ OPENAI_BASE_URL: upstream.url });
    const overStdio = [];
    for (let i = 0; i < SETTINGS.finalEventRuns + WARM; i++) {
      const { message, at } = await stdio.send('tools/call', ASK);
      if (!answered(message.result)) throw new Error(`thread-create-and-run over stdio: ${JSON.stringify(message).slice(0, 300)}`);
      if (i >= WARM) overStdio.push(at - upstream.finalEventAt());
    }
    await stdio.stop();

    const http = await startOurHttp({ OPENAI_BASE_URL: upstream.url });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const overHttp = [];
    for (let i = 0; i < SETTINGS.finalEventRuns + WARM; i++) {
      const reply = await send(http.url, { headers: rpcHeaders({ authorization: `Bearer ${KEY}` }), body: CALL, agent });
      const at = performance.now();
      if (!answered(JSON.parse(reply.text).result)) throw new Error(`thread-create-and-run over --http: ${reply.text.slice(0, 300)}`);
      if (i >= WARM) overHttp.push(at - upstream.finalEventAt());
    }
    agent.destroy();
    await http.stop();
    const s = spread(overStdio);
    const h = spread(overHttp);
    figure('final-event', 'stdio final event → result p50', s.p50, 'ms', { note: `p99 ${s.p99.toFixed(2)} ms` });
    figure('final-event', '--http final event → result p50', h.p50, 'ms', { note: `p99 ${h.p99.toFixed(2)} ms` });
    target('final event → tool result p50 over stdio ≤ 5 ms', s.p50, '<=', 5, ' ms');
    target('final event → tool result p50 over --http ≤ 5 ms', h.p50, '<=', 5, ' ms');
  } finally {
    await upstream.close();
  }
}

export async function waitsSection() {
  section(`${SETTINGS.waits} concurrent thread-create-and-run waits parked on one --http process`);
  const upstream = await startRunUpstream();
  const http = await startOurHttp({ OPENAI_BASE_URL: upstream.url });
  const agent = new Agent({ keepAlive: true, maxSockets: SETTINGS.waits });
  const headers = rpcHeaders({ authorization: `Bearer ${KEY}` });
  try {
    // Warm-up with as many sockets as the parked waits will use, so the figure is the waits, not the sockets;
    // twice, then 6 s of quiet, so the server's heap relief (full collections once 200 requests are
    // followed by 5 s of quiet, src/node/http-mode.ts) runs before the baseline, not in the middle of the figure.
    for (let round = 0; round < 2; round++) await Promise.all(Array.from({ length: SETTINGS.waits }, () => send(http.url, { headers, body: CALL, agent })));
    await sleep(SETTINGS.reliefQuietSeconds * 1000);
    const before = rssMb(http.pid);
    upstream.hold();
    const replies = Array.from({ length: SETTINGS.waits }, () => send(http.url, { headers, body: CALL, agent }));
    const settled = Promise.allSettled(replies); // a failure is reported below, never left unhandled
    // Every wait reaches the upstream, unless the server caps its concurrent upstream requests: then
    // the rest queue inside it. Wait until the count stops growing (or 30 s), and report both.
    const deadline = performance.now() + 30_000;
    let last = -1;
    let stableSince = performance.now();
    while (upstream.heldCount() < SETTINGS.waits && performance.now() < deadline) {
      if (upstream.heldCount() !== last) (last = upstream.heldCount()), (stableSince = performance.now());
      else if (last > 0 && performance.now() - stableSince > 2000) break;
      await sleep(20);
    }
    const reached = upstream.heldCount();
    await sleep(200);
    const cpu0 = cpuSeconds(http.pid);
    const t0 = performance.now();
    await sleep(SETTINGS.idleSeconds * 1000);
    const idleCpu = (cpuSeconds(http.pid) - cpu0) / ((performance.now() - t0) / 1000);
    const parked = rssMb(http.pid);
    upstream.release();
    // The queued ones reach the upstream only now, after the held ones free their sockets.
    const finished = await Promise.race([settled, sleep(60_000).then(() => undefined)]);
    if (!finished) throw new Error(`the ${SETTINGS.waits} waits did not all return within 60 s of the release`);
    const ok = finished.filter((r) => r.status === 'fulfilled' && answered(JSON.parse(r.value.text).result)).length;
    if (ok !== SETTINGS.waits) throw new Error(`${SETTINGS.waits - ok} of ${SETTINGS.waits} waits did not return the answer: ${finished.find((r) => r.status === 'rejected')?.reason ?? 'wrong answer'}`);
    figure('waits', 'waits held at the upstream at once', reached, 'runs', { note: reached < SETTINGS.waits ? `the other ${SETTINGS.waits - reached} queued inside the server for an upstream socket` : 'all of them' });
    const perWaitKb = ((parked - before) * 1024) / SETTINGS.waits;
    figure('waits', 'memory per parked wait', perWaitKb, 'KB', { note: `RSS ${before.toFixed(1)} → ${parked.toFixed(1)} MB` });
    figure('waits', 'CPU while idle-waiting', idleCpu * 100, '% of a core', { note: `over ${SETTINGS.idleSeconds} s; /proc ticks are 10 ms` });
    target(`memory per wait ≤ 100 KB (${SETTINGS.waits} waits)`, perWaitKb, '<=', 100, ' KB');
  } finally {
    agent.destroy();
    upstream.release();
    await http.stop();
    await upstream.close();
  }
}
