/**
 * The URL of a request as node:http hands it over (a raw target and a raw Host header), or the
 * 4xx answer when they cannot name one. Both are client input: nothing here may throw.
 */

/** The URL to hand to the Web-standard handler, or the answer to give instead. */
export type Target = { url: string } | { status: 204 | 400; message: string; headers?: Record<string, string> };

/** A DNS name, an IPv4 address or a bracketed IPv6 literal, with an optional port. */
const HOST = /^(?:\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::\d{1,5})?$/i;

export function requestTarget(method: string | undefined, target: string | undefined, host: string | undefined): Target {
  // `OPTIONS *` asks about the server as a whole (RFC 9110 §9.3.7).
  if (target === '*') {
    return method === 'OPTIONS'
      ? { status: 204, message: '', headers: { allow: 'GET, HEAD, POST, OPTIONS' } }
      : { status: 400, message: 'Bad Request: the target "*" is only meaningful for OPTIONS; POST MCP messages to /mcp.' };
  }
  const authority = host ?? 'localhost';
  if (!HOST.test(authority)) return { status: 400, message: 'Bad Request: the Host header is not a valid host name (with an optional port).' };
  let path = target ?? '/';
  if (!path.startsWith('/')) {
    // Absolute form (`POST http://host/mcp`), which proxies send: its path is served; the Host header still decides access.
    const absolute = parse(path);
    if (!absolute || (absolute.protocol !== 'http:' && absolute.protocol !== 'https:')) {
      return { status: 400, message: 'Bad Request: the request target must be a path such as /mcp.' };
    }
    path = absolute.pathname + absolute.search;
  }
  const url = parse(`http://${authority}${path}`);
  return url ? { url: url.href } : { status: 400, message: 'Bad Request: the Host header and request target do not form a valid URL.' };
}

function parse(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
