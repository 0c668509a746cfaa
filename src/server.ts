/** Builds what every transport shares: the configuration and the backend it selects. */
import { createAssistantsBackend } from './backends/assistants.js';
import { createResponsesBackend } from './backends/responses/index.js';
import type { Backend } from './backends/types.js';
import type { Config } from './config.js';
import { createClient, type FetchLike } from './openai.js';
import { keyNamespace } from './store/namespace.js';
import { createUpstream } from './upstream/learn.js';
import { guessProfile } from './upstream/profile.js';
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
  const apiKey = config.apiKey;
  if (!apiKey) return { config };
  const headers: Record<string, string> = { 'user-agent': `openai-assistants-mcp/${VERSION}` };
  if (config.backend === 'assistants') headers['openai-beta'] = 'assistants=v2';
  if (config.orgId) headers['openai-organization'] = config.orgId;
  if (config.projectId) headers['openai-project'] = config.projectId;
  const client = createClient({ ...config, apiKey, headers, fetch: deps.fetch });
  if (config.backend === 'assistants') return { config, backend: createAssistantsBackend(client) };
  // Records are kept per API key (a hash of it), so users of one shared server never see each other's.
  let namespace: Promise<string> | undefined;
  const upstream = createUpstream(config.upstreamProfile ?? guessProfile(config.baseUrl));
  return { config, backend: createResponsesBackend({ client, store: deps.store, upstream, namespace: () => (namespace ??= keyNamespace(apiKey)) }) };
}
