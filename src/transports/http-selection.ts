/**
 * Tool selection per HTTP request: `X-MCP-*` headers, or the same switches in the URL
 * query for connectors that cannot send headers (`/mcp?toolsets=runs&readonly=1`).
 */
import type { Config } from '../config.js';
import { parseNames } from '../tools/selection.js';
import type { RequestHead } from './http-request.js';

/** Header and query names of each switch; a header wins over the query. */
const SOURCES = {
  toolsets: ['x-mcp-toolsets', 'toolsets'],
  tools: ['x-mcp-tools', 'tools'],
  excludeTools: ['x-mcp-exclude-tools', 'exclude_tools'],
  readOnly: ['x-mcp-readonly', 'readonly'],
} as const;

/** The selection headers, for CORS: browser clients may send them. */
export const SELECTION_HEADERS: readonly string[] = Object.values(SOURCES).map(([header]) => header);

/**
 * The server's configuration with the request's switches applied: its toolsets and
 * tools replace the server's, exclusions add up, and read-only stays on once either
 * side sets it (a request can narrow a read-only server, never widen it).
 * Throws a message naming the bad value.
 */
export function applyRequestSelection(config: Config, request: RequestHead, url: URL): { config: Config; varies: boolean } {
  const read = (key: keyof typeof SOURCES) => request.headers.get(SOURCES[key][0]) ?? url.searchParams.get(SOURCES[key][1]) ?? undefined;
  const toolsets = read('toolsets');
  const tools = read('tools');
  const exclude = read('excludeTools');
  const readOnly = read('readOnly');
  if (toolsets === undefined && tools === undefined && exclude === undefined && readOnly === undefined) return { config, varies: false };
  const next = { ...config };
  if (toolsets !== undefined || tools !== undefined) {
    next.toolsets = toolsets === undefined ? undefined : parseNames('toolsets', toolsets);
    next.tools = tools === undefined ? undefined : parseNames('tools', tools);
  }
  if (exclude !== undefined) next.excludeTools = [...config.excludeTools, ...parseNames('tools', exclude)];
  if (readOnly !== undefined) {
    if (!/^(|true|false|1|0)$/i.test(readOnly)) throw new Error(`X-MCP-Readonly (or ?readonly=) must be true, false, 1 or 0; got ${JSON.stringify(readOnly)}.`);
    next.readOnly = config.readOnly || /^(|true|1)$/i.test(readOnly);
  }
  return { config: next, varies: true };
}
