/**
 * The stdio server keeps Node's code caches for its built-in modules: it tunes V8's flags (which
 * invalidates them for every built-in loaded afterwards) only after the first upstream call, so
 * net/streams at startup and node:http at the first call load from the cache instead of being
 * compiled from source. (Reads Node's internal cache counters: test-only, with --expose-internals.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startFakeAssistants, type FakeAssistants } from '../fake/assistants-server.js';
import { CLI_PATH, initialize, startCli } from '../helpers/cli-process.js';
import { CANARY_KEY } from '../helpers/in-process.js';

let dir: string;
let upstream: FakeAssistants;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oam-builtins-'));
  // Preloaded into the server: records which built-ins were compiled without their code cache,
  // after each answer; at exit it loads one more built-in (node:zlib, unused by the server) to show the flags were tuned by then.
  writeFileSync(
    join(dir, 'probe.cjs'),
    `const { internalBinding } = require('internal/test/binding');
const fs = require('node:fs');
const uncached = () => [...internalBinding('builtins').getCacheUsage().compiledWithoutCache];
const seen = [];
const write = process.stdout.write;
process.stdout.write = function (...args) { seen.push(uncached()); return write.apply(this, args); };
process.on('exit', () => { require('node:zlib'); fs.writeFileSync(process.env.PROBE_FILE, JSON.stringify({ seen, atExit: uncached() })); });\n`,
  );
  upstream = await startFakeAssistants({ apiKey: CANARY_KEY });
});
after(async () => {
  await upstream?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('stdio: built-ins load from their code cache through startup and the first call; the tuning still happens after it', async () => {
  const file = join(dir, 'probe.json');
  const env = { OPENAI_API_KEY: CANARY_KEY, OPENAI_BASE_URL: upstream.url, OPENAI_BACKEND: 'assistants', PROBE_FILE: file };
  const cli = startCli(env, [], [process.execPath, '--expose-internals', '-r', join(dir, 'probe.cjs'), CLI_PATH]);
  await initialize(cli);
  assert.ok((await cli.request('tools/list', {})).result.tools.length > 0);
  const listed = await cli.call('assistant-list', {});
  assert.equal(listed.isError, undefined, listed.content?.[0]?.text);
  assert.equal(await cli.end(), 0);
  const { seen, atExit } = JSON.parse(readFileSync(file, 'utf8')) as { seen: string[][]; atExit: string[] };
  assert.ok(seen.length >= 3, 'answers to initialize, tools/list and the call were written');
  assert.deepEqual(seen[2], [], 'no built-in compiled from source up to the first call\'s answer (node:http included)');
  assert.ok(atExit.includes('zlib'), `a built-in loaded after the first call is compiled from source: the flags were tuned (${atExit.join(', ')})`);
});
