/** vector-store-* tools: stores, search, and the files in them (adding waits for indexing). */
import type { Issue, Schema } from '../validate.js';
import { FILE_IDS, INDEXING_OUTPUT, fileOp } from './file-helpers.js';
import { addFilesAndWait } from './indexing-wait.js';
import * as s from './schemas.js';
import { CREATE, DELETE, DELETED_OUTPUT, LIST_OUTPUT, OBJECT_OUTPUT, READ_ONLY, UPDATE, input, type ToolDef } from './types.js';

const str: Schema = { type: 'string' };
const V = { vector_store_id: FILE_IDS.vector_store_id };
const fileIds = (maxItems: number): Schema => ({ type: 'array', minItems: 1, maxItems, items: FILE_IDS.file_id });
const expiresAfter: Schema = {
  type: 'object',
  required: ['anchor', 'days'],
  properties: { anchor: { enum: ['last_active_at'] }, days: { type: 'integer', minimum: 1, maximum: 365 } },
  additionalProperties: false,
  examples: [{ anchor: 'last_active_at', days: 7 }],
};
const chunkingStrategy: Schema = {
  type: 'object',
  required: ['type'],
  properties: {
    type: { enum: ['auto', 'static'] },
    static: {
      type: 'object',
      required: ['max_chunk_size_tokens', 'chunk_overlap_tokens'],
      properties: { max_chunk_size_tokens: { type: 'integer', minimum: 100, maximum: 4096 }, chunk_overlap_tokens: { type: 'integer', minimum: 0 } },
    },
  },
  examples: [{ type: 'static', static: { max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 } }],
};
const attributes: Schema = { type: 'object', maxProperties: 16, propertyNames: { maxLength: 64 }, additionalProperties: { anyOf: [{ type: 'string', maxLength: 512 }, { type: 'number' }, { type: 'boolean' }] } };
const timeoutMs: Schema = { type: 'integer', minimum: 1000, maximum: 600_000, description: 'How long to wait for indexing (default 45000). Indexing keeps going after it.' };
const fileFilter: Schema = { enum: ['in_progress', 'completed', 'failed', 'cancelled'] };

const ADD_OUTPUT: ToolDef['outputSchema'] = {
  type: 'object',
  properties: { vector_store_id: str, status: str, timed_out: { type: 'boolean' }, file_ids: { type: 'array' }, failed: { type: 'array' }, next: str },
  // `failed` is left out of compact results when empty.
  required: ['vector_store_id', 'status', 'timed_out', 'file_ids', 'next'],
};

const oneOrMany = (args: Record<string, unknown>): Issue[] =>
  (args.file_id === undefined) === (args.file_ids === undefined)
    ? [{ path: 'file_id', message: 'Give file_id (one file) or file_ids (several, added as one batch), not both and not neither. Example: {"vector_store_id":"vs_abc123","file_id":"file_abc123"}' }]
    : [];

