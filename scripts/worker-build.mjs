/** The Worker bundle's esbuild options, shared by build.mjs and scripts/bench/worker-breakdown.mjs. */

// 'neutral' resolves no Node built-ins, so a `node:` import in the core fails this build.
export const WORKER_BUILD = {
  entryPoints: ['src/worker.ts'],
  outfile: 'dist/worker.js',
  platform: 'neutral',
  format: 'esm',
  target: 'es2022',
  mainFields: ['module', 'main'],
};

/** Only the Worker defines __WORKER__ (src/build-flags.d.ts): what serves local files drops out of its bundle. */
export const WORKER_DEFINE = { __WORKER__: 'true' };
