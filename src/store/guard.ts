/**
 * Wraps a store so every operation ends within a time bound and every failure says which
 * store failed and how to choose another; a hung disk or binding never hangs a tool call.
 */
import { ToolError } from '../errors.js';
import type { Store } from './types.js';

/** How a guarded store describes itself in errors. */
export interface StoreGuard {
  /** Where the records live, e.g. `folder /home/me/.local/share/openai-assistants-mcp`. */
  location: string;
  /** How to choose another, e.g. `Choose another folder with --store <dir> or MCP_STORE_DIR.` */
  hint: string;
  /** Longest an operation may take. */
  timeoutMs: number;
}

/** Default bound: far above a healthy disk or KV call, well below client timeouts. */
export const STORE_TIMEOUT_MS = 10_000;

/** A failed store operation: the message names the store, the advice the way out. */
export class StoreError extends ToolError {}

export function guardStore(store: Store, guard: StoreGuard): Store {
  const bounded = <T>(op: string, key: string, work: () => Promise<T>): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${guard.timeoutMs} ms`)), guard.timeoutMs);
    });
    return Promise.race([work(), timeout])
      .catch((error: unknown) => {
        const why = (error as Error)?.message ?? String(error);
        throw new StoreError(`the store (${guard.location}) failed to ${op} ${JSON.stringify(key)}: ${why}`, guard.hint);
      })
      .finally(() => clearTimeout(timer));
  };
  return {
    get: (key) => bounded('read', key, () => store.get(key)),
    put: (key, value) => bounded('write', key, () => store.put(key, value)),
    delete: (key) => bounded('delete', key, () => store.delete(key)),
    list: (prefix) => bounded('list', `${prefix}*`, () => store.list(prefix)),
    scan: (prefix, options) => bounded('list', `${prefix}*`, () => store.scan(prefix, options)),
    ...(store.check ? { check: () => bounded('open', '', () => store.check!()) } : {}),
  };
}
