// Builds the shipped files from one core — the CLI, the Worker, and the library with its
// type declarations — and (with --tests) a plain-JS copy of src/ and test/ for `node --test`.
import { spawn } from 'node:child_process';
import { build } from 'esbuild';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { WORKER_BUILD } from './scripts/worker-build.mjs';

const pkg = JSON.parse(await readFile(new URL('./package.json', import.meta.url), 'utf8'));
const define = { __VERSION__: JSON.stringify(pkg.version) };
const common = { bundle: true, minify: true, legalComments: 'none', define, logLevel: 'warning' };

await Promise.all([
  build({
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    banner: { js: '#!/usr/bin/env node' },
  }),
  build({ ...common, ...WORKER_BUILD }),
  // The library: Web APIs only, like the Worker, for any fetch-based runtime.
  build({
    ...common,
    entryPoints: ['src/index.ts'],
    outfile: 'dist/index.js',
    platform: 'neutral',
    format: 'esm',
    target: 'es2022',
  }),
  declarations(),
]);

/** dist/types/*.d.ts for the library's `exports` (tsconfig.lib.json). */
function declarations() {
  return new Promise((resolve, reject) => {
    const tsc = spawn(process.execPath, [new URL('./node_modules/typescript/bin/tsc', import.meta.url).pathname, '-p', 'tsconfig.lib.json'], { stdio: 'inherit' });
    tsc.once('error', reject);
    tsc.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`tsc -p tsconfig.lib.json failed (exit ${code})`))));
  });
}

if (process.argv.includes('--tests')) {
  await rm('.build', { recursive: true, force: true });
  const sources = async (dir) =>
    (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));
  // Tests go to .build/spec (same depth as test/), so `node --test .build/spec` runs only *.test.js
  // files: under a folder named "test", node would run every file as a test.
  const transform = async (from, to) =>
    build({ entryPoints: await sources(from), outdir: to, outbase: from, platform: 'node', format: 'esm', target: 'node18', define, logLevel: 'warning' });
  await Promise.all([transform('src', '.build/src'), transform('test', '.build/spec')]);
}
