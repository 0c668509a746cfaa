/** A store on a Cloudflare Workers KV namespace binding, for the Worker. */
import { checkKey, checkPrefix, checkScan, decodeRecord, encodeRecord, isValidKey, pageOfKeys } from './record.js';
import type { Store } from './types.js';

/** The part of a Workers KV binding (`env.STORE`) this store uses, declared by shape. */
export interface KvNamespaceLike {
  get(key: string, type: 'text'): Promise<string | null>;
  put(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  list(options: { prefix?: string; cursor?: string; limit?: number }): Promise<{ keys: { name: string }[]; list_complete: boolean; cursor?: string }>;
}

/** The most keys one KV list call returns. */
const KV_LIST_MAX = 1000;

/**
 * Creates a store on a KV namespace. KV is eventually consistent: a write is visible at
 * once in the location that made it, and elsewhere (and in `list` and `scan`) within about
 * 60 seconds. KV lists keys ascending only and cannot start at a key, so `scan` from the
 * start of a prefix is one list call; past `after` it reads KV's pages up to there, and
 * `reverse` reads the whole prefix.
 */
export function createKvStore(kv: KvNamespaceLike): Store {
  /** Store keys under `prefix` past `after`, ascending; with a `limit`, pages stop once that many are found. */
  const read = async (prefix: string, limit?: number, after?: string) => {
    const keys: string[] = [];
    let cursor: string | undefined;
    do {
      // Without `after` the first keys are the page, so ask for no more than it needs.
      const size = limit && after === undefined ? { limit: Math.min(KV_LIST_MAX, limit - keys.length) } : {};
      const page = await kv.list({ prefix, ...size, ...(cursor ? { cursor } : {}) });
      // A shared namespace may hold keys this store could never get(); leave them out.
      for (const { name } of page.keys) if (isValidKey(name) && (after === undefined || name > after)) keys.push(name);
      cursor = page.list_complete ? undefined : page.cursor;
    } while (cursor && !(limit && keys.length >= limit));
    // KV sorts by UTF-8 bytes, which equals code-unit order for the key alphabet; sort anyway.
    return keys.sort();
  };
  const list = async (prefix: string) => read(checkPrefix(prefix));
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
    list,
    async scan(prefix, options) {
      const { limit, after, reverse } = checkScan(prefix, options);
      return reverse ? pageOfKeys(await read(prefix), options) : (await read(prefix, limit, after)).slice(0, limit);
    },
  };
}
