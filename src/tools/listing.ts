/**
 * The published `tools/list`: what a model needs to call each tool right, serialized
 * once per selection. The full schemas stay the server's validator (validate.ts).
 */
import { RawJson } from '../raw-json.js';
import type { Schema } from '../validate.js';
import { toolsetIcon } from './icons.js';
import type { Selection } from './selection.js';
import type { Tool } from './types.js';

/**
 * Keywords a model uses to fill arguments, in the subset OpenAI function calling and
 * Gemini accept. Left out: `pattern`, lengths, item counts, `propertyNames`, `maxProperties`,
 * `additionalProperties` and `examples`, which only the validator needs (its errors say
 * them when they are broken).
 */
const PUBLISHED_KEYWORDS: ReadonlySet<string> = new Set([
  'type', 'description', 'properties', 'required', 'items', 'enum', 'anyOf', 'minimum', 'maximum',
]);

const briefs = new WeakMap<Schema, Schema>();

/**
 * Publishes `brief` in place of `schema`: for nested structures a sentence says more
 * per byte than their schema. The validator still checks `schema` and explains it.
 */
export function briefly<T extends Schema>(schema: T, brief: Schema): T {
  briefs.set(schema, brief);
  return schema;
}

/** Marks a parameter the validator accepts but `tools/list` leaves out: models have no use for it. */
export function unpublished<T extends Schema>(schema: T): T {
  briefs.set(schema, UNPUBLISHED);
  return schema;
}
const UNPUBLISHED: Schema = {};

/** A schema as published: its brief if it has one; else only PUBLISHED_KEYWORDS, `const` as a one-value enum, enums typed. */
export function leanSchema(schema: Schema): Schema {
  const brief = briefs.get(schema);
  if (brief) return brief;
  const out: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (!PUBLISHED_KEYWORDS.has(keyword)) continue;
    if (keyword === 'properties') {
      const shown = Object.entries(value as Record<string, Schema>).filter(([, v]) => briefs.get(v) !== UNPUBLISHED);
      out.properties = Object.fromEntries(shown.map(([k, v]) => [k, leanSchema(v)]));
    }
    else if (keyword === 'items') out.items = leanSchema(value as Schema);
    else if (keyword === 'anyOf') {
      // A nullable value is published as its non-null form: null (which clears) is for the validator to accept.
      const branches = (value as Schema[]).filter((branch) => branch.type !== 'null').map(leanSchema);
      if (branches.length === 1) Object.assign(out, branches[0]);
      else out.anyOf = branches;
    }
    else out[keyword] = value;
  }
  if (schema.const !== undefined) out.enum = [schema.const];
  const values = out.enum as unknown[] | undefined;
  if (values && out.type === undefined && values.every((v) => typeof v === 'string')) return { type: 'string', ...out };
  return out;
}

/** One `tools/list` entry; `icons` only for revisions that define the field (2025-11-25 on). */
export function publishedTool(tool: Tool, withIcons: boolean): object {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: leanSchema(tool.inputSchema),
    outputSchema: outputSummary(tool.outputSchema),
    annotations: tool.annotations,
    ...(withIcons ? { icons: [toolsetIcon(tool.toolset)] } : {}),
  };
}

/** The output schema as published: its top-level fields and their types; which are always present is the validator's business. */
function outputSummary(schema: Schema): Schema {
  const { required: _required, ...rest } = leanSchema(schema);
  return rest;
}

/** Bytes of `{"tools": [...]}` for these tools: what the budgets (README, tests, bench) measure. */
export function listBytes(tools: readonly Tool[], withIcons = false): number {
  return new TextEncoder().encode(JSON.stringify({ tools: tools.map((tool) => publishedTool(tool, withIcons)) })).length;
}

const lists = new WeakMap<Selection, { plain?: RawJson; icons?: RawJson }>();

/** The selection's tool list as JSON text, serialized on first use and kept. */
export function toolListText(selection: Selection, withIcons: boolean): RawJson {
  let cached = lists.get(selection);
  if (!cached) lists.set(selection, (cached = {}));
  const slot = withIcons ? 'icons' : 'plain';
  return (cached[slot] ??= new RawJson(JSON.stringify(selection.tools.map((tool) => publishedTool(tool, withIcons)))));
}
