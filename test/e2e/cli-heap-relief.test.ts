/**
 * `--http` gives its heap back once requests stop: full collections run after 5 s of quiet that
 * follows a burst, and not in a shorter lull (a collection then deoptimizes the hot code, and the
 * next burst pays for it).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawn } from 'node:child_process';
import { CLI_PATH } from '../helpers/cli-process.js';
import { postRpc } from '../helpers/http-process.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const HEADERS = { authorization: 'Bearer sk-test-relief' };

test('--http: after a burst of requests, 5 s of quiet brings full collections (V8 alone would wait for allocation pressure); a 1.5 s lull does not', async () => {
  // --trace-gc prints one line per collection on stdout, which --http does not otherwise use.
  const child = spawn(process.execPath, ['--trace-gc', CLI_PATH, '--http', '--port', '0'], { env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const match = /Streamable HTTP on (\S+)/.exec(stderr);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  try {
    // The server's own collections (gc()) are the ones --trace-gc gives the reason "testing".
    const fullCollections = () => stdout.split('\n').filter((line) => line.includes('Mark-Compact') && line.includes('testing')).length;
    const send = () => postRpc(url, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, HEADERS);
    for (let i = 0; i < 20; i++) await send();
    let before = fullCollections();
    await sleep(1500);
    assert.equal(fullCollections() - before, 0, 'a few requests are not a burst: no collection');
    for (let i = 0; i < 250; i++) await send();
    before = fullCollections();
    await sleep(1500);
    assert.equal(fullCollections() - before, 0, 'a lull between bursts keeps the hot code: no collection');
    await sleep(4500);
    assert.ok(fullCollections() - before >= 3, `full collections once quiet for 5 s after the burst (stdout: ${stdout.slice(-300)})`);
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill();
    await exited;
  }
});
