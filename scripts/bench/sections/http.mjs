/**
 * --http under keep-alive load: tools/list beside a bare node:http server serving the same bytes,
 * tools/call assistant-list beside a bare server making the same upstream call, both beside the
 * SDK's reference server on its own tools/list and a trivial tools/call (echo); then 64
 * connections for a while, with RSS before, during and after.
 */
import { figure, section, skipped, target } from '../report.mjs';
import { startBareBytes, startBareProxy } from '../floors.mjs';
import { BODIES, isList, isResult, load, rpcHeaders, send } from '../load.mjs';
import { startOurHttp } from '../processes.mjs';
import { referenceInstalled, startReference } from '../reference.mjs';
import { KEY, SETTINGS } from '../settings.mjs';
import { rssMb, sampleRss, sleep, spread } from '../stats.mjs';

const { list: LIST, call: CALL } = BODIES;
const ECHO = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: { message: 'bench' } } });

/**
 * Loads each of `runs` ({ server, body, headers, check }) in turn, round after round, so drift in
 * the machine's load hits all of them alike; resolves to one result per run, with req/s over all
 * its rounds, p50/p99, and the server's RSS before the first round and after the last.
 */
async function measureInterleaved(runs) {
  const loadOnce = (run, seconds) => load({ url: run.server.url, body: run.body, headers: run.headers, connections: SETTINGS.httpConnections, check: run.check, seconds });
  for (const run of runs) await loadOnce(run, Math.min(1, SETTINGS.httpSeconds)); // warm-up
  const results = runs.map((run) => ({ latencies: [], seconds: 0, rssBefore: rssMb(run.server.pid) }));
  const rounds = SETTINGS.httpRounds;
  for (let round = 0; round < rounds; round++) {
    for (const [i, run] of runs.entries()) {
      const t0 = performance.now();
      const { latencies } = await loadOnce(run, SETTINGS.httpSeconds / rounds);
      results[i].seconds += (performance.now() - t0) / 1000;
      results[i].latencies.push(...latencies);
    }
  }
  return results.map((r, i) => ({ ...r, ...spread(r.latencies), perSecond: r.latencies.length / r.seconds, rssAfter: rssMb(runs[i].server.pid) }));
}

function compare(name, ours, floor, ref) {
  const beside = (pick) => ({
    floor: { label: floor.label, value: pick(floor.result) },
    ref: ref ? { label: ref.label, value: pick(ref.result) } : undefined,
  });
  figure(`http-${name}`, `${name} throughput`, ours.perSecond, 'req/s', beside((r) => r.perSecond));
  figure(`http-${name}`, `${name} p50`, ours.p50, 'ms', beside((r) => r.p50));
  figure(`http-${name}`, `${name} p99`, ours.p99, 'ms', beside((r) => r.p99));
  figure(`http-${name}`, `${name} RSS before`, ours.rssBefore, 'MB', beside((r) => r.rssBefore));
  figure(`http-${name}`, `${name} RSS after`, ours.rssAfter, 'MB', beside((r) => r.rssAfter));
}

