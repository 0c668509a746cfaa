// npm run fuzz: seeded, time-bounded, loopback-only fuzzing of the three targets (stdio, --http,
// the Worker in Miniflare) against a local upstream. Checks: the server stays alive, every request
// id is answered exactly once, stdout carries only JSON-RPC, client input never gets -32603 or a
// 5xx, invalid input never reaches the upstream, the API key never appears in any output, and
// RSS stays bounded. FUZZ_SEED, FUZZ_STDIO_INPUTS, FUZZ_HTTP_REQUESTS and FUZZ_DIST change the run.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { createRandom, generateHttpRequest, generateInput, hugeLine } from './fuzz/generate.mjs';

const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const STDIO_INPUTS = Number(process.env.FUZZ_STDIO_INPUTS ?? 10_000);
const HTTP_REQUESTS = Number(process.env.FUZZ_HTTP_REQUESTS ?? 1_000);
const TIME_LIMIT_MS = Number(process.env.FUZZ_TIME_LIMIT_MS ?? 170_000);
/** RSS bounds (MB): the peak while fuzzing, and after a quiet moment following the last input. */
const RSS_PEAK_MB = Number(process.env.FUZZ_RSS_PEAK_MB ?? 400);
const RSS_SETTLED_MB = Number(process.env.FUZZ_RSS_SETTLED_MB ?? 140);
/**
 * stdio's settled bound is a floor measured beside it: a bare node process that only reads the
 * same stdin, 2 s after the last line, plus this slack (the server's code, heap and sockets).
 */
const STDIO_RSS_SLACK_MB = Number(process.env.FUZZ_STDIO_RSS_SLACK_MB ?? 12);
/** How long a quiet server may take to get under its settled bound. */
const SETTLE_MS = 20_000;
const CANARY = 'sk-fuzz-canary-3b9e0d51c7a24f68';
// FUZZ_DIST points at another build (e.g. an older release's dist/) to compare.
const DIST = process.env.FUZZ_DIST ?? new URL('../dist', import.meta.url).pathname;
const CLI = `${DIST}/cli.cjs`;
const WORKER = `${DIST}/worker.js`;

