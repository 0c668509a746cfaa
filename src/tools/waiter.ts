/**
 * Waiting for a run: follows the upstream's event stream when the backend offers
 * one, polls `getRun` with backoff otherwise (or after a cut stream), and stops at
 * a deadline, leaving the run going. Progress is reported as it happens.
 */
import type { Backend, CallOptions, RunUpdate, StreamableOperation } from '../backends/types.js';
import { abortableSleep } from '../abortable-sleep.js';
import { OpenAIError } from '../openai/errors.js';
import { timeoutGuard } from '../timeout-guard.js';

/** Statuses after which waiting is over: the run ended or needs tool outputs. */
const SETTLED: ReadonlySet<unknown> = new Set(['requires_action', 'cancelled', 'failed', 'completed', 'incomplete', 'expired']);
const FIRST_POLL_MS = 250;
const MAX_POLL_MS = 2000;

type Run = Record<string, unknown>;

export interface WaitContext {
  backend: Backend;
  /** The client's cancellation. */
  signal: AbortSignal;
  /** Milliseconds to wait before returning a still-running run. */
  timeoutMs: number;
  /** Reports the run's state and the text so far. */
  progress: (message: string) => void;
  onRetry?: CallOptions['onRetry'];
}

export interface WaitOutcome {
  run: Run;
  /** The deadline passed before the run settled; it keeps going upstream. */
  timedOut: boolean;
  /** When the wait's deadline passes (ms since the epoch): reading the answer afterwards honours it too. */
  deadlineAt: number;
}

/** Starts a run (create or submit tool outputs) and waits for it. */
export async function startAndWait(op: StreamableOperation, args: Record<string, unknown>, ctx: WaitContext): Promise<WaitOutcome> {
  const watch = watcher(ctx);
  try {
    if (ctx.backend.streamRun) {
      let updates: AsyncIterable<RunUpdate> | undefined;
      try {
        updates = await ctx.backend.streamRun(op, args, watch.options(false));
      } catch (error) {
        // Only an explicit refusal of streaming is safe to retry without it; anything else may have started the run.
        if (!isStreamingRefused(error)) throw error;
      }
      if (updates) {
        await watch.follow(updates);
        // Cut before any run event: submitting outputs names its run, so polling takes over; a new run's id is unknown.
        if (!watch.run && typeof args.run_id === 'string') {
          watch.update((await ctx.backend.call('getRun', { thread_id: args.thread_id, run_id: args.run_id }, watch.options(true))) as Run);
        }
        if (!watch.run) throw new OpenAIError('The event stream ended before the run was created; check run-list for it.', 'network');
        return await watch.pollUntilSettled(String(args.thread_id ?? watch.run.thread_id));
      }
    }
    watch.update((await ctx.backend.call(op, args, watch.options(false))) as Run);
    return await watch.pollUntilSettled(String(args.thread_id));
  } finally {
    watch.dispose();
  }
}

/** Waits for a run already started. */
export async function waitForRun(threadId: string, runId: string, ctx: WaitContext): Promise<WaitOutcome> {
  const watch = watcher(ctx);
  try {
    if (ctx.backend.followRun) {
      try {
        await watch.follow(await ctx.backend.followRun({ thread_id: threadId, run_id: runId }, watch.options(true)));
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        // Polling below recovers from a stream that could not be opened.
      }
    }
    if (!watch.run) watch.update((await ctx.backend.call('getRun', { thread_id: threadId, run_id: runId }, watch.options(true))) as Run);
    return await watch.pollUntilSettled(threadId);
  } finally {
    watch.dispose();
  }
}

function watcher(ctx: WaitContext) {
  // Aborted by the client, or by the deadline (which leaves the run going upstream).
  const controller = new AbortController();
  const deadlineAt = Date.now() + ctx.timeoutMs;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, ctx.timeoutMs);
  const onCancel = () => controller.abort();
  ctx.signal.addEventListener('abort', onCancel, { once: true });
  let text = '';
  let lastStatus: unknown;

  const watch = {
    run: undefined as Run | undefined,
    options: (idempotent: boolean): CallOptions => ({ signal: controller.signal, idempotent, onRetry: ctx.onRetry }),
    update(run: Run) {
      watch.run = run;
      if (run.status !== lastStatus) {
        lastStatus = run.status;
        ctx.progress(describe(run, text));
      }
    },
    /** Reads updates until the run settles or the stream ends; a broken stream is left to polling. */
    async follow(updates: AsyncIterable<RunUpdate>) {
      try {
        for await (const update of updates) {
          if (update.type === 'text') {
            text += update.delta;
            ctx.progress(describe(watch.run, text));
          } else {
            watch.update(update.run);
            if (SETTLED.has(update.run.status)) return;
          }
        }
      } catch (error) {
        if (ctx.signal.aborted) throw error;
      }
    },
    async pollUntilSettled(threadId: string): Promise<WaitOutcome> {
      let delay = FIRST_POLL_MS;
      while (!SETTLED.has(watch.run!.status) && !timedOut) {
        await abortableSleep(delay, controller.signal);
        if (ctx.signal.aborted) throw new OpenAIError('The wait was cancelled; the run keeps going.', 'aborted');
        if (timedOut) break;
        delay = Math.min(delay * 1.5, MAX_POLL_MS);
        try {
          watch.update((await ctx.backend.call('getRun', { thread_id: threadId, run_id: watch.run!.id }, watch.options(true))) as Run);
        } catch (error) {
          if (!timedOut || ctx.signal.aborted) throw error;
        }
      }
      if (ctx.signal.aborted) throw new OpenAIError('The wait was cancelled; the run keeps going.', 'aborted');
      return { run: watch.run!, timedOut: !SETTLED.has(watch.run!.status), deadlineAt };
    },
    dispose() {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onCancel);
    },
  };
  return watch;
}

/**
 * Runs `fn` with a signal that aborts at `deadlineAt` or on the client's cancellation;
 * undefined when the deadline cut it short (or had already passed).
 */
export async function beforeDeadline<T>(deadlineAt: number, signal: AbortSignal, fn: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
  const left = deadlineAt - Date.now();
  if (left <= 0) return undefined;
  const guard = timeoutGuard(signal, left);
  try {
    return await fn(guard.signal);
  } catch (error) {
    if (guard.timedOut() && !signal.aborted) return undefined;
    throw error;
  } finally {
    guard.stopTimer();
    guard.release();
  }
}

/** A progress message: the run's state and the text so far (its tail, when long). */
function describe(run: Run | undefined, text: string): string {
  const status = `run ${run?.status ?? 'starting'}`;
  if (!text) return status;
  return `${status}: ${text.length > 1000 ? `…${text.slice(-1000)}` : text}`;
}

/** The upstream refused `stream: true` itself (400 naming the stream parameter): nothing was created. */
function isStreamingRefused(error: unknown): boolean {
  return error instanceof OpenAIError && error.details.status === 400 && (error.details.param === 'stream' || /stream/i.test(error.message));
}

