/** End to end: the built dist/cli.cjs over real pipes, against the local fake Assistants API. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SEED_TOOLS, TOOLS } from '../../src/tools/index.js';
import { startFakeAssistants, type FakeAssistants } from '../fake/assistants-server.js';
import { initialize, startCli, type CliProcess } from '../helpers/cli-process.js';
import { CANARY_KEY } from '../helpers/in-process.js';
import { runWorkflow } from '../helpers/workflow.js';

let fake: FakeAssistants;
const started: CliProcess[] = [];
const env = () => ({ OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: fake.url, MCP_TOOLSETS: 'all' });
function cli(extraEnv: Record<string, string | undefined> = {}, args: string[] = []) {
  const process = startCli({ ...env(), ...extraEnv }, args);
  started.push(process);
  return process;
}

before(async () => {
  fake = await startFakeAssistants({ apiKey: CANARY_KEY });
});
after(async () => {
  for (const p of started) p.child.kill();
  await fake.close();
});

/** Nothing but JSON-RPC on stdout, and the key nowhere. */
function assertCleanOutput(p: CliProcess) {
  for (const line of p.lines) assert.equal(JSON.parse(line).jsonrpc, '2.0', `stdout line is not JSON-RPC: ${line.slice(0, 200)}`);
  assert.ok(!p.stdout().includes(CANARY_KEY), 'key on stdout');
  assert.ok(!p.stderr().includes(CANARY_KEY), 'key on stderr');
}

test('all 22 tools through a realistic workflow', async () => {
  const p = cli();
  const init = await initialize(p);
  assert.equal(init.result.protocolVersion, '2025-11-25');
  const used = await runWorkflow((name, args) => p.call(name, args));
  assert.deepEqual([...used].sort(), SEED_TOOLS.map((t) => t.name).sort());
  const seen = fake.requests.find((r) => r.path === '/assistants' && r.method === 'POST');
  assert.equal(seen?.headers['openai-beta'], 'assistants=v2');
  assert.match(seen?.headers['user-agent'] ?? '', /^openai-assistants-mcp\//);
  assert.equal(await p.end(), 0);
  assertCleanOutput(p);
});

test('hostile IDs reach no upstream endpoint', async () => {
  const p = cli();
  await initialize(p);
  const before = fake.requests.length;
  for (const [tool, args] of [
    ['thread-get', { thread_id: '../assistants' }],
    ['assistant-delete', { assistant_id: '..' }],
    ['message-get', { thread_id: 'thread_1', message_id: '../../files' }],
    ['run-step-get', { thread_id: 't', run_id: 'r', step_id: 'x%2F..' }],
    ['run-cancel', { thread_id: 't/runs', run_id: 'r' }],
  ] as const) {
    const result = await p.call(tool, args);
    assert.equal(result.isError, true, tool);
    assert.match(result.content[0].text, /must match the pattern/);
  }
  assert.equal(fake.requests.length, before);
  await p.end();
  assertCleanOutput(p);
});

test('a 429 with retry-after is retried; a 500 on a create is not', async () => {
  const p = cli();
  await initialize(p);
  fake.fail({ method: 'GET', path: '/assistants', status: 429, headers: { 'retry-after-ms': '20' } });
  let before = fake.requests.length;
  const listed = await p.call('assistant-list', {});
  assert.equal(listed.isError, undefined);
  assert.equal(fake.requests.length - before, 2);

  fake.fail({ method: 'POST', path: '/threads', status: 500, times: 1 });
  before = fake.requests.length;
  const created = await p.call('thread-create', {});
  assert.equal(created.isError, true);
  assert.match(created.content[0].text, /answered 500[\s\S]*before calling thread-create again[\s\S]*Request ID: req_/);
  assert.equal(fake.requests.length - before, 1);
  await p.end();
  assertCleanOutput(p);
});

test('a reset connection on a read is retried transparently', async () => {
  const p = cli({ OPENAI_MAX_RETRIES: '1' });
  await initialize(p);
  fake.fail({ method: 'GET', path: '/assistants', reset: true });
  const result = await p.call('assistant-list', {});
  assert.equal(result.isError, undefined, result.content[0].text);
  await p.end();
});

test('a rejected key is reported without ever printing it', async () => {
  const p = cli({ OPENAI_API_KEY: `${CANARY_KEY}-wrong`, OPENAI_MAX_RETRIES: '0' });
  await initialize(p);
  const result = await p.call('assistant-list', {});
  assert.equal(result.isError, true);
  assert.match(result.content[0].text, /answered 401[\s\S]*Set a valid OPENAI_API_KEY/);
  await p.end();
  assertCleanOutput(p);
  assert.ok(!p.stdout().includes('-wrong'));
});

test('framing over a real pipe: split writes, CRLF, several per write, garbage in between', async () => {
  const p = cli();
  const answered = new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (p.lines.length >= 4) {
        clearInterval(check);
        resolve();
      }
    }, 5);
  });
  p.writeRaw('{"jsonrpc":"2.0","id":1,');
  await new Promise((r) => setTimeout(r, 20));
  p.writeRaw('"method":"ping"}\r\n\r\n{"jsonrpc":"2.0","id":2,"method":"ping"}\n');
  p.writeRaw('this is not json\n{"jsonrpc":"2.0","id":3,"method":"tools/list"}\n');
  await answered;
  const messages = p.lines.map((l) => JSON.parse(l));
  assert.deepEqual(messages.find((m) => m.id === 1).result, {});
  assert.deepEqual(messages.find((m) => m.id === 2).result, {});
  assert.equal(messages.find((m) => m.id === null).error.code, -32700);
  assert.equal(messages.find((m) => m.id === 3).result.tools.length, TOOLS.length);
  assert.equal(await p.end(), 0);
});

