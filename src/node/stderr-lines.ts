/**
 * The operator log's way to stderr on Node. A write to a pipe or file is synchronous there, so
 * one write per line costs every request a system call: lines written in the same turn of the
 * event loop go out in one write at its end instead. Nothing is lost at exit: `process.exit`,
 * a signal handled by exiting, and the end of the event loop all flush what is pending.
 */

/** Lines out, in order. */
export interface LineSink {
  /** Queues one line (with its newline). */
  write(line: string): void;
  /** Writes every queued line now (before a direct stderr write that must come after them). */
  flush(): void;
}

/** Past this many queued characters the lines go out at once, whatever the turn. */
const MAX_PENDING = 64 * 1024;

/** Lines batched per event-loop turn onto `out` (default stderr); flushed on the process's `exit`. */
export function batchedLines(out: (text: string) => void = (text) => void process.stderr.write(text)): LineSink {
  let pending = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (!pending) return;
    const text = pending;
    pending = '';
    out(text);
  };
  process.on('exit', flush);
  return {
    write(line) {
      pending += line;
      if (pending.length >= MAX_PENDING) return flush();
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
