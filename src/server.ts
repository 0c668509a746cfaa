/** Builds what every transport shares: the configuration and the backend it selects. */
import { BACKENDS } from './backends/registry.js';
import type { Backend } from './backends/types.js';
import type { Config } from './config.js';
import { createClient, type FetchLike } from './openai.js';
import { selectionFor, type Selection } from './tools/selection.js';
import type { Store } from './store/types.js';
import { VERSION } from './version.js';

export interface ServerCore {
  config: Config;
  /** Absent without an API key: tool calls then say how to set one. */
  backend?: Backend;
  /** The tools this core publishes and runs. */
  selection: Selection;
  /** The selection came from the request (HTTP headers or URL), so list results may not be shared. */
  selectionVaries?: boolean;
}

/** What the runtime provides: its fetch, and where the `responses` backend keeps its records. */
export interface ServerDeps {
  fetch: FetchLike;
  store?: Store;
}

export function createServerCore(config: Config, deps: ServerDeps): ServerCore {
  const apiKey = config.apiKey;
  const selection = selectionFor(config);
  if (!apiKey) return { config, selection };
  const entry = BACKENDS[config.backend];
  const headers: Record<string, string> = { 'user-agent': `openai-assistants-mcp/${VERSION}`, ...entry.headers };
  if (config.orgId) headers['openai-organization'] = config.orgId;
  if (config.projectId) headers['openai-project'] = config.projectId;
  const client = createClient({ ...config, apiKey, headers, fetch: deps.fetch });
  return { config, selection, backend: entry.create({ config, apiKey, client, store: deps.store }) };
}
