/**
 * Which tools a server (or one HTTP request) publishes: a pure function of the tool
 * table and four switches, memoized per distinct switch set.
 */
import { DEFAULT_SELECTION, TOOLS } from './index.js';
import { TOOLSETS, type Tool, type ToolsetName } from './types.js';

/** The selection switches, from flags, env, Worker vars, headers or the URL. */
export interface Switches {
  /** Toolset names, plus `all` and `default`. Absent with `tools` absent: `default`. */
  toolsets?: readonly string[];
  /** Tool names enabled on top of the toolsets (alone: only these). */
  tools?: readonly string[];
  excludeTools?: readonly string[];
  /** Only tools annotated read-only remain; wins over every other switch. */
  readOnly?: boolean;
}

/** The tools one switch set enables, in table order. */
export interface Selection {
  /** Canonical form of the switches: equal keys, equal selections. */
  readonly key: string;
  readonly switches: Readonly<Switches>;
  readonly tools: readonly Tool[];
  readonly byName: ReadonlyMap<string, Tool>;
  /** Toolsets with at least one enabled tool, in TOOLSETS order. */
  readonly toolsets: readonly ToolsetName[];
}

/** Where each switch is set, for messages that tell a user how to change it. */
export const SWITCH_NAMES = {
  toolsets: '--toolsets (MCP_TOOLSETS, header X-MCP-Toolsets, URL ?toolsets=)',
  tools: '--tools (MCP_TOOLS, header X-MCP-Tools, URL ?tools=)',
  excludeTools: '--exclude-tools (MCP_EXCLUDE_TOOLS, header X-MCP-Exclude-Tools, URL ?exclude_tools=)',
  readOnly: '--read-only (MCP_READ_ONLY, header X-MCP-Readonly, URL ?readonly=1)',
} as const;

const TOOLSET_NAMES: readonly string[] = [...TOOLSETS, 'all', 'default'];

/** Splits a comma-separated list and checks every name; throws a message naming the bad one and the valid ones. */
export function parseNames(kind: 'toolsets' | 'tools', value: string, table: readonly Tool[] = TOOLS): string[] {
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  const known = kind === 'toolsets' ? TOOLSET_NAMES : table.map((tool) => tool.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length) {
    throw new Error(`Unknown ${kind === 'toolsets' ? 'toolset' : 'tool'} ${unknown.map((n) => JSON.stringify(n)).join(', ')}; known: ${known.join(', ')}.`);
  }
  return names;
}

/** The selection `switches` make from `table`. Pure: same inputs, same tools. */
export function selectTools(table: readonly Tool[], switches: Switches): Selection {
  const { tools: named, excludeTools = [], readOnly = false } = switches;
  const toolsets = switches.toolsets ?? (named ? [] : ['default']);
  const sets = new Set<string>(toolsets.includes('all') ? TOOLSETS : toolsets);
  const names = new Set<string>(named);
  if (sets.has('default')) {
    for (const set of DEFAULT_SELECTION.toolsets) sets.add(set);
    for (const name of DEFAULT_SELECTION.tools) names.add(name);
  }
  const excluded = new Set(excludeTools);
  const tools = table.filter(
    (tool) => (sets.has(tool.toolset) || names.has(tool.name)) && !excluded.has(tool.name) && (!readOnly || tool.annotations.readOnlyHint),
  );
  const canonical = { toolsets: [...new Set(toolsets)].sort(), tools: [...names].sort(), excludeTools: [...excluded].sort(), readOnly };
  return {
    key: JSON.stringify(canonical),
    switches,
    tools,
    byName: new Map(tools.map((tool) => [tool.name, tool])),
    toolsets: TOOLSETS.filter((set) => tools.some((tool) => tool.toolset === set)),
  };
}

// Per-request headers can ask for any combination: keep the most recent few.
const MAX_MEMOIZED = 64;
const memo = new Map<string, Selection>();

/** `selectTools` over the server's table, computed once per distinct switch set. */
export function selectionFor(switches: Switches): Selection {
  const key = JSON.stringify([switches.toolsets, switches.tools, switches.excludeTools, switches.readOnly ?? false]);
  let selection = memo.get(key);
  if (!selection) {
    selection = selectTools(TOOLS, switches);
    if (memo.size >= MAX_MEMOIZED) memo.delete(memo.keys().next().value!);
    memo.set(key, selection);
  }
  return selection;
}

/** Why a tool of the table is not in `selection`, naming the switch that would enable it. */
export function notEnabledReason(tool: Tool, selection: Selection): string {
  const { switches } = selection;
  if (switches.readOnly && !tool.annotations.readOnlyHint) {
    return `${tool.name} changes data and this server is read-only; it is enabled only without ${SWITCH_NAMES.readOnly}.`;
  }
  if (switches.excludeTools?.includes(tool.name)) return `${tool.name} is excluded by ${SWITCH_NAMES.excludeTools}.`;
  // What was asked for plus the tool's toolset: enabling it must not take anything away.
  const asked = switches.toolsets ?? (switches.tools ? [] : ['default']);
  const toolsets = [...new Set([...asked, tool.toolset])].join(',');
  return `${tool.name} is not enabled: it belongs to the "${tool.toolset}" toolset. Enable it with ${SWITCH_NAMES.toolsets.replace('--toolsets', `--toolsets ${toolsets}`)}, or ${SWITCH_NAMES.tools.replace('--tools', `--tools ${tool.name}`)}.`;
}
