/** Ids the `responses` backend mints itself (`asst_`, `run_`), and sortable order keys for its indexes. */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `<prefix>_` plus 24 random letters and digits (~143 bits). */
export function mintId(prefix: string, length = 24): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 × 62: rejecting the rest keeps every character equally likely.
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return `${prefix}_${out}`;
}

/** Web Crypto is global on every supported runtime (Node 20+, Workers, Deno, Bun). */
function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

/**
 * A clock for index keys: milliseconds, strictly increasing within one backend, as a
 * fixed-width string so that the store's code-unit order is creation order. Ties across
 * processes fall back to the id that follows the order key.
 */
export function createOrderClock(): () => string {
  let last = 0;
  return () => {
    last = Math.max(Date.now(), last + 1);
    return String(last).padStart(15, '0');
  };
}
