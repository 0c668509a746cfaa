/**
 * One log line per HTTP request: method, path, MCP method and tool, status, duration and the
 * upstream request ids. Never a header, a body value or an argument: only names the server knows.
 */
import { wrappingFetch, type FetchLike } from '../openai/fetch-types.js';

export { safeName } from '../log.js';

/** What a request's handling learns for its log line. */
export interface RequestLogEntry {
  /** The JSON-RPC method (`batch` for a batch). */
  rpc?: string;
  /** The tool of a `tools/call`. */
  tool?: string;
  /** `rpc-error` or `tool-error` when the answer is one. */
  outcome?: 'rpc-error' | 'tool-error';
  /** `x-request-id` of every upstream answer, in order. */
  upstream: string[];
  /** Set for a streamed answer: settles when the stream has ended. */
  streamed?: Promise<void>;
}

/** `fetch` that notes each answer's `x-request-id` in `ids`. */
export function trackUpstream(fetch: FetchLike, ids: string[]): FetchLike {
  return wrappingFetch(fetch, async (url, init) => {
    const response = await fetch(url, init);
    const id = response.headers.get('x-request-id');
    if (id) ids.push(id.slice(0, 80));
    return response;
  });
}

/** The path as logged: the legacy `/mcp/{api-key}` path never shows its key. */
export function loggedPath(pathname: string): string {
  if (/^\/mcp\/[^/]+\/?$/.test(pathname)) return '/mcp/{key}';
  return pathname.length > 80 ? `${pathname.slice(0, 80)}…` : pathname;
}

export function requestLine(method: string, pathname: string, entry: RequestLogEntry, status: number, ms: number): string {
  const parts = [`http ${method} ${loggedPath(pathname)}`];
  if (entry.rpc) parts.push(entry.rpc);
  if (entry.tool) parts.push(entry.tool);
  parts.push(String(status));
  if (entry.outcome) parts.push(entry.outcome);
  parts.push(`${Math.round(ms)}ms`);
  if (entry.upstream.length) parts.push(`upstream=${entry.upstream.join(',')}`);
  return parts.join(' ');
}
