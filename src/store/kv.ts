/** A store on a Cloudflare Workers KV namespace binding, for the Worker. */
import { checkKey, checkPrefix, decodeRecord, encodeRecord, isValidKey } from './record.js';
import type { Store } from './types.js';

/** The part of a Workers KV binding (`env.STORE`) this store uses, declared by shape. */
export interface KvNamespaceLike {
  get(key: string, type: 'text'): Promise<string | null>;
  put(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  list(options: { prefix?: string; cursor?: string }): Promise<{ keys: { name: string }[]; list_complete: boolean; cursor?: string }>;
}

/**
 * Creates a store on a KV namespace. KV is eventually consistent: a write is visible at
 * once in the location that made it, and elsewhere (and in `list`) within about 60 seconds.
 */
export function createKvStore(kv: KvNamespaceLike): Store {
  return {
    async get<T>(key: string): Promise<T | undefined> {
      const text = await kv.get(checkKey(key), 'text');
      return text === null ? undefined : (decodeRecord(key, text) as T);
    },
    async put(key, value) {
      await kv.put(checkKey(key), encodeRecord(key, value));
    },
    async delete(key) {
      await kv.delete(checkKey(key));
    },
    async list(prefix) {
      checkPrefix(prefix);
      const keys: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await kv.list(cursor ? { prefix, cursor } : { prefix });
        // A shared namespace may hold keys this store could never get(); leave them out.
        for (const { name } of page.keys) if (isValidKey(name)) keys.push(name);
        cursor = page.list_complete ? undefined : page.cursor;
      } while (cursor);
      // KV sorts by UTF-8 bytes, which equals code-unit order for the key alphabet; sort anyway.
      return keys.sort();
    },
  };
}