const started = Date.now();
const failures = [];
const fail = (target, message) => {
  if (failures.length < 50) failures.push(`[${target}] ${message}`);
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const timeLeft = () => TIME_LIMIT_MS - (Date.now() - started);

// The upstream: counts every request; answers assistant-list, refuses anything else.
let upstreamRequests = 0;
const upstream = createServer((req, res) => {
  upstreamRequests++;
  req.resume().on('end', () => {
    const list = req.method === 'GET' && /^\/v1\/assistants(\?|$)/.test(req.url ?? '');
    res.writeHead(list ? 200 : 404, { 'content-type': 'application/json' });
    res.end(list ? '{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}' : '{"error":{"message":"not served by the fuzz upstream","type":"invalid_request_error"}}');
  });
});
await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${upstream.address().port}/v1`;
// The store (and --http's generated OAuth secret) goes to a throwaway folder, never the user's.
const storeDir = mkdtempSync(join(tmpdir(), 'oamcp-fuzz-'));
const env = { PATH: process.env.PATH, MCP_STORE_DIR: storeDir, OPENAI_BASE_URL: baseUrl, OPENAI_BACKEND: 'assistants', MCP_TOOLSETS: 'all', OPENAI_MAX_RETRIES: '0', OPENAI_TIMEOUT_MS: '10000' };

/** RSS of a process in MB (Linux /proc), or undefined elsewhere. */
function rssOf(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    return undefined;
  }
}

/** Waits (up to SETTLE_MS) for a quiet process's RSS to fall under `bound`; returns it and the seconds it took. */
async function settledRss(pid, bound = RSS_SETTLED_MB) {
  const start = Date.now();
  let rss = rssOf(pid);
  while (rss !== undefined && rss > bound && Date.now() - start < SETTLE_MS) {
    await sleep(250);
    rss = rssOf(pid);
  }
  return { rss, seconds: (Date.now() - start) / 1000 };
}

function rssMonitor(pid) {
  const before = rssOf(pid);
  let peak = before ?? 0;
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid) ?? 0)), 50);
  return { before, peak: () => peak, stop: () => clearInterval(timer) };
}

/** Checks one answer against what its input requires; returns false when it must not count. */
function checkAnswer(target, input, message) {
  const code = message.error?.code;
  if (code === -32603) return fail(target, `-32603 for client input (${input.kind}): ${JSON.stringify(message).slice(0, 200)}`);
  if (Array.isArray(input.codes) && !input.codes.includes(code)) return fail(target, `${input.kind}: expected ${input.codes}, got ${JSON.stringify(message).slice(0, 200)}`);
  if (input.tool === 'ok' && (message.result?.isError !== false && message.result?.isError !== undefined || !message.result)) return fail(target, `valid call failed: ${JSON.stringify(message).slice(0, 300)}`);
  if (input.tool === 'invalid' && !(message.result?.isError === true && /Invalid arguments/.test(message.result.content?.[0]?.text))) {
    return fail(target, `invalid arguments not refused: ${input.text.slice(0, 200)} → ${JSON.stringify(message).slice(0, 200)}`);
  }
  return true;
}

async function fuzzStdio() {
  const target = 'stdio';
  const floor = await bareReaderRss();
  const r = createRandom(SEED);
  const child = spawn(process.execPath, [CLI], { env: { ...env, OPENAI_API_KEY: CANARY }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const expected = new Map();
  const answered = new Map();
  let nullExpected = 0;
  let nullAnswers = 0;
  let lines = 0;
  let buffer = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    if (chunk.includes(CANARY)) fail(target, 'the API key appeared on stdout');
    buffer += chunk;
    for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      lines++;
      let message;
      try {
        message = JSON.parse(line);
      } catch {
        fail(target, `stdout line is not JSON: ${line.slice(0, 120)}`);
        continue;
      }
      for (const m of Array.isArray(message) ? message : [message]) {
        if (m?.jsonrpc !== '2.0') fail(target, `stdout line is not JSON-RPC: ${line.slice(0, 120)}`);
        if ('method' in m) continue; // notifications (progress, log messages)
        if (m.id === null) {
          nullAnswers++;
          if (m.error?.code !== -32700 && m.error?.code !== -32600) fail(target, `id-null answer with code ${m.error?.code}`);
          continue;
        }
        const input = expected.get(m.id);
        if (!input) {
          fail(target, `answer to an id never sent: ${JSON.stringify(m).slice(0, 160)}`);
          continue;
        }
        answered.set(m.id, (answered.get(m.id) ?? 0) + 1);
        if (answered.get(m.id) > 1) fail(target, `id ${m.id} answered twice`);
        checkAnswer(target, input, m);
      }
    }
  });
  const write = (text) => new Promise((resolve) => (child.stdin.write(`${text}\n`) ? resolve() : child.stdin.once('drain', resolve)));
  const send = async (input) => {
    if (input.id !== undefined) expected.set(input.id, input);
    if (input.nullAnswer) nullExpected++;
    await write(input.text);
  };

  await send({ id: 'init', codes: 'any', text: JSON.stringify({ jsonrpc: '2.0', id: 'init', method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'fuzz', version: '0' } } }) });
  while (!answered.has('init') && timeLeft() > 0) await sleep(10);
  const rss = rssMonitor(child.pid);
  const upstreamBefore = upstreamRequests;
  let validCalls = 0;
  const kinds = {};
  for (const input of stdioInputs(r)) {
    kinds[input.kind] = (kinds[input.kind] ?? 0) + 1;
    validCalls += input.upstream ?? 0;
    await send(input);
  }
  const allAnswered = () => [...expected.keys()].every((id) => answered.has(id)) && nullAnswers >= nullExpected;
  while (!allAnswered() && timeLeft() > 0) await sleep(20);
  for (const id of expected.keys()) if (!answered.has(id)) fail(target, `id ${JSON.stringify(id)} (${expected.get(id).kind}) never answered`);
  if (nullAnswers !== nullExpected) fail(target, `${nullAnswers} id-null answers for ${nullExpected} inputs that need one`);
  if (upstreamRequests - upstreamBefore !== validCalls) fail(target, `${upstreamRequests - upstreamBefore} upstream requests for ${validCalls} valid calls`);
  const answeredAt = rssOf(child.pid);
  rss.stop();
  const bound = floor === undefined ? RSS_SETTLED_MB : floor + STDIO_RSS_SLACK_MB;
  const { rss: settled, seconds } = await settledRss(child.pid, bound);
  child.stdin.end();
  const code = await Promise.race([exited, sleep(10_000).then(() => 'still running')]);
  if (code !== 0) fail(target, `after stdin closed: exit ${code}`);
  if (stderr.includes(CANARY)) fail(target, 'the API key appeared on stderr');
  checkRss(target, rss.peak(), settled, bound, floor === undefined ? '' : ` (a bare stdin reader's ${floor.toFixed(0)} MB + ${STDIO_RSS_SLACK_MB})`);
  return { inputs: STDIO_INPUTS, lines, validCalls, kinds, rss: { before: rss.before, peak: rss.peak(), answered: answeredAt, settled, seconds, floor, bound } };
}

/** The stdio inputs for one seeded run: generated ones, with a huge line (over the message limit) every sixth of the way. */
function* stdioInputs(r) {
  const hugeEvery = Math.floor(STDIO_INPUTS / 6);
  for (let i = 0; i < STDIO_INPUTS; i++) {
    yield i > 0 && i % hugeEvery === 0 ? hugeLine(r, 5 * 1024 * 1024 + r.int(20 * 1024 * 1024)) : generateInput(r, i);
  }
}

/**
 * The floor for stdio's settled RSS: a bare node process that only reads the same inputs, 2 s
 * after the last one. Measured beside the server, so the bound follows the Node version, the
 * allocator and the machine; undefined without /proc.
 */
async function bareReaderRss() {
  const bare = spawn(process.execPath, ['-e', "process.stdin.on('data', () => {}); setInterval(() => {}, 1000);"], { stdio: ['pipe', 'ignore', 'ignore'] });
  try {
    const write = (text) => new Promise((resolve) => (bare.stdin.write(`${text}\n`) ? resolve() : bare.stdin.once('drain', resolve)));
    for (const input of stdioInputs(createRandom(SEED))) await write(input.text);
    await sleep(2000);
    return rssOf(bare.pid);
  } finally {
    bare.kill();
  }
}

function checkRss(target, peak, settled, bound = RSS_SETTLED_MB, why = '') {
  if (settled === undefined) return;
  if (peak > RSS_PEAK_MB) fail(target, `peak RSS ${peak.toFixed(0)} MB over ${RSS_PEAK_MB} MB`);
  if (settled > bound) fail(target, `RSS ${settled.toFixed(0)} MB still over ${bound.toFixed(0)} MB${why} ${SETTLE_MS / 1000} s after the input went quiet`);
}

/** Sends the generated HTTP requests through `send`, `concurrency` at a time, and checks each answer. */
async function fuzzHttp(target, send, concurrency) {
  const r = createRandom(SEED + target.length);
  const upstreamBefore = upstreamRequests;
  let expectedUpstream = 0;
  const statuses = {};
  let next = 0;
  async function worker() {
    while (next < HTTP_REQUESTS && timeLeft() > 0) {
      const i = next++;
      const request = generateHttpRequest(r, i, CANARY);
      let response;
      try {
        response = await send(request);
      } catch (error) {
        fail(target, `${request.method} ${request.path} ${JSON.stringify(request.headers)} ${JSON.stringify(request.body ?? "").slice(0, 120)}: no answer (${error.message}${error.cause ? `: ${error.cause.message ?? error.cause}` : ""})`);
        continue;
      }
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      if (response.status >= 500) fail(target, `${request.method} ${request.path} → ${response.status}: ${response.text.slice(0, 200)}`);
      if (response.text.includes(CANARY) || JSON.stringify(response.headers).includes(CANARY)) fail(target, `the key was echoed (${request.method} ${request.path})`);
      for (const message of messagesIn(response)) {
        if (message.error?.code === -32603) fail(target, `-32603 for ${request.input.kind}: ${JSON.stringify(message).slice(0, 200)}`);
        if (request.input.upstream && message.id === request.input.id && message.result && !message.result.isError) expectedUpstream++;
        // Over HTTP a request may be refused before it runs (credentials, headers); one that ran must refuse its arguments.
        if (request.input.tool === 'invalid' && message.id === request.input.id && message.result) checkAnswer(target, request.input, message);
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (next < HTTP_REQUESTS) fail(target, `time limit reached after ${next} requests`);
  if (upstreamRequests - upstreamBefore !== expectedUpstream) fail(target, `${upstreamRequests - upstreamBefore} upstream requests for ${expectedUpstream} served valid calls`);
  const health = await send({ method: 'GET', path: '/health', headers: {}, body: undefined, input: {} });
  if (health.status !== 200) fail(target, `not alive afterwards: /health → ${health.status}`);
  return { requests: next, statuses, upstream: expectedUpstream };
}

/** JSON-RPC messages in an answer: a JSON body, or the data lines of an event stream. */
function messagesIn(response) {
  const type = response.headers['content-type'] ?? '';
  try {
    if (type.startsWith('application/json')) return [JSON.parse(response.text)].flat();
    if (type.startsWith('text/event-stream')) return response.text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)));
  } catch {
    return [];
  }
  return [];
}

async function fuzzNodeHttp() {
  const target = '--http';
  const child = spawn(process.execPath, [CLI, '--http', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const url = await new Promise((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      stderr += chunk;
      const match = /Streamable HTTP on (http:\/\/[^/\s]+)/.exec(stderr);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`--http exited ${code}: ${stderr}`)));
  });
  const rss = rssMonitor(child.pid);
  const send = async ({ method, path, headers, body }) => {
    const response = await fetch(url + path, { method, headers, body, signal: AbortSignal.timeout(15_000) });
    return { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() };
  };
  const result = await fuzzHttp(target, send, 8);
  result.raw = await malformedRequests(target, url);
  rss.stop();
  const { rss: settled, seconds } = await settledRss(child.pid);
  if (stderr.includes(CANARY)) fail(target, 'the API key appeared on stderr');
  checkRss(target, rss.peak(), settled);
  child.kill();
  return { ...result, rss: { before: rss.before, peak: rss.peak(), settled, seconds } };
}

