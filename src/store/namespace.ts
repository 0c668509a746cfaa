/**
 * Store namespaces. A server several API keys share (`--http`, the Worker) keeps each key's
 * records apart under a short SHA-256 digest of the key, so the key itself is never stored.
 * A single-user server (stdio) uses one fixed namespace, so rotating the key loses nothing.
 */
import type { Store } from './types.js';

/** The part of Web Crypto's `SubtleCrypto` this module uses. */
export interface DigestLike {
  digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
}

/** The namespace of a single-user server when none is configured. */
export const DEFAULT_NAMESPACE = 'default';

/** The first 16 hex characters (64 bits) of SHA-256(apiKey), usable as a store key segment. */
export async function keyNamespace(apiKey: string, subtle: DigestLike): Promise<string> {
  if (typeof apiKey !== 'string' || apiKey === '') throw new Error('keyNamespace needs a non-empty API key');
  const digest = new Uint8Array(await subtle.digest('SHA-256', new TextEncoder().encode(apiKey)));
  return Array.from(digest.subarray(0, 8), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Moves every record under `from/` to the same key under `to/`, keeping a record already
 * there (it is newer), then deletes the old one. Safe to repeat and to run in two
 * processes at once. Resolves to the number of records moved.
 */
export async function migrateNamespace(store: Store, from: string, to: string): Promise<number> {
  if (from === to) return 0;
  const keys = await store.list(`${from}/`);
  for (const key of keys) {
    const value = await store.get(key);
    const target = `${to}/${key.slice(from.length + 1)}`;
    if (value !== undefined && (await store.get(target)) === undefined) await store.put(target, value);
    await store.delete(key);
  }
  return keys.length;
}
