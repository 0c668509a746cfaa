/**
 * Gives memory back after large inputs. V8 collects a big heap only under allocation pressure,
 * so after a burst of huge messages an idle server would keep its peak RSS for good; once input
 * goes quiet after enough bytes, one full collection returns it.
 *
 * A full collection does not return the young generation, though: a burst of input chunks grows
 * it to 16 MB, and V8 shrinks it back only when its memory reducer runs, 10–20 s later. So the
 * young generation is kept at its initial size instead (measured: RSS 86 -> 81 MB one second
 * after the last huge line, the same as a process that only reads stdin).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Bytes of input after which a quiet moment triggers a collection. */
const RELIEF_AFTER_BYTES = 1024 * 1024;
/** How long input must stay quiet first (no collection during a burst). */
const QUIET_MS = 500;

export interface HeapRelief {
  /** Counts bytes just received. */
  note(bytes: number): void;
}

/** V8's `gc()`: a full, synchronous collection. */
type Collect = () => void;

let collect: Collect | undefined | null = null;
let youngCapped = false;

/** Stops V8 growing its young generation (read at each growth, so it applies to a running isolate). */
function capYoungGeneration(): void {
  if (youngCapped) return;
  youngCapped = true;
  try {
    setFlagsFromString('--semi-space-growth-factor=1');
  } catch {
    // A runtime without the flag keeps its default growth; the full collections still run.
  }
}

/** V8's full collection, exposed without a command-line flag; undefined where the runtime refuses. */
function fullCollection(): Collect | undefined {
  if (collect === null) {
    try {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as Collect;
    } catch {
      collect = undefined;
    }
  }
  return collect;
}

export function createHeapRelief(afterBytes = RELIEF_AFTER_BYTES, quietMs = QUIET_MS): HeapRelief {
  capYoungGeneration();
  let pending = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    note(bytes) {
      pending += bytes;
      if (pending < afterBytes) return;
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
