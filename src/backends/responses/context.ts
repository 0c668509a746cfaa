/** What every operation of the `responses` backend works with: the store, the namespace, the clock and the API. */
import { ToolError } from '../../errors.js';
import type { Client } from '../../openai.js';
import { OpenAIError } from '../../openai/errors.js';
import { pathSegment } from '../../openai/request.js';
import { CorruptRecordError } from '../../store/record.js';
import type { Store } from '../../store/types.js';
import type { Upstream } from '../../upstream/learn.js';
import type { CallOptions } from '../types.js';
import { drive, type Drivers } from './driver.js';
import type { ResponseObject } from './translate.js';

export interface Ctx {
  store: Store;
  /** Prefix of every key of this caller. */
  ns: string;
  /** Unix seconds. */
  now(): number;
  /** Sortable key for index entries. */
  order(): string;
  /** What the upstream can do (and has been learned not to). */
  upstream: Upstream;
  /** Starts a streamed foreground response this process drives (no background mode upstream). */
  drive(body: Record<string, unknown>): Promise<ResponseObject>;
  /** Foreground responses this process is driving. */
  drivers: Drivers;
  /** The caller's cancellation, if any. */
  signal?: AbortSignal;
  /** The same context for work that outlives the tool call (no cancellation signal). */
  detached(): Ctx;
  get<T>(path: string, query?: Record<string, unknown>, headers?: Record<string, string>): Promise<T>;
  /** Not retried unless `idempotent` says so: creates must never run twice. */
  post<T>(path: string, body: unknown, options?: PostOptions): Promise<T>;
  del<T>(path: string): Promise<T>;
  /** Reports a problem the call worked around (a log notification, level warning). */
  warn(message: string): void;
}

interface PostOptions {
  idempotent?: boolean;
  query?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** A 409 is final (cancel of a response that can no longer be cancelled): never retried. */
  conflictIsFinal?: boolean;
}

/** What every context of one backend shares. */
export interface Shared {
  client: Client;
  store: Store;
  now: () => number;
  order: () => string;
  upstream: Upstream;
  drivers: Drivers;
}

export function createCtx(shared: Shared, ns: string, call: CallOptions): Ctx {
  const { client, store, now, order, upstream, drivers } = shared;
  const { signal, onRetry, onWarning } = call;
  return {
    warn: (message) => onWarning?.(message),
    store,
    ns,
    now,
    order,
    upstream,
    drivers,
    drive: (body) => drive(client, drivers, body),
    // No signal and no retry reports: the tool call that started the work may be long gone.
    detached: () => createCtx(shared, ns, { idempotent: false }),
    signal,
    get: (path, query, headers) => client.request({ method: 'GET', path, query, headers, signal, onRetry, idempotent: true }) as Promise<never>,
    post: (path, body, options = {}) =>
      client.request({ method: 'POST', path, body, ...options, signal, onRetry, idempotent: options.idempotent ?? false }) as Promise<never>,
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