test('answers what was asked before stdin closed, then exits 0', async () => {
  const p = cli();
  p.send({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'assistant-list', arguments: {} } });
  assert.equal(await p.end(), 0);
  assert.ok(Array.isArray(JSON.parse(p.lines[0]).result.structuredContent.data));
});

test('without an API key it still initializes and lists tools; calls say how to fix it', async () => {
  const p = cli({ OPENAI_API_KEY: undefined });
  await initialize(p);
  assert.equal((await p.request('tools/list')).result.tools.length, TOOLS.length);
  const result = await p.call('assistant-list', {});
  assert.match(result.content[0].text, /OPENAI_API_KEY is not set/);
  assert.match(p.stderr(), /OPENAI_API_KEY is not set/);
  await p.end();
  assertCleanOutput(p);
});

test('--help, --version and bad options', async () => {
  const help = cli({}, ['--help']);
  assert.equal(await help.end(), 0);
  for (const name of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', '--timeout-ms', '--auth-header', '--query-params', '--log-level', 'MCP_STORE_NAMESPACE']) assert.ok(help.stdout().includes(name), name);
  assert.match(help.stdout(), new RegExp(`: ${TOOLS.length} tools for`), 'the count comes from the tool table');
  const npx = /"npx", "args": \["-y", "([^"]+)"\]/.exec(help.stdout());
  assert.ok(npx, 'the example config runs npx');
  assert.match(npx[1], /^openai-assistants-mcp@\d+\.\d+\.\d+$/, 'npx gets a pinned version');
  const version = cli({}, ['--version']);
  assert.equal(await version.end(), 0);
  assert.match(version.stdout(), /^\d+\.\d+\.\d+\n$/);
  const bad = cli({}, ['--timeout-ms', 'soon']);
  assert.equal(await bad.end(), 2);
  assert.match(bad.stderr(), /--timeout-ms must be an integer/);
  assert.equal(bad.stdout(), '');
  const unknown = cli({}, ['--frobnicate']);
  assert.equal(await unknown.end(), 2);
  assert.match(unknown.stderr(), /Unknown option --frobnicate/);
});

test('Azure-style config: api-key header and api-version query reach the upstream', async () => {
  const azure = await startFakeAssistants({ apiKey: CANARY_KEY, auth: 'api-key', requiredQuery: { 'api-version': '2025-05-01' } });
  try {
    const p = cli({ OPENAI_BASE_URL: azure.url, OPENAI_AUTH_HEADER: 'api-key', OPENAI_QUERY_PARAMS: 'api-version=2025-05-01' });
    await initialize(p);
    const result = await p.call('assistant-create', { model: 'gpt-4o' });
    assert.equal(result.isError, undefined, result.content[0].text);
    assert.equal(azure.requests[0].headers['api-key'], CANARY_KEY);
    assert.equal(azure.requests[0].headers.authorization, undefined);
    await p.end();
    assertCleanOutput(p);
  } finally {
    await azure.close();
  }
});

test('a slow upstream times out with a clear error; the server keeps serving', async () => {
  const p = cli({ OPENAI_TIMEOUT_MS: '150', OPENAI_MAX_RETRIES: '0' });
  await initialize(p);
  // A path no other test uses: on a loaded machine the timeout can fire before the request reaches
  // the fake, and an unused delay rule on a shared path would hold the next test's call.
  fake.fail({ method: 'GET', path: '/assistants/asst_timeout', delayMs: 3000 });
  const result = await p.call('assistant-get', { assistant_id: 'asst_timeout' });
  assert.equal(result.isError, true);
  assert.match(result.content[0].text, /No answer from the API within 150 ms/);
  assert.deepEqual((await p.request('ping')).result, {});
  await p.end();
});

