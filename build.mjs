// Builds the shipped files from one core — the CLI, the Worker, and the library with its
// type declarations — and (with --tests) a plain-JS copy of src/ and test/ for `node --test`.
import { spawn } from 'node:child_process';
import { build, transform } from 'esbuild';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { WORKER_BUILD, WORKER_DEFINE } from './scripts/worker-build.mjs';

const pkg = JSON.parse(await readFile(new URL('./package.json', import.meta.url), 'utf8'));
const define = { __VERSION__: JSON.stringify(pkg.version) };
const common = { bundle: true, minify: true, legalComments: 'none', define, logLevel: 'warning' };

await Promise.all([
  cli(),
  build({ ...common, ...WORKER_BUILD, define: { ...define, ...WORKER_DEFINE } }),
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

/**
 * dist/cli.cjs, the binary, plus dist/chunks/*.cjs: what only some runs need (`--http` and OAuth,
 * the responses backend) sits in chunks loaded on first use, so stdio startup reads and compiles
 * only what it runs. esbuild splits only ESM, so the split ESM is then turned into CommonJS file by
 * file (CommonJS loads synchronously, with no ESM loader to start).
 */
async function cli() {
  const { outputFiles } = await build({
    ...common,
    entryPoints: { cli: 'src/cli.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    plugins: [lazyResponses()],
  });
  await rm('dist/chunks', { recursive: true, force: true });
  await Promise.all(
    outputFiles.map(async ({ path, text }) => {
      const entry = relative('dist', path) === 'cli.cjs';
      const { code } = await transform(text, {
        format: 'cjs',
        platform: 'node',
        target: 'node20',
        minify: true,
        legalComments: 'none',
        // import() of a chunk becomes require(): no ESM loader is ever started.
        supported: { 'dynamic-import': false },
        banner: entry ? '#!/usr/bin/env node' : undefined,
      });
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, code, entry ? { mode: 0o755 } : undefined);
    }),
  );
}

/** The CLI's responses backend is a chunk loaded at its first call; the Worker and the library keep it inline (no lazy-module wrappers in their size). */
function lazyResponses() {
  return {
    name: 'lazy-responses-backend',
    setup(build) {
      build.onResolve({ filter: /\/responses-factory\.js$/ }, (args) => ({ path: join(args.resolveDir, 'responses-factory-lazy.ts') }));
    },
  };
}

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
    build({ entryPoints: await sources(from), outdir: to, outbase: from, platform: 'node', format: 'esm', target: 'node20', define, logLevel: 'warning' });
  await Promise.all([transform('src', '.build/src'), transform('test', '.build/spec')]);
}
