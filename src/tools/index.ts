/** The tool table, in the order `tools/list` publishes it; each group of tools is filed under its toolset here. */
import { assistantTools } from './assistants.js';
import { fileTools } from './files.js';
import { messageTools } from './messages.js';
import { runTools } from './runs.js';
import { waitTools } from './run-and-wait.js';
import { threadTools } from './threads.js';
import { vectorStoreTools } from './vector-stores.js';
import { withDetail, type Tool, type ToolDef, type ToolsetName } from './types.js';

/** Files tools under a toolset; list and get tools (read-only operations) also take `detail`. */
const inToolset = (toolset: ToolsetName, tools: readonly ToolDef[]): Tool[] =>
  tools.map((tool) => ({ ...(tool.op && tool.annotations.readOnlyHint ? withDetail(tool) : tool), toolset }));

/** File and vector-store tools run through handlers (their own module); their reads take `detail` too. */
const withReadDetail = (tools: readonly ToolDef[]): ToolDef[] =>
  tools.map((tool) => (tool.annotations.readOnlyHint && tool.name !== 'file-content' ? withDetail(tool) : tool));

/** The seed's tools, with its names and parameters. */
export const SEED_TOOLS: readonly Tool[] = [
  ...inToolset('assistants', assistantTools),
  ...inToolset('threads', threadTools),
  ...inToolset('messages', messageTools),
  ...inToolset('runs', runTools),
];

export const TOOLS: readonly Tool[] = [
  ...SEED_TOOLS,
  ...inToolset('wait', waitTools),
  ...inToolset('files', withReadDetail(fileTools)),
  ...inToolset('vector-stores', withReadDetail(vectorStoreTools)),
];

export const TOOLS_BY_NAME: ReadonlyMap<string, Tool> = new Map(TOOLS.map((tool) => [tool.name, tool]));

/**
 * The `default` toolset (what a server serves without switches): asking assistants, with
 * documents, and reading what they did. Whole toolsets plus single tools by name: upload a
 * file, put it in a vector store (waiting for indexing), give the store to an assistant.
 */
export const DEFAULT_SELECTION = {
  toolsets: ['assistants', 'wait'],
  tools: ['message-list', 'run-get', 'run-step-list', 'file-upload', 'vector-store-create', 'vector-store-file-add'],
} as const satisfies { toolsets: readonly ToolsetName[]; tools: readonly string[] };
