/** The shape of one tool: everything `tools/list` publishes plus the operation it runs. */
import type { Issue, Schema } from '../validate.js';
import type { LocalFiles } from '../backends/files/types.js';
import type { Backend, CallOptions, OperationName } from '../backends/types.js';
import { briefly } from './listing.js';

/** MCP tool annotations: hints for clients deciding how to confirm or retry a call. */
export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** One tool. Adding a tool means adding one of these to a table. */
export interface ToolDef {
  /** The seed's names, e.g. `assistant-create`. */
  name: string;
  title: string;
  /** When a model should use it and what comes back. */
  description: string;
  /** Root `type: "object"`, no top-level combinators; also the validation rules. */
  inputSchema: Schema & { type: 'object' };
  outputSchema: Schema & { type: 'object' };
  annotations: ToolAnnotations;
  /** The backend operation it runs (named after the OpenAPI operationId)… */
  op?: OperationName;
  /** …or, for a tool that combines operations (run-and-wait), what it does. */
  handler?: (args: Record<string, unknown>, ctx: ToolContext) => Promise<Record<string, unknown>>;
  /** Rules that span several parameters and that a schema cannot say. */
  refine?: (args: Record<string, unknown>) => Issue[];
}

/** The groups `--toolsets` selects from; every tool belongs to exactly one. */
export const TOOLSETS = ['assistants', 'threads', 'messages', 'runs', 'wait', 'files', 'vector-stores'] as const;
export type ToolsetName = (typeof TOOLSETS)[number];

/** A tool as the table holds it: its definition and the toolset it was filed under (in tools/index.ts). */
export type Tool = ToolDef & { readonly toolset: ToolsetName };

/** What a handler tool gets. */
export interface ToolContext {
  backend: Backend;
  signal: AbortSignal;
  /** Default wait deadline (MCP_WAIT_TIMEOUT_MS). */
  waitTimeoutMs: number;
  /** Sends `notifications/progress` when the client asked for it. */
  progress: (message: string) => void;
  onRetry: CallOptions['onRetry'];
  /** Node only: local files inside the allowed roots (path uploads, saved downloads). */
  localFiles?: LocalFiles;
  /** The roots the client shares (`file://` URIs), asked with roots/list where the transport allows; else none. */
  clientRoots: () => Promise<string[]>;
  /** Largest path upload (MCP_UPLOAD_MAX_BYTES). */
  uploadMaxBytes: number;
}

export const READ_ONLY: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };
export const CREATE: ToolAnnotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true };
/** Writes that set state to what the arguments say: repeating them changes nothing more. */
export const UPDATE: ToolAnnotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true };
export const DELETE: ToolAnnotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true };

/** `inputSchema` with `additionalProperties: false`, so typos are reported, not ignored. */
export function input(properties: Record<string, Schema>, required: string[] = []): ToolDef['inputSchema'] {
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

const str: Schema = { type: 'string' };

/** `detail: "full"` returns the upstream object unchanged instead of the compact result (see compact.ts). */
const DETAIL: Schema = briefly({ enum: ['full', 'compact'], description: '"full": the API object unchanged instead of the compact result.' }, { type: 'string', enum: ['full'] });

/** The tool with the `detail` parameter added. */
export function withDetail(tool: ToolDef): ToolDef {
  return { ...tool, inputSchema: { ...tool.inputSchema, properties: { ...tool.inputSchema.properties, detail: DETAIL } } };
}

/** Output schema of one API object: only the fields every compatible backend returns. */
function objectOutput(extra: Record<string, Schema> = {}): ToolDef['outputSchema'] {
  return { type: 'object', properties: { id: str, ...extra }, required: ['id', ...Object.keys(extra)] };
}

export const OBJECT_OUTPUT = objectOutput();
export const RUN_OUTPUT = objectOutput({ status: str });
export const DELETED_OUTPUT = objectOutput({ deleted: { type: 'boolean' } });
export const LIST_OUTPUT: ToolDef['outputSchema'] = {
  type: 'object',
  properties: { data: { type: 'array' } },
  required: ['data'],
};
