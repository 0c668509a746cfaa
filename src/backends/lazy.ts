/** A backend whose code is loaded at its first call, so a server that never calls it never reads, compiles or runs it. */
import type { Backend } from './types.js';

/** A backend that can stream and follow runs (the lazy wrapper must declare both up front: waiters look for them). */
export type StreamingBackend = Backend & Required<Pick<Backend, 'streamRun' | 'followRun'>>;

export function lazyBackend(name: Backend['name'], load: () => Promise<StreamingBackend>): StreamingBackend {
  let loaded: Promise<StreamingBackend> | undefined;
  const backend = () => (loaded ??= load());
  return {
    name,
    call: async (op, args, options) => (await backend()).call(op, args, options),
    streamRun: async (op, args, options) => (await backend()).streamRun(op, args, options),
    followRun: async (args, options) => (await backend()).followRun(args, options),
  };
}
