import type { RetryInfo } from '../openai.js';

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
}

/** A backend runs operations; tools never know which backend serves them. */
export interface Backend {
  readonly name: 'assistants' | 'responses';
  call(op: OperationName, args: Record<string, unknown>, options: CallOptions): Promise<unknown>;
}
