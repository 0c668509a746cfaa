/**
 * When stdio tunes V8 (tuneHeapForOneClient): once warm, not at startup. Changing a V8 flag
 * changes V8's flag hash, and Node's built-in modules carry code caches stamped with the default
 * hash: every built-in loaded after the change is parsed and compiled from source instead. Startup
 * loads net for stdin, the first upstream call node:http or node:https (and TLS). Measured with
 * callgrind: tuning at startup cost ~10M instructions before the first answer (spawn → initialize
 * 592–598M → 583–586M; bare node 525M), and loading node:http after it 22M more, node:https 54M.
 */
import type { Readable } from 'node:stream';
import type { FetchLike } from '../openai/fetch-types.js';

/** Input after which the tuning cannot wait for a call: a burst of large messages grows the young generation it keeps small. */
export const WARM_INPUT_BYTES = 1024 * 1024;

/**
 * Runs `tune` once: on the turn after the first call of the returned fetch settles (the
 * built-ins that call needed are loaded by then), or once `input` has delivered `warmBytes`.
 */
export function tuneWhenWarm(fetch: FetchLike, input: Readable, tune: () => void, warmBytes = WARM_INPUT_BYTES): FetchLike {
  let pending = true;
  let seen = 0;
  const once = () => {
    input.off('data', count);
    if (!pending) return;
    pending = false;
    tune();
  };
  function count(chunk: { length: number }) {
    seen += chunk.length;
    if (seen >= warmBytes) once();
  }
  input.on('data', count);
  return (url, init) => {
    const answer = fetch(url, init);
    if (pending) {
      const later = () => void setImmediate(once);
      answer.then(later, later);
    }
    return answer;
  };
}