/** Request lines and Host headers no client library would send, over raw sockets: a 4xx each, never a 5xx or silence. */
async function malformedRequests(target, url) {
  const { port } = new URL(url);
  const lines = ['POST /mcp HTTP/1.1\r\nHost: foo bar', 'POST /mcp HTTP/1.1\r\nHost: [::1', 'POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:abc', `POST http://127.0.0.1:${port}/mcp/%ZZ HTTP/1.1\r\nHost: 127.0.0.1`, 'OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1', 'GET * HTTP/1.1\r\nHost: 127.0.0.1', 'POST /mcp/%ZZ HTTP/1.1\r\nHost: 127.0.0.1', `POST /mcp/${CANARY}/x HTTP/1.1\r\nHost: localhost`];
  let sent = 0;
  for (const line of lines) {
    const answer = await new Promise((resolve) => {
      const socket = connect(Number(port), '127.0.0.1');
      let data = '';
      socket.setEncoding('utf8').on('data', (chunk) => {
        data += chunk;
        if (/\r\n\r\n/.test(data)) socket.destroy();
      });
      socket.on('close', () => resolve(data)).on('error', () => {});
      socket.write(`${line}\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}`);
      setTimeout(() => socket.destroy(), 10_000).unref();
    });
    sent++;
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
    if (!(status >= 200 && status < 500)) fail(target, `${line.split('\r\n').join(' | ')} → ${status || 'no answer'}`);
    if (answer.includes(CANARY)) fail(target, 'the key in a path was echoed');
  }
  return sent;
}