export const vectorStoreTools: ToolDef[] = [
  {
    name: 'vector-store-create',
    title: 'Create vector store',
    description: 'Create a vector store for file_search, optionally with files (indexing starts at once; vector-store-file-add waits for it). Returns the store; give its id to an assistant in tool_resources.file_search.vector_store_ids.',
    inputSchema: input({ name: str, description: { type: 'string', maxLength: 512 }, file_ids: fileIds(500), expires_after: expiresAfter, chunking_strategy: chunkingStrategy, metadata: s.metadata }),
    outputSchema: OBJECT_OUTPUT,
    annotations: CREATE,
    handler: fileOp('createVectorStore', false),
  },
  {
    name: 'vector-store-list',
    title: 'List vector stores',
    description: 'List vector stores, newest first. If has_more, call again with after=last_id.',
    inputSchema: input(s.pagination),
    outputSchema: LIST_OUTPUT,
    annotations: READ_ONLY,
    handler: fileOp('listVectorStores', true),
  },
  {
    name: 'vector-store-get',
    title: 'Get vector store',
    description: 'Get a vector store: its status, file counts, size and expiry.',
    inputSchema: input(V, ['vector_store_id']),
    outputSchema: OBJECT_OUTPUT,
    annotations: READ_ONLY,
    handler: fileOp('getVectorStore', true),
  },
  {
    name: 'vector-store-update',
    title: 'Update vector store',
    description: 'Rename a vector store or change its expiry or metadata (metadata is replaced whole).',
    inputSchema: input({ ...V, name: str, expires_after: expiresAfter, metadata: s.metadata }, ['vector_store_id']),
    outputSchema: OBJECT_OUTPUT,
    annotations: UPDATE,
    handler: fileOp('modifyVectorStore', true),
  },
  {
    name: 'vector-store-delete',
    title: 'Delete vector store',
    description: 'Delete a vector store (its files stay uploaded; delete them with file-delete).',
    inputSchema: input(V, ['vector_store_id']),
    outputSchema: DELETED_OUTPUT,
    annotations: DELETE,
    handler: fileOp('deleteVectorStore', true),
  },
  {
    name: 'vector-store-search',
    title: 'Search vector store',
    description: 'Search a vector store directly (what file_search would find): the best-matching chunks with their file ids, names and scores.',
    inputSchema: input(
      {
        ...V,
        query: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', minItems: 1, items: { type: 'string' } }], examples: ['refund policy'] },
        max_num_results: { type: 'integer', minimum: 1, maximum: 50 },
        rewrite_query: { type: 'boolean' },
        filters: { type: 'object', required: ['type'], examples: [{ type: 'eq', key: 'topic', value: 'billing' }] },
        ranking_options: { type: 'object', properties: { ranker: { enum: ['none', 'auto', 'default-2024-11-15'] }, score_threshold: { type: 'number', minimum: 0, maximum: 1 } }, additionalProperties: false },
      },
      ['vector_store_id', 'query'],
    ),
    outputSchema: LIST_OUTPUT,
    annotations: READ_ONLY,
    handler: fileOp('searchVectorStore', true),
  },
  {
    name: 'vector-store-file-add',
    title: 'Add files to vector store',
    description: 'Add one file (file_id) or several as a batch (file_ids) to a vector store and wait (bounded, with progress) until indexing is completed or failed. Says which files failed and why.',
    inputSchema: input(
      { ...V, file_id: FILE_IDS.file_id, file_ids: fileIds(500), attributes, chunking_strategy: chunkingStrategy, wait: { type: 'boolean', description: 'Wait for indexing (default true).' }, timeout_ms: timeoutMs },
      ['vector_store_id'],
    ),
    outputSchema: ADD_OUTPUT,
    annotations: CREATE,
    refine: oneOrMany,
    handler: addFilesAndWait,
  },
  {
    name: 'vector-store-file-list',
    title: 'List vector store files',
    description: 'List the files of a vector store (or of one batch, with batch_id) and their indexing status; filter e.g. "failed".',
    inputSchema: input({ ...V, batch_id: FILE_IDS.batch_id, filter: fileFilter, ...s.pagination }, ['vector_store_id']),
    outputSchema: LIST_OUTPUT,
    annotations: READ_ONLY,
    handler: async (args, ctx) => fileOp(args.batch_id ? 'listFilesInVectorStoreBatch' : 'listVectorStoreFiles', true)(args, ctx),
  },
  {
    name: 'vector-store-file-get',
    title: 'Get vector store file',
    description: 'Get one file of a vector store: its indexing status and, when failed, why.',
    inputSchema: input({ ...V, file_id: FILE_IDS.file_id }, ['vector_store_id', 'file_id']),
    outputSchema: INDEXING_OUTPUT,
    annotations: READ_ONLY,
    handler: fileOp('getVectorStoreFile', true),
  },
  {
    name: 'vector-store-file-remove',
    title: 'Remove file from vector store',
    description: 'Remove a file from a vector store (the file itself stays uploaded; delete it with file-delete).',
    inputSchema: input({ ...V, file_id: FILE_IDS.file_id }, ['vector_store_id', 'file_id']),
    outputSchema: DELETED_OUTPUT,
    annotations: DELETE,
    handler: fileOp('deleteVectorStoreFile', true),
  },
];
