/** What both Node modes (stdio, `--http`) build the server from: its runtime services, the startup banner, the store check. */
import { BACKENDS } from '../backends/registry.js';
import type { Config } from '../config.js';
import { createLogger, type Logger } from '../log.js';
import type { ServerDeps, Tenancy } from '../server.js';
import { guardStore, STORE_TIMEOUT_MS } from '../store/guard.js';
import { storeProblem } from '../store/health.js';
import { DEFAULT_NAMESPACE } from '../store/namespace.js';
import { VERSION } from '../version.js';
import { nodeFetch } from './fetch.js';
import { createFileStore, defaultStoreDir } from './file-store.js';
import { createLocalFiles } from './local-files.js';
import { batchedLines } from './stderr-lines.js';

/** Log lines go out once per event-loop turn (see stderr-lines.ts). */
const stderrLog = batchedLines();

/** A direct stderr message, after the log lines queued before it. */
export function say(text: string): void {
  stderrLog.flush();
  process.stderr.write(text);
}

/**
 * Node's fetch, clock, stderr log, local files inside the allowed roots and, for the responses
 * backend, the file store. Web Crypto is the global `crypto` (the server's default), read only
 * when a key is first hashed: node:crypto costs startup milliseconds the first answer should not wait for.
 */
export function nodeDeps(config: Config): ServerDeps & { log: Logger } {
  const log = createLogger(config.logLevel, (line) => stderrLog.write(`openai-assistants-mcp ${line}\n`), Date.now, config.apiKey);
  const dir = storeDir(config);
  const store = BACKENDS[config.backend].usesStore
    ? guardStore(createFileStore(dir), { location: `folder ${dir}`, hint: 'Choose a writable folder with --store <dir> or MCP_STORE_DIR.', timeoutMs: STORE_TIMEOUT_MS })
    : undefined;
  return { fetch: nodeFetch, store, now: Date.now, log, localFiles: createLocalFiles(config.fileRoots) };
}

/** The banner's facts: version, backend, upstream host, store location (never the key). */
export function setup(config: Config, tenancy: Tenancy): string {
  const upstream = new URL(config.baseUrl).host;
  const namespace = tenancy === 'shared' ? `per API key${config.storeNamespace ? ` in "${config.storeNamespace}"` : ''}` : `"${config.storeNamespace ?? DEFAULT_NAMESPACE}"`;
  const store = BACKENDS[config.backend].usesStore ? `store: folder ${storeDir(config)} (namespace ${namespace})` : 'store: not used by this backend';
  const key = tenancy === 'single-user' ? ` | auth: ${config.apiKey ? 'OPENAI_API_KEY from the environment' : 'no OPENAI_API_KEY'}` : '';
  return `version ${VERSION} | backend: ${config.backend} | upstream: ${upstream} | ${store}${key}`;
}

/** Says at startup, not at the first tool call, when the store folder cannot be used. */
export function warnAboutStore(config: Config, deps: ServerDeps & { log: Logger }): void {
  void storeProblem(config, deps.store).then((problem) => problem && deps.log('warning', problem));
}

export function storeDir(config: Config): string {
  return config.storeDir ?? defaultStoreDir();
}
