/**
 * What the `responses` backend keeps in the store, and under which keys. Every key
 * starts with the caller's namespace, so two API keys never see each other's records.
 */
import { RefusalError } from '../../errors.js';

export type Metadata = Record<string, string>;

/** Assistants v2 tool definitions, as the tools receive and return them. */
export interface AssistantTool {
  type: 'function' | 'file_search' | 'code_interpreter';
  function?: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean | null };
  file_search?: { max_num_results?: number; ranking_options?: Record<string, unknown> };
}

export interface ToolResources {
  code_interpreter?: { file_ids?: string[] };
  file_search?: { vector_store_ids?: string[] };
}

export interface AssistantRecord {
  id: string;
  created_at: number;
  /** The order key of its index entry. */
  order: string;
  name: string | null;
  description: string | null;
  model: string;
  instructions: string | null;
  tools: AssistantTool[];
  tool_resources: ToolResources;
  metadata: Metadata;
  temperature: number | null;
  top_p: number | null;
  response_format: unknown;
  reasoning_effort: string | null;
}

/** A thread is a conversation; this is what the conversation cannot hold. */
export interface ThreadRecord {
  created_at?: number;
  tool_resources: ToolResources;
  /** The run that holds the thread (queued, in_progress, requires_action, cancelling). */
  active_run_id?: string;
  /** Files of code_interpreter attachments, given to the container of later runs. */
  attachment_file_ids?: string[];
  /** The vector store made for file_search attachments. */
  attachment_vector_store_id?: string;
  /** Responses of runs cancelled here whose upstream refused to stop: their output is hidden once they end. */
  detached_response_ids?: string[];
  /** Messages written by such responses: never shown as an answer. */
  hidden_message_ids?: string[];
  /** The conversation lives in this store, not upstream (the upstream has no `/conversations`). */
  local?: true;
}

/** Per-message side table: conversation items have no metadata and no created_at. */
export interface MessageSide {
  created_at?: number;
  metadata?: Metadata;
  attachments?: unknown[];
  run_id?: string;
  assistant_id?: string;
}

export const RUN_STATUSES = ['queued', 'in_progress', 'requires_action', 'cancelling', 'cancelled', 'failed', 'completed', 'incomplete', 'expired'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const TERMINAL: ReadonlySet<RunStatus> = new Set(['cancelled', 'failed', 'completed', 'incomplete', 'expired']);

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** What a run was started with, as the run object shows it. */
export interface RunConfig {
  model: string;
  instructions: string;
  tools: AssistantTool[];
  tool_choice: unknown;
  response_format: unknown;
  temperature: number | null;
  top_p: number | null;
  max_completion_tokens: number | null;
  truncation_strategy: unknown;
  parallel_tool_calls: boolean;
  reasoning_effort: string | null;
}

export interface StepRecord {
  id: string;
  type: 'message_creation' | 'tool_calls';
  status: 'in_progress' | 'cancelled' | 'failed' | 'completed' | 'expired';
  created_at: number;
  completed_at: number | null;
  cancelled_at: number | null;
  failed_at: number | null;
  expired_at: number | null;
  step_details: Record<string, unknown>;
  usage: Usage | null;
}

export interface RunRecord {
  id: string;
  thread_id: string;
  assistant_id: string;
  created_at: number;
  order: string;
  config: RunConfig;
  /** The POST /responses body without conversation and input, reused for every response of the run. */
  request: Record<string, unknown>;
  metadata: Metadata;
  status: RunStatus;
  /** The chain: one response per tool-output round trip; the last is the current one. */
  response_ids: string[];
  /** Its responses are foreground streams a server process drives (no background mode upstream). */
  driven?: boolean;
  required_action: { type: 'submit_tool_outputs'; submit_tool_outputs: { tool_calls: ToolCall[] } } | null;
  expires_at: number | null;
  started_at: number | null;
  cancelled_at: number | null;
  failed_at: number | null;
  completed_at: number | null;
  last_error: { code: string; message: string } | null;
  incomplete_details: { reason: string } | null;
  /** Summed over the chain's finished responses. */
  usage: Usage | null;
  /** Snapshot of the finished responses' outputs, so steps outlive OpenAI's 30-day retention. */
  steps: StepRecord[];
  /** Messages the run wrote (for message-list's run_id filter). */
  message_ids: string[];
}

const SEGMENT = /^[A-Za-z0-9_.:-]{1,256}$/;

/** Checks one key segment (an id from the arguments or the API). */
export function seg(value: unknown, name: string): string {
  if (typeof value !== 'string' || !SEGMENT.test(value) || value === '.' || value === '..') {
    throw new TypeError(`${name} is not a safe ID: ${JSON.stringify(value)?.slice(0, 80)}`);
  }
  return value;
}

/** Store keys. `ns` is the caller's namespace. */
export const keys = {
  assistant: (ns: string, id: string) => `${ns}/assistants/id/${seg(id, 'assistant_id')}`,
  /** The newest-first index of assistants (newest-first.ts); `order/` holds the layout of releases up to 4.0. */
  assistantIndex: (ns: string) => `${ns}/assistants/newest/`,
  legacyAssistantIndex: (ns: string) => `${ns}/assistants/order/`,
  /** Everything of one thread lives under this prefix, so deleting a thread is one list. */
  threadPrefix: (ns: string, thread: string) => `${ns}/threads/${seg(thread, 'thread_id')}/`,
  thread: (ns: string, thread: string) => `${keys.threadPrefix(ns, thread)}thread`,
  run: (ns: string, thread: string, run: string) => `${keys.threadPrefix(ns, thread)}runs/id/${seg(run, 'run_id')}`,
  runIndex: (ns: string, thread: string) => `${keys.threadPrefix(ns, thread)}runs/newest/`,
  legacyRunIndex: (ns: string, thread: string) => `${keys.threadPrefix(ns, thread)}runs/order/`,
  message: (ns: string, thread: string, message: string) => `${keys.threadPrefix(ns, thread)}messages/${seg(message, 'message_id')}`,
  /** The items of a thread whose conversation is kept here. */
  localConversation: (ns: string, thread: string) => `${keys.threadPrefix(ns, thread)}conversation`,
};

/** The last segment of a key: the id of a record. */
export function lastSegment(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

const SHUT_DOWN = "OpenAI shut the Assistants API down on 2026-08-26, so objects made with it can't be read or migrated";

/** An id this server does not have; ids shaped like the old API's get the shut-down notice. */
export function notFound(kind: 'assistant' | 'run' | 'step', id: string, where = "in this server's store"): RefusalError {
  const list = { assistant: 'assistant-list', run: 'run-list (with the thread_id)', step: 'run-step-list' }[kind];
  const old = (kind === 'assistant' && id.startsWith('asst_')) || (kind === 'run' && id.startsWith('run_'));
  const notice = old ? ` If it was made with OpenAI's Assistants API: ${SHUT_DOWN}; this server keeps its own ${kind}s.` : '';
  return new RefusalError(`No ${kind} ${id} ${where}.${notice}`, `Check the ID; find valid ids with ${list}.${kind === 'assistant' ? ' Or create one with assistant-create.' : ''}`);
}

/** `thread_…` ids belong to the shut-down API: threads here are conversations (`conv_…`). */
export function assertConversationId(threadId: string): void {
  if (threadId.startsWith('thread_')) {
    throw new RefusalError(
      `${threadId} is a thread of OpenAI's Assistants API. ${SHUT_DOWN}. Threads of this server are conversations with conv_… ids.`,
      'Create a new thread with thread-create (copy the messages you still need into it) and use the conv_… id it returns.',
    );
  }
}
