// Builds the two shipped files from one core, and (with --tests) a plain-JS copy
// of src/ and test/ for `node --test`.
import { build } from 'esbuild';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

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
  // 'neutral' resolves no Node built-ins, so a `node:` import in the core fails this build.
  build({
    ...common,
    entryPoints: ['src/worker.ts'],
    outfile: 'dist/worker.js',
    platform: 'neutral',
    format: 'esm',
    target: 'es2022',
    mainFields: ['module', 'main'],
  }),
]);

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
