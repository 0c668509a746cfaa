/**
 * The `responses` backend: the Assistants-shaped operations on OpenAI's Responses +
 * Conversations API, with what OpenAI no longer keeps (assistants, the run index,
 * message metadata) in the server's own store. Mapping: design/responses-backend-mapping.md.
 */
import type { Client } from '../../openai.js';
import type { Store } from '../../store/types.js';
import type { Backend, OperationName } from '../types.js';
import { createAssistant, deleteAssistant, getAssistant, listAssistants, modifyAssistant } from './assistants.js';
import { createCtx, MISSING_STORE, type Ctx } from './context.js';
import { createOrderClock } from './ids.js';
import { createMessage, deleteMessage, getMessage, listMessages, modifyMessage } from './messages.js';
import { seg } from './records.js';
import { getRunStep, listRunSteps } from './run-steps.js';
import { cancelRun, createRun, getRun, listRuns, modifyRun, submitToolOutputsToRun } from './runs.js';
import { createThread, deleteThread, getThread, modifyThread } from './threads.js';

export interface ResponsesBackendOptions {
  client: Client;
  /** Where assistants, runs and message metadata live. Absent: operations explain how to configure one (never a silent in-memory fallback). */
  store?: Store;
  /** Per-API-key namespace (e.g. a hash of the key), prefixed to every store key so callers never see each other's records. */
  namespace: () => Promise<string>;
  /** Unix seconds; injectable for tests. */
  now?: () => number;
}

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

export function createResponsesBackend(options: ResponsesBackendOptions): Backend {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const order = createOrderClock();
  return {
    name: 'responses',
    async call(op, args, call) {
      if (!options.store) throw MISSING_STORE;
      const ns = seg(await options.namespace(), 'namespace');
      return RESPONSES_OPERATIONS[op](createCtx(options.client, options.store, ns, now, order, call), args);
    },
  };
}
