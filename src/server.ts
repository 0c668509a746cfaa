/** Builds what every transport shares: the configuration and the backend it selects. */
import { createFilesApi } from './backends/files/index.js';
import type { LocalFiles } from './backends/files/types.js';
import { BACKENDS } from './backends/registry.js';
import type { ProcessScope } from './backends/responses/index.js';
import type { Backend } from './backends/types.js';
import type { Config } from './config.js';
import { silentLogger, type Logger } from './log.js';
import { hasModelEndpoint, withModelCheck } from './model-check.js';
import { createClient } from './openai.js';
import type { FetchLike } from './openai/fetch-types.js';
import { DEFAULT_NAMESPACE, keyNamespace, migrateNamespace, type DigestLike } from './store/namespace.js';
import { selectionFor, type Selection } from './tools/selection.js';
import type { Store } from './store/types.js';
import { upstreamFor } from './upstream/learn.js';
import { guessProfile } from './upstream/profile.js';
import { VERSION } from './version.js';

export interface ServerCore {
  config: Config;
  /** Absent without an API key: tool calls then say how to set one. */
  backend?: Backend;
  /** The operator log (stderr, console); not the client's `notifications/message` (the context's `log`). */
  operatorLog?: Logger;
  /** The clock, ms since the epoch; default `Date.now`. */
  now?: () => number;
  /** The tools this core publishes and runs. */
  selection: Selection;
  /** The selection came from the request (HTTP headers or URL), so list results may not be shared. */
  selectionVaries?: boolean;
  /** Node only: path uploads and saved downloads. */
  localFiles?: LocalFiles;
}

/** What the runtime provides: its fetch, Web Crypto, a clock, a log, and where the `responses` backend keeps its records. */
export interface ServerDeps {
  fetch: FetchLike;
  store?: Store;
  /** Node only: reading and writing local files inside the allowed roots. */
  localFiles?: LocalFiles;
  /** Web Crypto (hashes API keys into store namespaces); default: the global `crypto`, which Node 20+, Workers, Deno and Bun have. */
  crypto?: { subtle: DigestLike };
  /** The clock, ms since the epoch; default `Date.now`. */
  now?: () => number;
  /** The operator log; default silent. */
  log?: Logger;
  /** What the process keeps across requests; default: this process's. Tests pass a fresh one to act as another process. */
  scope?: ProcessScope;
}

/**
 * Who shares this server: `shared` (HTTP, Worker) keeps each API key's records in its own
 * namespace; `single-user` (stdio) keeps one namespace, so a rotated key still sees its records.
 */
export type Tenancy = 'shared' | 'single-user';

export function createServerCore(config: Config, deps: ServerDeps, tenancy: Tenancy = 'shared'): ServerCore {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? silentLogger;
  const apiKey = config.apiKey;
  const selection = selectionFor(config);
  if (!apiKey) return { config, operatorLog: log, now, selection, localFiles: deps.localFiles };
  const entry = BACKENDS[config.backend];
  const headers: Record<string, string> = { 'user-agent': `openai-assistants-mcp/${VERSION}`, ...entry.headers };
  if (config.orgId) headers['openai-organization'] = config.orgId;
  if (config.projectId) headers['openai-project'] = config.projectId;
  const client = createClient({ ...config, apiKey, headers, fetch: deps.fetch });
  // Read at the first hash, not here: on Node the global `crypto` loads node:crypto, which startup need not wait for.
  const keyHash = once(() => keyNamespace(apiKey, (deps.crypto ?? globalThis.crypto).subtle));
  const namespace = once(async () => {
    if (tenancy === 'shared') return config.storeNamespace ? `${config.storeNamespace}.${await keyHash()}` : keyHash();
    const fixed = config.storeNamespace ?? DEFAULT_NAMESPACE;
    // Earlier releases kept stdio records per key too: bring this key's records along.
    if (deps.store) {
      const moved = await migrateNamespace(deps.store, await keyHash(), fixed);
      if (moved) log('info', `store: moved ${moved} records of this API key into namespace "${fixed}"`);
    }
    return fixed;
  });
  const upstream = upstreamFor(config.upstreamProfile ?? guessProfile(config.baseUrl), config.baseUrl, apiKey);
  const backend = entry.create({ config, client, store: deps.store, namespace, now: () => Math.floor(now() / 1000), upstream, scope: deps.scope });
  const checked = entry.checksModel && hasModelEndpoint(config) ? withModelCheck(backend, client, keyHash, now) : backend;
  // Files, uploads and vector stores are the same endpoints on every backend (backends/files/).
  return { config, operatorLog: log, now, selection, backend: { ...checked, files: createFilesApi(client, { upstream: entry.profiled ? upstream : undefined }) }, localFiles: deps.localFiles };
}

/** Runs `make` once and shares the promise; a failure is forgotten, so the next call tries again. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= make().catch((error) => {
      pending = undefined;
      throw error;
    }));
}
