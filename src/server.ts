/** Builds what every transport shares: the configuration and the backend it selects. */
import { createAssistantsBackend } from './backends/assistants.js';
import { createFilesApi } from './backends/files/index.js';
import type { LocalFiles } from './backends/files/types.js';
import { createResponsesBackend } from './backends/responses/index.js';
import type { Backend } from './backends/types.js';
import type { Config } from './config.js';
import { createClient, type FetchLike } from './openai.js';
import { keyNamespace } from './store/namespace.js';
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
  /** Node only: path uploads and saved downloads. */
  localFiles?: LocalFiles;
}

/** What the runtime provides: its fetch, and where the `responses` backend keeps its records. */
export interface ServerDeps {
  fetch: FetchLike;
  store?: Store;
  /** Node only: reading and writing local files inside the allowed roots. */
  localFiles?: LocalFiles;
}

export function createServerCore(config: Config, deps: ServerDeps): ServerCore {
  const apiKey = config.apiKey;
  const selection = selectionFor(config);
  if (!apiKey) return { config, selection, localFiles: deps.localFiles };
  const headers: Record<string, string> = { 'user-agent': `openai-assistants-mcp/${VERSION}` };
  if (config.backend === 'assistants') headers['openai-beta'] = 'assistants=v2';
  if (config.orgId) headers['openai-organization'] = config.orgId;
  if (config.projectId) headers['openai-project'] = config.projectId;
  const client = createClient({ ...config, apiKey, headers, fetch: deps.fetch });
  const files = createFilesApi(client);
  if (config.backend === 'assistants') return { config, selection, backend: { ...createAssistantsBackend(client), files }, localFiles: deps.localFiles };
  // Records are kept per API key (a hash of it), so users of one shared server never see each other's.
  let namespace: Promise<string> | undefined;
  const backend = createResponsesBackend({ client, store: deps.store, namespace: () => (namespace ??= keyNamespace(apiKey)) });
  return { config, selection, backend: { ...backend, files }, localFiles: deps.localFiles };
}
