/**
 * The official MCP conformance suite against --http, the Worker (Miniflare) and stdio
 * (through a bridge), in both eras: `npm run test:conformance` (and CI) runs it as a node:test
 * file. Not a *.test file, so `npm test` stays fast and downloads nothing.
 * Fixture-only scenarios are listed in scripts/conformance/expected-failures-*.yml.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('the MCP conformance suite passes on every target and era', { timeout: 15 * 60_000 }, async () => {
  // dist/ is already built by `npm run test:conformance`.
  const child = spawn(process.execPath, ['scripts/conformance.mjs', '--no-build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  // The summary table is the useful part of the log.
  console.log(output.split('\n').slice(-40).join('\n'));
  assert.equal(code, 0, output.slice(-4000));
});
