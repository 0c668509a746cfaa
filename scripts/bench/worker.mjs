/** dist/worker.js in Miniflare (workerd) on a loopback port, with a KV namespace bound as STORE. */
import { join } from 'node:path';
import { ROOT } from './settings.mjs';

export const WORKER = join(ROOT, 'dist', 'worker.js');

/** Resolves to { mf, url (…/mcp), kv (the STORE binding as seen from Node), stop }. */
export async function startWorker(bindings) {
  const { Miniflare } = await import('miniflare');
  const mf = new Miniflare({ modules: true, scriptPath: WORKER, compatibilityDate: '2025-09-01', host: '127.0.0.1', port: 0, kvNamespaces: ['STORE'], bindings });
  const url = new URL('/mcp', await mf.ready);
  return { mf, url, kv: () => mf.getKVNamespace('STORE'), stop: () => mf.dispose() };
}
