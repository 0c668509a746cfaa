/** Builds what every transport shares: the configuration and the backend it selects. */
import { createAssistantsBackend } from './backends/assistants.js';
import type { Backend } from './backends/types.js';
import type { Config } from './config.js';
import { createClient, type FetchLike } from './openai.js';
import type { Store } from './store/types.js';
import { VERSION } from './version.js';

export interface ServerCore {
  config: Config;
  /** Absent without an API key: tool calls then say how to set one. */
  backend?: Backend;
}

/** What the runtime provides: its fetch, and where the `responses` backend keeps its records. */
export interface ServerDeps {
  fetch: FetchLike;
  store?: Store;
}

export function createServerCore(config: Config, deps: ServerDeps): ServerCore {
  if (!config.apiKey) return { config };
  const headers: Record<string, string> = { 'openai-beta': 'assistants=v2', 'user-agent': `openai-assistants-mcp/${VERSION}` };
  if (config.orgId) headers['openai-organization'] = config.orgId;
  if (config.projectId) headers['openai-project'] = config.projectId;
  const client = createClient({ ...config, apiKey: config.apiKey, headers, fetch: deps.fetch });
  return { config, backend: createAssistantsBackend(client) };
}
