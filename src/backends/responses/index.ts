/**
 * The `responses` backend: the Assistants-shaped operations on OpenAI's Responses +
 * Conversations API, with what OpenAI no longer keeps (assistants, the run index,
 * message metadata) in the server's own store. Mapping: design/responses-backend-mapping.md.
 */
import type { Client } from '../../openai.js';
import { createUpstream, type Upstream } from '../../upstream/learn.js';
import type { Store } from '../../store/types.js';
import type { StreamingBackend } from '../lazy.js';
import type { CallOptions, OperationName } from '../types.js';
import { createAssistant, deleteAssistant, getAssistant, listAssistants, modifyAssistant } from './assistants.js';
import { createCtx, MISSING_STORE, type Ctx } from './context.js';
import type { Drivers } from './driver.js';
import { createOrderClock } from './ids.js';
import { createMessage, deleteMessage, getMessage, listMessages, modifyMessage } from './messages.js';
import { seg } from './records.js';
import { getRunStep, listRunSteps } from './run-steps.js';
import { cancelRun, createRun, getRun, listRuns, modifyRun, submitToolOutputsToRun } from './runs.js';
import { loadRun } from './run-state.js';
import { followRun, type RunFollower } from './stream.js';
import { createThread, deleteThread, getThread, modifyThread } from './threads.js';

export interface ResponsesBackendOptions {
  client: Client;
  /** Where assistants, runs and message metadata live. Absent: operations explain how to configure one (never a silent in-memory fallback). */
  store?: Store;
  /** Per-API-key namespace (e.g. a hash of the key), prefixed to every store key so callers never see each other's records. */
  namespace: () => Promise<string>;
  /** Unix seconds; injectable for tests. */
  now?: () => number;
  /** What the upstream can do; default: the `generic` profile (OpenAI's feature set), corrected by its answers. */
  upstream?: Upstream;
  /** Default: this process's. A test passes a fresh one to act as another process on the same store. */
  scope?: ProcessScope;
}

/**
 * What one server process (or Worker isolate) keeps across requests, which `--http` and the Worker
 * each serve with a backend of their own: the runs it drives (a later request reads them) and the
 * clock that orders its records (strictly increasing across requests).
 */
export interface ProcessScope {
  order: () => string;
  drivers: Drivers;
}

export function createProcessScope(): ProcessScope {
  return { order: createOrderClock(), drivers: new Map() };
}

const PROCESS_SCOPE = createProcessScope();

type Operation = (ctx: Ctx, args: Record<string, unknown>) => Promise<unknown>;

export const RESPONSES_OPERATIONS: Record<OperationName, Operation> = {
  listAssistants,
  createAssistant,
  getAssistant,
  modifyAssistant,
  deleteAssistant,
  createThread,
  getThread,
  modifyThread,
  deleteThread,
  listMessages,
  createMessage,
  getMessage,
  modifyMessage,
  deleteMessage,
  listRuns,
  createRun,
  getRun,
  modifyRun,
  cancelRun,
  submitToolOutputsToRun,
  listRunSteps,
  getRunStep,
};

export function createResponsesBackend(options: ResponsesBackendOptions): StreamingBackend {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  // A Worker's streams end with the request that started them (it has no waitUntil for them): there a
  // driven run belongs to its request's backend, and a later request reads it as stopped.
  const { order, drivers } = options.scope ?? (typeof __WORKER__ !== 'undefined' ? { order: PROCESS_SCOPE.order, drivers: new Map() } : PROCESS_SCOPE);
  const shared = { client: options.client, now, order, upstream: options.upstream ?? createUpstream('generic'), drivers };
  const context = async (call: CallOptions) => {
    if (!options.store) throw MISSING_STORE;
    return createCtx({ ...shared, store: options.store }, seg(await options.namespace(), 'namespace'), call);
  };
  const ids = (run: Record<string, unknown>) => ({ thread_id: String(run.thread_id), run_id: String(run.id) });
  const follower: RunFollower = {
    client: options.client,
    upstream: shared.upstream,
    // A driven run has no stream to replay: its progress is read from the driver by polling.
    currentResponse: async (run, call) => {
      const record = await loadRun(await context(call), String(run.thread_id), String(run.id));
      return record.driven ? undefined : record.response_ids.at(-1);
    },
    getRun: async (run, call) => (await getRun(await context(call), ids(run))) as Record<string, unknown>,
  };
  const backend: StreamingBackend = {
    name: 'responses',
    async call(op, args, call) {
      return RESPONSES_OPERATIONS[op](await context(call), args);
    },
    async streamRun(op, args, call) {
      return followRun(follower, (await backend.call(op, args, call)) as Record<string, unknown>, call);
    },
    async followRun(args, call) {
      return followRun(follower, (await backend.call('getRun', args, { ...call, idempotent: true })) as Record<string, unknown>, call);
    },
  };
  return backend;
}
