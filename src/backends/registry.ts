/** The backends by name: what each sends on every request and how it is built. Adding one is adding an entry. */
import type { Config } from '../config.js';
import type { Client } from '../openai.js';
import type { Store } from '../store/types.js';
import type { Upstream } from '../upstream/learn.js';
import { createAssistantsBackend } from './assistants.js';
import { createResponses } from './responses-factory.js';
import type { ProcessScope } from './responses/index.js';
import type { Backend } from './types.js';

/** What building a backend may use. */
export interface BackendDeps {
  config: Config;
  client: Client;
  store?: Store;
  /** The store namespace of this caller (see createServerCore: per key when several keys share the server). */
  namespace: () => Promise<string>;
  /** Unix seconds. */
  now: () => number;
  /** What the upstream can do (the profile, corrected by its answers). */
  upstream: Upstream;
  /** Default: this process's (see ProcessScope). */
  scope?: ProcessScope;
}

/** One backend. */
export interface BackendEntry {
  /** Headers its upstream wants on every request. */
  headers: Readonly<Record<string, string>>;
  /** Keeps records in the server's store (the runtime then provides one). */
  usesStore: boolean;
  /** Checks the model (one cached GET /models/{model}) before objects that name one are stored. */
  checksModel: boolean;
  /** Adapts to the upstream profile, which then also says whether files, vector stores and containers exist. */
  profiled: boolean;
  create(deps: BackendDeps): Backend;
}

export const BACKENDS: Readonly<Record<Config['backend'], BackendEntry>> = {
  assistants: {
    headers: { 'openai-beta': 'assistants=v2' },
    usesStore: false,
    checksModel: false,
    profiled: false,
    create: ({ client }) => createAssistantsBackend(client),
  },
  responses: {
    headers: {},
    usesStore: true,
    checksModel: true,
    profiled: true,
    // In the CLI, a chunk loaded at the first call (responses-factory-lazy.ts).
    create: ({ client, store, upstream, namespace, now, scope }) => createResponses({ client, store, upstream, namespace, now, scope }),
  },
};
