/**
 * Gives memory back after bursts. V8 collects a big heap only under allocation pressure, so
 * after a burst of huge messages (stdio) or of requests (`--http`) an idle server would keep its
 * peak RSS for good; once activity goes quiet after enough of it, full collections return it.
 *
 * A full collection does not return the young generation, though: a burst grows it to 16 MB a
 * semi-space, and V8 shrinks it back only when its memory reducer runs, 10–20 s later. On stdio
 * it is kept small instead (measured: RSS 86 -> 81 MB one second after the last huge line, the
 * same as a process that only reads stdin). `--http` keeps V8's default (throughput under many
 * connections), so after a load its young generation stays grown until the memory reducer runs.
 *
 * What a collection cannot return either: memory glibc keeps after `free` (measured after the
 * fuzz mix: ~21 MB free in the main arena, ~9 MB in helper-thread arenas; `malloc_trim` would
 * give it back, but Node does not expose it).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Bytes of stdin after which a quiet moment triggers a collection. */
const STDIO_RELIEF_AFTER_BYTES = 1024 * 1024;
/** How long activity must stay quiet first (no collection during a burst). */
const QUIET_MS = 500;

export interface HeapRelief {
  /** Counts activity just seen (bytes read, requests served). */
  note(amount: number): void;
}

/** V8's `gc()`: a full, synchronous collection. */
type Collect = () => void;

let collect: Collect | undefined | null = null;
const applied = new Set<string>();

/** Sets a V8 flag once (flags are read when used, so they apply to the running isolate). */
function setFlag(flag: string): void {
  if (applied.has(flag)) return;
  applied.add(flag);
  try {
    setFlagsFromString(flag);
  } catch {
    // A runtime without the flag keeps its default; the collections still run.
  }
}

/**
 * Memory settings for one client on stdio. The young generation stays at its initial size
 * (see above). And no optimizing compiler: one client's calls wait on the upstream, not on our
 * JavaScript (interpreted and baseline code measured no slower per call), while TurboFan's code,
 * compile zones and the pages of the compiler it touches cost ~8 MB of peak RSS over 1,000 calls
 * (60 -> 52 MB, below a bare node process after one fetch).
 */
export function tuneHeapForOneClient(): void {
  setFlag('--semi-space-growth-factor=1');
  setFlag('--no-opt');
  setFlag('--no-maglev');
}

/** V8's full collection, exposed without a command-line flag; undefined where the runtime refuses. */
function fullCollection(): Collect | undefined {
  if (collect === null) {
    try {
      setFlag('--expose-gc');
      collect = runInNewContext('gc') as Collect;
    } catch {
      collect = undefined;
    }
  }
  return collect;
}

/** Collects fully once `quietMs` pass without activity after at least `after` of it. */
export function createHeapRelief(after = STDIO_RELIEF_AFTER_BYTES, quietMs = QUIET_MS): HeapRelief {
  let pending = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    note(amount) {
      pending += amount;
      if (pending < after) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        pending = 0;
        // Several passes: V8 shrinks its spaces only after consecutive collections find them mostly empty.
        const collect = fullCollection();
        for (let pass = 0; pass < 3; pass++) collect?.();
      }, quietMs);
      timer.unref();
    },
  };
}
