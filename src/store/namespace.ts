/**
 * The per-API-key namespace: a short SHA-256 digest of the key, so users sharing one
 * server never see each other's records and the key itself is never stored.
 */

/** The part of Web Crypto's `SubtleCrypto` this module uses. */
export interface DigestLike {
  digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
}

/**
 * The first 16 hex characters (64 bits) of SHA-256(apiKey), usable as a store key segment.
 * @param subtle Web Crypto; Node 18 has no global `crypto`, so the CLI passes `webcrypto.subtle`.
 */
export async function keyNamespace(apiKey: string, subtle: DigestLike | undefined = globalThis.crypto?.subtle): Promise<string> {
  if (!subtle) throw new Error('keyNamespace needs Web Crypto: pass crypto.subtle (on Node 18: (await import("node:crypto")).webcrypto.subtle)');
  if (typeof apiKey !== 'string' || apiKey === '') throw new Error('keyNamespace needs a non-empty API key');
  const digest = new Uint8Array(await subtle.digest('SHA-256', new TextEncoder().encode(apiKey)));
  return Array.from(digest.subarray(0, 8), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
