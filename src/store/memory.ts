/** A store held in memory, for tests and embedding; lost when the process ends. */
import { checkKey, checkPrefix, checkScan, decodeRecord, encodeRecord, pageOfKeys } from './record.js';
import type { Store } from './types.js';

/**
 * Creates an in-memory store. Records are kept encoded (`{"v":1,"value":...}` text), so
 * values are deep-copied on put and get and behave exactly as in the file and KV stores.
 * @param records the backing map (key → record text); pass one to share or inspect it.
 */
export function createMemoryStore(records: Map<string, string> = new Map()): Store {
  const list = (prefix: string) => [...records.keys()].filter((key) => key.startsWith(prefix)).sort();
  return {
    async get<T>(key: string): Promise<T | undefined> {
      const text = records.get(checkKey(key));
      return text === undefined ? undefined : (decodeRecord(key, text) as T);
    },
    async put(key, value) {
      records.set(checkKey(key), encodeRecord(key, value));
    },
    async delete(key) {
      records.delete(checkKey(key));
    },
    list: async (prefix) => list(checkPrefix(prefix)),
    scan: async (prefix, options) => pageOfKeys(list(prefix), checkScan(prefix, options)),
  };
}
