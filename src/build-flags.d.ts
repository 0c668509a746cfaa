/**
 * Defined (as true) only in the Worker build (WORKER_DEFINE, scripts/worker-build.mjs); undefined in every
 * other build and in tests. Code behind `typeof __WORKER__ === 'undefined'` serves local files (path uploads,
 * save_to, the client's roots, the Uploads API's parts), which a Worker never has, so it drops out of the Worker bundle.
 */
declare const __WORKER__: true | undefined;
