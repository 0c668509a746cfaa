/** The Worker: its gzip size, and its request throughput in Miniflare beside --http under the same load. */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { figure, section, target } from '../report.mjs';
import { BODIES, isList, isResult, load, rpcHeaders } from '../load.mjs';
import { startOurHttp } from '../processes.mjs';
import { KEY, QUICK, SETTINGS } from '../settings.mjs';
import { workerBreakdown } from '../worker-breakdown.mjs';
import { WORKER, startWorker } from '../worker.mjs';

export async function workerSection({ fake }) {
  section(`Worker: size, and throughput in Miniflare beside --http (${SETTINGS.httpConnections} connections, ${SETTINGS.workerSeconds} s each)`);
  const bytes = readFileSync(WORKER);
  const gzipKb = gzipSync(bytes).length / 1024;
  figure('worker-size', 'dist/worker.js gzip', gzipKb, 'KB', { note: `${bytes.length} B minified` });
  target('Worker ≤ 40 KB gzip', gzipKb, '<=', 40, ' KB');
  // The size's profile: what each folder adds (skipped in quick mode, which only checks figures print).
  if (!QUICK) {
    const breakdown = await workerBreakdown();
    figure('worker-size', 'dist/worker.js gzip without its strings over 40 characters', breakdown.codeGzip / 1024, 'KB', { note: 'the code alone' });
    for (const { name, bytes: minified, gzip, text } of breakdown.rows) figure('worker-size', `+gzip ${name}`, gzip, 'B', { note: `${minified} B minified, ${text} B gzip of it text` });
  }

  const worker = await startWorker({ OPENAI_BASE_URL: fake.url });
  const http = await startOurHttp({ OPENAI_BASE_URL: fake.url });
  try {
    const headers = rpcHeaders({ authorization: `Bearer ${KEY}` });
    const run = async (url, body, check) => {
      const base = { url, body, headers, connections: SETTINGS.httpConnections, check };
      await load({ ...base, seconds: Math.min(1, SETTINGS.workerSeconds) });
      return load({ ...base, seconds: SETTINGS.workerSeconds });
    };
    for (const [name, body, check] of [['tools/list', BODIES.list, isList], ['tools/call assistant-list', BODIES.call, isResult]]) {
      const onWorker = await run(worker.url, body, check);
      const onHttp = await run(http.url, body, check);
      figure('worker-throughput', `Worker ${name}`, onWorker.perSecond, 'req/s', { floor: { label: '--http', value: onHttp.perSecond } });
    }
  } finally {
    await http.stop();
    await worker.stop();
  }
}
