/** The tool table, in the order `tools/list` publishes it. */
import { assistantTools } from './assistants.js';
import { fileTools } from './files.js';
import { messageTools } from './messages.js';
import { runTools } from './runs.js';
import { waitTools } from './run-and-wait.js';
import { threadTools } from './threads.js';
import type { ToolDef } from './types.js';
import { vectorStoreTools } from './vector-stores.js';

/** The 22 tools of the seed, with its names and parameters. */
export const SEED_TOOLS: readonly ToolDef[] = [...assistantTools, ...threadTools, ...messageTools, ...runTools];

export const TOOLS: readonly ToolDef[] = [...SEED_TOOLS, ...waitTools, ...fileTools, ...vectorStoreTools];

export const TOOLS_BY_NAME: ReadonlyMap<string, ToolDef> = new Map(TOOLS.map((tool) => [tool.name, tool]));

let listing: readonly object[] | undefined;

/**
 * The `tools/list` entries, computed on first use: each definition without its
 * server-side parts and without `examples`, which only error messages use (keeps the list small).
 */
export function toolListing(): readonly object[] {
  return (listing ??= TOOLS.map(({ op: _op, refine: _refine, handler: _handler, ...published }) =>
    JSON.parse(JSON.stringify(published, (key, value) => (key === 'examples' ? undefined : value))),
  ));
}
