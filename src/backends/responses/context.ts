/** What every operation of the `responses` backend works with: the store, the namespace, the clock and the API. */
import { ToolError } from '../../errors.js';
import { OpenAIError, pathSegment, type Client } from '../../openai.js';
import { CorruptRecordError } from '../../store/record.js';
import type { Store } from '../../store/types.js';
import type { CallOptions } from '../types.js';

export interface Ctx {
  store: Store;
  /** Prefix of every key of this caller. */
  ns: string;
  /** Unix seconds. */
  now(): number;
  /** Sortable key for index entries. */
  order(): string;
  get<T>(path: string, query?: Record<string, unknown>, headers?: Record<string, string>): Promise<T>;
  /** Not retried unless `idempotent` says so: creates must never run twice. */
  post<T>(path: string, body: unknown, options?: { idempotent?: boolean; query?: Record<string, unknown>; headers?: Record<string, string> }): Promise<T>;
  /** The caller's cancellation. */
  signal?: AbortSignal;
  del<T>(path: string): Promise<T>;
  /** Reports a problem the call worked around (a log notification, level warning). */
  warn(message: string): void;
}

export function createCtx(client: Client, store: Store, ns: string, now: () => number, order: () => string, call: CallOptions): Ctx {
  const { signal, onRetry, onWarning } = call;
  return {
    warn: (message) => onWarning?.(message),
    store,
    ns,
    now,
    order,
    signal,
    get: (path, query, headers) => client.request({ method: 'GET', path, query, headers, signal, onRetry, idempotent: true }) as Promise<never>,
    post: (path, body, options = {}) =>
      client.request({ method: 'POST', path, body, query: options.query, headers: options.headers, signal, onRetry, idempotent: options.idempotent ?? false }) as Promise<never>,
    del: (path) => client.request({ method: 'DELETE', path, signal, onRetry, idempotent: true }) as Promise<never>,
  };
}

/**
 * The records behind a list page; a corrupt one is skipped with a warning instead of failing
 * the whole list, and `deleteHint` says how to get rid of it.
 */
export async function readListed<T>(ctx: Ctx, keys: string[], deleteHint: (key: string) => string): Promise<T[]> {
  const records = await Promise.all(
    keys.map((key) =>
      ctx.store.get<T>(key).catch((error: unknown) => {
        if (!(error instanceof CorruptRecordError)) throw error;
        ctx.warn(`skipped a corrupt record (${error.message}); ${deleteHint(key)}`);
        return undefined;
      }),
    ),
  );
  return records.filter((r) => r !== undefined) as T[];
}

/** A path with every interpolated value checked and encoded as one segment. */
export function path(strings: TemplateStringsArray, ...values: string[]): string {
  return strings.reduce((out, text, i) => out + text + (i < values.length ? pathSegment(values[i], 'id') : ''), '');
}

export const MISSING_STORE = new ToolError(
  "The responses backend keeps what OpenAI no longer stores (assistants, the run index, message metadata) in this server's own store, and none is configured.",
  'Ask whoever runs this server to configure one: on Cloudflare Workers, bind a KV namespace named STORE to the Worker; on Node, start the server with --store DIR (a writable directory). Then call again.',
);

/** The busy-thread error, as Assistants gave it. */
export function busy(threadId: string, runId: string | undefined): ToolError {
  const advice = 'Poll run-get until the run is completed, failed, cancelled, incomplete or expired (answer requires_action with run-submit-tool-outputs), or stop it with run-cancel; then call again.';
  if (!runId) {
    return new ToolError(`Thread ${threadId} is busy: a response this server did not start is in flight on the conversation.`, 'Wait a few seconds and call again.');
  }
  return new ToolError(`Thread ${threadId} already has an active run ${runId}; wait for it (run-get) or stop it (run-cancel)`, advice);
}

/** OpenAI allows one in-flight response per conversation and says so with 400 `conversation_locked`. */
export function isConversationLocked(error: unknown): boolean {
  return error instanceof OpenAIError && error.details.code === 'conversation_locked';
}
