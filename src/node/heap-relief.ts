/**
 * Gives memory back after bursts. V8 collects a big heap only under allocation pressure, so
 * after a burst of huge messages (stdio) or of requests (`--http`) an idle server would keep its
 * peak RSS for good; once activity goes quiet after enough of it, full collections return it.
 *
 * A full collection does not return the young generation, though: a burst grows it to 16 MB a
 * semi-space, and V8 shrinks it back only when its memory reducer runs, 10–20 s later. On stdio
 * it is kept small instead (measured: RSS 86 -> 81 MB one second after the last huge line, the
 * same as a process that only reads stdin). `--http` lets it grow for throughput under many
 * connections, but only to 4 MB a semi-space (createYoungGenerationCap).
 *
 * What a collection cannot return either: memory glibc keeps after `free` (measured after the
 * fuzz mix: ~21 MB free in the main arena, ~9 MB in helper-thread arenas; `malloc_trim` would
 * give it back, but Node does not expose it).
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
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

/** The young generation `--http` lets grow: two semi-spaces of 4 MB (V8's default lets them reach 16 MB each). */
export const HTTP_MAX_NEW_SPACE_BYTES = 8 * 1024 * 1024;
/** Requests between two looks at the young generation's size (a look allocates a small array). */
const LOOK_EVERY = 64;

/**
 * Caps the young generation of a server with many clients. `--max-semi-space-size` works only on
 * the command line, which `node dist/cli.cjs --http` users do not pass; but the growth factor is read
 * at each growth, so once the young generation has grown to `maxBytes` a factor of 1 keeps it there.
 * Measured with the flag on the command line (NODE_OPTIONS=--max-semi-space-size=4, bench `load`
 * section, 64 connections): peak RSS 106 -> 89 MB, 10 s after the load 95 -> 67 MB, req/s not lower.
 */
export function createYoungGenerationCap(maxBytes = HTTP_MAX_NEW_SPACE_BYTES): HeapRelief {
  let seen = 0;
  let capped = false;
  return {
    note(amount) {
      if (capped) return;
      seen += amount;
      if (seen < LOOK_EVERY) return;
      seen = 0;
      const young = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
      if (young && young.space_size >= maxBytes) {
        setFlag('--semi-space-growth-factor=1');
        capped = true;
      }
    },
  };
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
