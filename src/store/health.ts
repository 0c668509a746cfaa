/** Whether the `responses` backend's store can be used, for `/health` and the startup banner. */
import { BACKENDS } from '../backends/registry.js';
import type { Config } from '../config.js';
import { ToolError } from '../errors.js';
import type { Store } from './types.js';

/** Why the store is unusable, or undefined when it is fine (or not needed by this backend). */
export async function storeProblem(config: Pick<Config, 'backend'>, store: Store | undefined): Promise<string | undefined> {
  if (!BACKENDS[config.backend].usesStore) return undefined;
  if (!store) return 'no store: the responses backend needs one (Worker: bind a KV namespace as STORE; Node: --store DIR)';
  try {
    await store.check?.();
    return undefined;
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    return error instanceof ToolError ? `${message}. ${error.advice}` : message;
  }
}
