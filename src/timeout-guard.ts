/** A signal that aborts after a time or when another signal does: the one place both are wired and undone. */

export interface TimeoutGuard {
  /** Aborted by the timer or by the followed signal. */
  signal: AbortSignal;
  /** Whether the timer, not the followed signal, aborted it. */
  timedOut(): boolean;
  stopTimer(): void;
  /** Stops following the signal. */
  release(): void;
}

/** A controller aborted after `timeoutMs`, or when `signal` aborts; undo with stopTimer() and release(). */
export function timeoutGuard(signal: AbortSignal | undefined, timeoutMs: number): TimeoutGuard {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) controller.abort();
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    stopTimer: () => clearTimeout(timer),
    release: () => signal?.removeEventListener('abort', onAbort),
  };
}