export async function httpSection({ fake }) {
  const auth = rpcHeaders({ authorization: `Bearer ${KEY}` });
  const ours = await startOurHttp({ OPENAI_BASE_URL: fake.url });
  const stops = [ours.stop];
  try {
    const list = await send(ours.url, { headers: auth, body: LIST });
    const bareBytes = await startBareBytes(list.text);
    const bareProxy = await startBareProxy(fake.url, '/assistants');
    stops.push(bareBytes.stop, bareProxy.stop);
    let reference;
    if (referenceInstalled() || process.env.BENCH_NO_INSTALL !== '1') {
      reference = await startReference();
      stops.push(reference.stop);
    }

    section(`--http tools/list: ${SETTINGS.httpConnections} keep-alive connections, ${SETTINGS.httpSeconds} s each in ${SETTINGS.httpRounds} interleaved rounds (list ${list.text.length} B)`);
    const [listOurs, listBare, listRef] = await measureInterleaved([
      { server: ours, body: LIST, headers: auth, check: isList },
      { server: bareBytes, body: LIST, headers: auth, check: isList },
      ...(reference ? [{ server: reference, body: LIST, headers: reference.headers, check: isList }] : []),
    ]);
    compare('tools/list', listOurs, { label: 'bare node:http, same bytes', result: listBare }, listRef && { label: 'SDK reference', result: listRef });
    target('--http tools/list ≥ 0.5× bare node:http (req/s)', listOurs.perSecond / listBare.perSecond, '>=', 0.5);
    target('--http tools/list ≥ 4× SDK reference (req/s)', listRef ? listOurs.perSecond / listRef.perSecond : NaN, '>=', 4);

    section(`--http tools/call assistant-list through to the fake upstream: ${SETTINGS.httpConnections} connections, ${SETTINGS.httpSeconds} s each in ${SETTINGS.httpRounds} interleaved rounds`);
    const [callOurs, callBare, callRef] = await measureInterleaved([
      { server: ours, body: CALL, headers: auth, check: isResult },
      { server: bareProxy, body: CALL, headers: auth, check: (text) => text.includes('"object":"list"') },
      ...(reference ? [{ server: reference, body: ECHO, headers: reference.headers, check: isResult }] : []),
    ]);
    compare('tools/call', callOurs, { label: 'bare node:http, same upstream call', result: callBare }, callRef && { label: 'SDK reference echo', result: callRef });
    target('--http tools/call ≥ 0.6× bare proxy (req/s)', callOurs.perSecond / callBare.perSecond, '>=', 0.6);
    target('--http tools/call ≥ 4× SDK reference echo (req/s)', callRef ? callOurs.perSecond / callRef.perSecond : NaN, '>=', 4);
    if (!reference) skipped('http-reference', 'SDK reference server', 'not in .cache/bench and BENCH_NO_INSTALL=1');
  } finally {
    for (const stop of stops) await stop();
  }
}

export async function loadSection({ fake }) {
  section(`--http under ${SETTINGS.loadConnections} connections for ${SETTINGS.loadSeconds} s (tools/list and assistant-list alternating), then ${SETTINGS.settleSeconds} s idle`);
  const ours = await startOurHttp({ OPENAI_BASE_URL: fake.url });
  try {
    const headers = rpcHeaders({ authorization: `Bearer ${KEY}` });
    await send(ours.url, { headers, body: LIST });
    const before = rssMb(ours.pid);
    const during = sampleRss(ours.pid);
    const half = SETTINGS.loadConnections / 2;
    const [lists, calls] = await Promise.all([
      load({ url: ours.url, body: LIST, headers, connections: half, seconds: SETTINGS.loadSeconds }),
      load({ url: ours.url, body: CALL, headers, connections: half, seconds: SETTINGS.loadSeconds }),
    ]);
    const peak = during.stop().max;
    const after = sampleRss(ours.pid);
    await sleep(SETTINGS.settleSeconds * 1000);
    const settled = after.stop();
    const firstLow = settled.samples.find((s) => s.mb <= 70);
    figure('http-load', 'requests/s under load', (lists.perSecond + calls.perSecond), 'req/s', { note: `${lists.count + calls.count} requests, p99 ${spread([...lists.latencies, ...calls.latencies]).p99.toFixed(1)} ms` });
    figure('http-load', 'RSS before load', before, 'MB');
    figure('http-load', 'RSS peak during load', peak, 'MB');
    figure('http-load', `RSS ${SETTINGS.settleSeconds} s after load`, settled.last, 'MB', { note: firstLow ? `≤ 70 MB after ${((firstLow.at - settled.samples[0].at) / 1000).toFixed(1)} s` : 'never ≤ 70 MB' });
    target(`--http RSS ≤ 100 MB under ${SETTINGS.loadConnections} connections`, peak, '<=', 100, ' MB');
    target(`--http RSS ≤ 70 MB ${SETTINGS.settleSeconds} s after the load`, settled.last, '<=', 70, ' MB');
  } finally {
    await ours.stop();
  }
}
