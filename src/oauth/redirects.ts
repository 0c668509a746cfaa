/**
 * Redirect URI rules (OAuth 2.1 §2.3.1, RFC 8252): exact string matching, except that a
 * loopback `http` redirect may use any port, since native apps pick a free one at run time.
 */

const LOOPBACK_HOSTS = ['127.0.0.1', '[::1]', 'localhost'];
const FORBIDDEN_SCHEMES = ['javascript:', 'data:', 'vbscript:', 'file:', 'blob:'];

/** Why `uri` cannot be a registered redirect URI, or undefined when it can. */
export function redirectUriProblem(uri: unknown): string | undefined {
  if (typeof uri !== 'string' || uri.length > 2000) return `redirect URI ${show(uri)} is not a string of at most 2000 characters`;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `redirect URI ${show(uri)} is not an absolute URL`;
  }
  if (url.hash || uri.includes('#')) return `redirect URI ${show(uri)} has a fragment, which OAuth forbids`;
  if (FORBIDDEN_SCHEMES.includes(url.protocol)) return `redirect URI ${show(uri)} uses the ${url.protocol} scheme, which cannot receive a code safely`;
  if (url.protocol === 'http:' && !isLoopback(url)) return `redirect URI ${show(uri)} uses http on a non-loopback host; use https (or http://127.0.0.1 for a local app)`;
  return undefined;
}

/** Whether `requested` matches one of `registered`: exactly, or a loopback redirect on another port. */
export function redirectMatches(registered: readonly string[], requested: string): boolean {
  if (registered.includes(requested)) return true;
  let url: URL;
  try {
    url = new URL(requested);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' || !isLoopback(url)) return false;
  return registered.some((candidate) => {
    try {
      const known = new URL(candidate);
      return known.protocol === 'http:' && isLoopback(known) && withoutPort(known) === withoutPort(url);
    } catch {
      return false;
    }
  });
}

/** What the page names as the place the user is sent: the host, or the scheme of an app link. */
export function redirectTarget(uri: string): string {
  const url = new URL(uri);
  return url.host || `${url.protocol}//`;
}

/** The CSP `form-action` source that allows the redirect after the form is posted. */
export function redirectSource(uri: string): string {
  const url = new URL(uri);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : url.protocol;
}

function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.includes(url.hostname);
}

function withoutPort(url: URL): string {
  return `${url.protocol}//${url.hostname}${url.pathname}${url.search}`;
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value) : `(${typeof value})`;
}
