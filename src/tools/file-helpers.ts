/** What the file and vector-store tools share: reaching the files API, and tools that run one of its operations. */
import type { FileOperationName } from '../backends/files/routes.js';
import type { FilesApi } from '../backends/files/types.js';
import { ToolError } from '../errors.js';
import type { Schema } from '../validate.js';
import { id } from './schemas.js';
import type { ToolContext, ToolDef } from './types.js';

export const FILE_IDS = {
  file_id: id('file'),
  vector_store_id: id('vs'),
  batch_id: id('vsfb'),
  container_id: id('cntr'),
} as const;

export function filesApi(ctx: ToolContext): FilesApi {
  if (!ctx.backend.files) throw new ToolError('This server\'s backend has no Files API.', 'Use a backend whose upstream serves /files and /vector_stores.');
  return ctx.backend.files;
}

/** A handler that runs one files operation with the tool's arguments. */
export function fileOp(op: FileOperationName, idempotent: boolean): NonNullable<ToolDef['handler']> {
  return async (args, ctx) => (await filesApi(ctx).call(op, args, { signal: ctx.signal, idempotent, onRetry: ctx.onRetry })) as Record<string, unknown>;
}

const str: Schema = { type: 'string' };

/** Output of a File object. */
export const FILE_OUTPUT: ToolDef['outputSchema'] = {
  type: 'object',
  properties: { id: str, filename: str, bytes: { type: 'integer' }, purpose: str },
  required: ['id', 'filename', 'bytes', 'purpose'],
};

/** Output of a vector store file (or file batch): its indexing status. */
export const INDEXING_OUTPUT: ToolDef['outputSchema'] = {
  type: 'object',
  properties: { id: str, status: { enum: ['in_progress', 'completed', 'cancelled', 'failed'] } },
  required: ['id', 'status'],
};
