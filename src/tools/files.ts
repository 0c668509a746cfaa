/** file-* tools: upload (by content anywhere, by path on Node inside the allowed roots), list, get, delete, content. */
import { mediaTypeOf } from '../backends/files/media-types.js';
import type { UploadSource } from '../backends/files/types.js';
import { ToolError } from '../errors.js';
import type { Issue } from '../validate.js';
import { fileContentTool } from './file-content.js';
import { FILE_IDS, FILE_OUTPUT, fileOp, filesApi } from './file-helpers.js';
import { CREATE, DELETE, DELETED_OUTPUT, LIST_OUTPUT, READ_ONLY, input, type ToolContext, type ToolDef } from './types.js';

/** Largest upload by content (decoded): its base64 still fits the 4 MiB HTTP body limit. */
export const CONTENT_MAX_BYTES = 2 * 1024 * 1024;
const BASE64_MAX_CHARS = Math.ceil(CONTENT_MAX_BYTES / 3) * 4;
const PURPOSES = ['assistants', 'user_data', 'vision', 'batch', 'fine-tune', 'evals'] as const;

const uploadInput = input({
  path: { type: 'string', minLength: 1, description: 'Absolute path of a local file inside an allowed folder (Node servers only: MCP_FILE_ROOTS or the client\'s roots).' },
  content: { type: 'string', maxLength: BASE64_MAX_CHARS, description: `The file's content: text, or base64 with encoding "base64". At most ${CONTENT_MAX_BYTES} bytes decoded.` },
  encoding: { enum: ['text', 'base64'], description: 'How content is written (default text).' },
  filename: { type: 'string', pattern: '^[^/\\\\\\u0000]{1,255}$', description: 'Name of the file (required with content), e.g. "notes.md"; its extension tells the API the format.', examples: ['notes.md'] },
  media_type: { type: 'string', pattern: '^[\\w.+-]+/[\\w.+-]+$', description: 'Media type, e.g. "application/pdf" (default: from the filename).' },
  purpose: { enum: [...PURPOSES], description: 'What the file is for (default "assistants": file_search and code_interpreter).' },
});

/** Exactly one source; content needs a filename; base64 must decode within the limit. */
function uploadIssues(args: Record<string, unknown>): Issue[] {
  if ((args.path === undefined) === (args.content === undefined)) {
    return [{ path: 'path', message: 'Give either path (a local file) or content (with filename), not both and not neither. Example: {"content":"Hello","filename":"hello.txt"}' }];
  }
  if (args.content !== undefined && args.filename === undefined) return [{ path: 'filename', message: 'filename is required with content, e.g. "notes.md".' }];
  if (args.path !== undefined && args.encoding !== undefined) return [{ path: 'encoding', message: 'encoding applies to content only; remove it.' }];
  if (args.encoding === 'base64' && !/^[A-Za-z0-9+/]*={0,2}$/.test(String(args.content).replace(/\s/g, ''))) {
    return [{ path: 'content', message: 'content is not valid base64 (A-Z, a-z, 0-9, +, /, = padding). Send text with encoding "text" instead.' }];
  }
  return [];
}

function contentSource(args: Record<string, unknown>): UploadSource {
  const filename = String(args.filename);
  const bytes = args.encoding === 'base64' ? fromBase64(String(args.content)) : new TextEncoder().encode(String(args.content));
  if (bytes.length > CONTENT_MAX_BYTES) {
    throw new ToolError(`content has ${bytes.length} bytes; uploads by content take at most ${CONTENT_MAX_BYTES}.`, 'Upload the file by path on a local (stdio) server, or split it.');
  }
  return { filename, contentType: String(args.media_type ?? mediaTypeOf(filename)), size: bytes.length, read: (start, end) => bytes.slice(start, end) };
}

async function upload(args: Record<string, unknown>, ctx: ToolContext): Promise<Record<string, unknown>> {
  const api = filesApi(ctx);
  const purpose = String(args.purpose ?? 'assistants');
  const options = { signal: ctx.signal, idempotent: false, onRetry: ctx.onRetry, progress: ctx.progress };
  if (args.content !== undefined) return api.upload(contentSource(args), purpose, options);
  if (typeof __WORKER__ !== 'undefined' || !ctx.localFiles) {
    throw new ToolError('Uploads by path are not available on this server (it runs where your files are not, e.g. a Cloudflare Worker).', 'Pass the file as content instead: text, or base64 with encoding "base64", plus filename.');
  }
  const file = await ctx.localFiles.open(String(args.path), await ctx.clientRoots(), ctx.uploadMaxBytes);
  try {
    const source = args.filename || args.media_type ? { ...file, filename: String(args.filename ?? file.filename), contentType: String(args.media_type ?? mediaTypeOf(String(args.filename ?? file.filename))) } : file;
    return await api.upload(source, purpose, options);
  } finally {
    await file.close();
  }
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/\s/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export const fileTools: ToolDef[] = [
  {
    name: 'file-upload',
    title: 'Upload file',
    description: 'Upload a file for file_search (vector-store-file-add) or code_interpreter (tool_resources, attachments). Give content (text or base64 + filename) or, on a local server, the path of a file inside an allowed folder. Returns the file; pass its id on.',
    inputSchema: uploadInput,
    outputSchema: FILE_OUTPUT,
    annotations: CREATE,
    refine: uploadIssues,
    handler: upload,
  },
  {
    name: 'file-list',
    title: 'List files',
    description: 'List uploaded files, newest first, optionally of one purpose. If has_more, call again with after=last_id.',
    inputSchema: input({
      purpose: { type: 'string', examples: ['assistants'] },
      limit: { type: 'integer', minimum: 1, maximum: 10000 },
      order: { enum: ['asc', 'desc'] },
      after: { type: 'string' },
    }),
    outputSchema: LIST_OUTPUT,
    annotations: READ_ONLY,
    handler: fileOp('listFiles', true),
  },
  {
    name: 'file-get',
    title: 'Get file',
    description: 'Get a file\'s name, size, purpose and creation time.',
    inputSchema: input({ file_id: FILE_IDS.file_id }, ['file_id']),
    outputSchema: FILE_OUTPUT,
    annotations: READ_ONLY,
    handler: fileOp('retrieveFile', true),
  },
  {
    name: 'file-delete',
    title: 'Delete file',
    description: 'Delete a file permanently; vector stores that hold it stop finding it.',
    inputSchema: input({ file_id: FILE_IDS.file_id }, ['file_id']),
    outputSchema: DELETED_OUTPUT,
    annotations: DELETE,
    handler: fileOp('deleteFile', true),
  },
  fileContentTool,
];
