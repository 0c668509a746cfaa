import type { RetryInfo } from '../openai/request.js';
import type { FilesApi } from './files/types.js';

/** What every backend implements: the Assistants operations, by OpenAPI operationId. */

export const OPERATIONS = [
  'listAssistants', 'createAssistant', 'getAssistant', 'modifyAssistant', 'deleteAssistant',
  'createThread', 'getThread', 'modifyThread', 'deleteThread',
  'listMessages', 'createMessage', 'getMessage', 'modifyMessage', 'deleteMessage',
  'listRuns', 'createRun', 'getRun', 'modifyRun', 'cancelRun', 'submitToolOutputsToRun',
  'listRunSteps', 'getRunStep',
] as const;

export type OperationName = (typeof OPERATIONS)[number];

/** Per-call options a backend receives. */
export interface CallOptions {
  /** Aborts the upstream request (client cancellation, closed stream, shutdown). */
  signal?: AbortSignal;
  /** True when repeating the call is harmless, so transient failures may be retried. */
  idempotent: boolean;
  /** Told before each automatic retry. */
  onRetry?: (info: RetryInfo) => void;
  /** Told what the caller should know although the call succeeded (a corrupt record a list skipped). */
  onWarning?: (message: string) => void;
}

/** What a run's event stream tells a waiter, in backend-neutral terms. */
export type RunUpdate =
  /** The run as it is now (an Assistants `thread.run` object). */
  | { type: 'run'; run: Record<string, unknown> }
  /** Text the assistant has just written. */
  | { type: 'text'; delta: string };

/** Operations whose run can be watched as it happens. */
export type StreamableOperation = 'createRun' | 'submitToolOutputsToRun';

/** A backend runs operations; tools never know which backend serves them. */
export interface Backend {
  readonly name: 'assistants' | 'responses';
  call(op: OperationName, args: Record<string, unknown>, options: CallOptions): Promise<unknown>;
  /**
   * Runs `op` with its progress streamed. The stream ends when the run is terminal or
   * needs tool outputs, or when the upstream cuts it (the caller then polls getRun).
   * Throws, like `call`, when the operation itself fails.
   */
  streamRun?(op: StreamableOperation, args: Record<string, unknown>, options: CallOptions): Promise<AsyncIterable<RunUpdate>>;
  /** Follows a run already started; absent where the upstream cannot attach to one. */
  followRun?(args: { thread_id: string; run_id: string }, options: CallOptions): Promise<AsyncIterable<RunUpdate>>;
  /** Files, uploads, vector stores and container files: the same endpoints on every backend (backends/files/). */
  files?: FilesApi;
}
