/** Checks and converts one option's text into its value; each error names the option as the user spelled it. */

/** The base URL used when none is configured. */
export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export function nonEmpty(value: string, name: string): string {
  if (!value.trim()) throw new Error(`${name} must not be empty.`);
  return value.trim();
}

/** One store key segment, short enough to leave room for the rest of the key. */
export function storeSegment(value: string, name: string): string {
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(value) || value === '.' || value === '..') {
    throw new Error(`${name} must be 1 to 64 of A-Z a-z 0-9 _ . : - (not "." or ".."); got ${JSON.stringify(value)}.`);
  }
  return value;
}

export function list(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter(Boolean);
}

export function boolean(value: string, name: string): boolean {
  if (!/^(true|false|1|0)$/i.test(value)) throw new Error(`${name} must be true or false; got ${JSON.stringify(value)}.`);
  return /^(true|1)$/i.test(value);
}

export function httpUrl(value: string, name: string): string {
  webUrl(value, name, DEFAULT_BASE_URL);
  return value.replace(/\/+$/, '');
}

export function publicUrl(value: string, name: string): string {
  const url = webUrl(value, name, 'https://mcp.example.com');
  if (url.pathname !== '/' || url.search || url.hash) throw new Error(`${name} is an origin only (no path, query or fragment); got ${JSON.stringify(value)}.`);
  return url.origin;
}

/** An absolute http(s) URL; `example` shows the expected shape in the error. */
function webUrl(value: string, name: string, example: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be an absolute URL such as ${example}; got ${JSON.stringify(value)}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${name} must use http or https; got ${url.protocol}`);
  return url;
}

export function secret(value: string, name: string): string {
  if (value.length < 32) throw new Error(`${name} must be at least 32 characters (try: openssl rand -base64 32); got ${value.length}.`);
  return value;
}

export function oneOf<T extends string>(values: readonly T[]) {
  return (value: string, name: string): T => {
    if (!values.includes(value as T)) throw new Error(`${name} must be one of ${values.join(', ')}; got ${JSON.stringify(value)}.`);
    return value as T;
  };
}

export function integer(min: number, max: number) {
  return (value: string, name: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}; got ${JSON.stringify(value)}.`);
    return n;
  };
}
