/**
 * The OAuth part's cryptography, on Web Crypto only: random tokens, SHA-256 digests
 * (store keys and PKCE), and AES-GCM sealing of the keys users enter.
 */

/** A random token: `prefix` then 32 random bytes in base64url (256 bits). */
export function randomToken(prefix: string): string {
  return prefix + base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** SHA-256 of `text` in hex: how tokens are keyed in the store, so a store leak leaks no token. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The PKCE S256 challenge of a verifier (RFC 7636 §4.2). */
export async function s256(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

/** Seals and opens secrets with AES-GCM under a key derived (HKDF-SHA-256) from the server secret. */
export interface Sealer {
  seal(plaintext: string): Promise<string>;
  /** Throws when the text was sealed under another secret or altered. */
  open(sealed: string): Promise<string>;
}

const SALT = new TextEncoder().encode('openai-assistants-mcp/oauth');
const INFO = new TextEncoder().encode('stored-api-key/v1');

/** A sealer for `secret`; the key is derived once, on first use. */
export function createSealer(secret: () => Promise<string>): Sealer {
  let key: Promise<CryptoKey> | undefined;
  const aesKey = () =>
    (key ??= secret().then(async (value) => {
      const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(value), 'HKDF', false, ['deriveKey']);
      return crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: SALT, info: INFO }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    }));
  return {
    async seal(plaintext) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await aesKey(), new TextEncoder().encode(plaintext)));
      const out = new Uint8Array(iv.length + sealed.length);
      out.set(iv);
      out.set(sealed, iv.length);
      return base64url(out);
    },
    async open(sealed) {
      const bytes = fromBase64url(sealed);
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, 12) }, await aesKey(), bytes.subarray(12));
      return new TextDecoder().decode(plain);
    },
  };
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