test('notifications/cancelled stops a call in flight: no response for it, the server keeps serving', async () => {
  const p = cli();
  await initialize(p);
  // A path no other test uses: should the cancel win the race with the request, the unused delay rule harms no one.
  fake.fail({ method: 'GET', path: '/assistants/asst_slow', delayMs: 5000 });
  const before = fake.requests.length;
  p.send({ jsonrpc: '2.0', id: 'slow', method: 'tools/call', params: { name: 'assistant-get', arguments: { assistant_id: 'asst_slow' } } });
  while (!fake.requests.slice(before).some((r) => r.path === '/assistants/asst_slow')) await new Promise((r) => setTimeout(r, 10));
  p.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'slow', reason: 'user stopped' } });
  const started = Date.now();
  assert.deepEqual((await p.request('ping')).result, {});
  assert.equal(await p.end(), 0, 'exits promptly: nothing left in flight');
  assert.ok(Date.now() - started < 3000, 'the cancelled call did not hold the process');
  assert.equal(p.lines.some((l) => JSON.parse(l).id === 'slow'), false);
});

test('an oversized line is rejected and the next one is served', async () => {
  const p = cli();
  p.writeRaw(`{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":"${'a'.repeat(11 * 1024 * 1024)}"}}\n`);
  assert.deepEqual((await p.request('ping')).result, {});
  const rejected = p.lines.map((l) => JSON.parse(l)).find((m) => m.id === null);
  assert.equal(rejected.error.code, -32600);
  assert.match(rejected.error.message, /longer than/);
  await p.end();
});

test('an upstream that answers HTML is reported, not crashed on', async () => {
  const p = cli({ OPENAI_MAX_RETRIES: '0' });
  await initialize(p);
  fake.fail({ method: 'GET', path: '/assistants', status: 502, body: '<html>Bad gateway</html>' });
  const result = await p.call('assistant-list', {});
  assert.equal(result.isError, true);
  assert.match(result.content[0].text, /answered 502/);
  await p.end();
  assertCleanOutput(p);
});

test('one call from question to answer over stdio, progress notifications first', async () => {
  const p = cli();
  await initialize(p);
  const assistant = await p.call('assistant-create', { model: 'gpt-4o', name: 'Waiter' });
  const reply = await p.request('tools/call', {
    name: 'thread-create-and-run',
    arguments: { assistant_id: assistant.structuredContent.id, message: 'Hello from stdio' },
    _meta: { progressToken: 'stdio-1' },
  });
  assert.equal(reply.result.structuredContent?.status, 'completed', reply.result.content?.[0]?.text);
  assert.match(reply.result.structuredContent.answer, /Hello from stdio/);
  const messages = p.lines.map((line) => JSON.parse(line));
  const resultIndex = messages.findIndex((m) => m.id === reply.id);
  const progress = messages.filter((m, i) => m.method === 'notifications/progress' && i < resultIndex).map((m) => m.params);
  assert.ok(progress.length >= 2);
  assert.ok(progress.every((p, i) => p.progressToken === 'stdio-1' && (i === 0 || p.progress > progress[i - 1].progress)));
  await p.end();
  assertCleanOutput(p);
});

test('stdio log levels: info shows the banner only; debug adds one line per request (names, no arguments); off is silent', async () => {
  const run = async (level: string | undefined) => {
    const p = cli(level ? { MCP_LOG_LEVEL: level } : {});
    await initialize(p);
    await p.call('assistant-get', { assistant_id: 'asst_argument_value_9z' });
    await p.end();
    assertCleanOutput(p);
    return p.stderr();
  };
  const info = await run(undefined);
  assert.match(info, /info serving MCP on stdin\/stdout \| version [\d.]+ \| backend: assistants \| upstream: 127\.0\.0\.1:\d+ \| store: not used by this backend \| auth: OPENAI_API_KEY from the environment/);
  assert.doesNotMatch(info, /debug/);
  const debug = await run('debug');
  assert.match(debug, /debug rpc initialize ok \d+ms/);
  assert.match(debug, /debug rpc tools\/call assistant-get (ok|tool-error) \d+ms/);
  assert.ok(!debug.includes('asst_argument_value_9z'), 'no argument value in the log');
  assert.equal(await run('off'), '');
});