async function fuzzWorker() {
  const { Miniflare } = await import('miniflare');
  const mf = new Miniflare({ modules: true, scriptPath: WORKER, compatibilityDate: '2025-09-01', bindings: { OPENAI_BASE_URL: baseUrl, OPENAI_BACKEND: 'assistants', MCP_TOOLSETS: 'all', OPENAI_MAX_RETRIES: '0' } });
  try {
    const send = async ({ method, path, headers, body }) => {
      const response = await mf.dispatchFetch(`http://worker.test${path}`, { method, headers, body });
      return { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() };
    };
    return await fuzzHttp('worker', send, 4);
  } finally {
    await mf.dispose();
  }
}

const mb = (n) => (n === undefined ? 'n/a' : `${n.toFixed(1)} MB`);
try {
  const stdio = await fuzzStdio();
  const http = await fuzzNodeHttp();
  const worker = await fuzzWorker();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`fuzz stdio: ${stdio.inputs} inputs (${Object.entries(stdio.kinds).map(([k, v]) => `${k} ${v}`).join(', ')}), ${stdio.lines} stdout lines, ${stdio.validCalls} upstream calls; RSS before ${mb(stdio.rss.before)}, peak ${mb(stdio.rss.peak)}, when answered ${mb(stdio.rss.answered)}, ${mb(stdio.rss.settled)} ${stdio.rss.seconds.toFixed(1)} s after (bound ${mb(stdio.rss.bound)}: a bare stdin reader fed the same inputs ${mb(stdio.rss.floor)} + ${STDIO_RSS_SLACK_MB} MB)`);
  console.log(`fuzz --http: ${http.requests} requests + ${http.raw} raw malformed, statuses ${JSON.stringify(http.statuses)}, ${http.upstream} upstream calls; RSS before ${mb(http.rss.before)}, peak ${mb(http.rss.peak)}, quiet ${http.rss.seconds.toFixed(1)} s later ${mb(http.rss.settled)}`);
  console.log(`fuzz worker: ${worker.requests} requests, statuses ${JSON.stringify(worker.statuses)}, ${worker.upstream} upstream calls`);
  console.log(`fuzz: seed ${SEED}, ${stdio.inputs} stdio inputs, ${http.requests + http.raw} --http requests, ${worker.requests} Worker requests in ${seconds} s: ${failures.length ? `${failures.length} FAILURE(S)` : 'all checks passed'}`);
} catch (error) {
  fail('fuzz', error.stack ?? String(error));
} finally {
  upstream.closeAllConnections();
  upstream.close();
  rmSync(storeDir, { recursive: true, force: true });
}
for (const failure of failures) console.error(`FAIL ${failure}`);
process.exit(failures.length ? 1 : 0);
