/**
 * Reading a file's bytes (OpenAI files and container files alike) and presenting them to a
 * client: text as text, images as image content, anything else as an embedded blob up to a
 * limit; on a Node server, any size can be saved into an allowed folder instead.
 */
import { mediaTypeOf, presentationOf } from '../backends/files/media-types.js';
import type { DownloadOperationName } from '../backends/files/routes.js';
import type { FilesApi } from '../backends/files/types.js';
import type { CallOptions } from '../backends/types.js';
import { ToolError } from '../errors.js';
import { CONTENT, fileUri, type ContentBlock } from './content.js';
import { FILE_IDS, filesApi } from './file-helpers.js';
import { READ_ONLY, input, type ToolContext, type ToolDef } from './types.js';

/** Largest file returned inline (text, image or blob); larger ones can only be saved. */
export const INLINE_MAX_BYTES = 2 * 1024 * 1024;

/** A file's name, type and bytes. */
export interface FileBytes {
  file_id: string;
  container_id?: string;
  filename: string;
  media_type: string;
  bytes: Uint8Array;
}

type FileIds = { file_id: string; container_id?: string };

/** A file's name and size, from its metadata (OpenAI files have `filename`, container files a `path`). */
async function fileMeta(api: FilesApi, ids: FileIds, options: CallOptions): Promise<{ filename: string; bytes?: number }> {
  const meta = (await api.call(ids.container_id ? 'retrieveContainerFile' : 'retrieveFile', ids, options)) as { filename?: string; path?: string; bytes?: number };
  return { filename: meta.filename ?? meta.path?.split('/').pop() ?? ids.file_id, bytes: meta.bytes };
}

const contentOp = (ids: FileIds): DownloadOperationName => (ids.container_id ? 'retrieveContainerFileContent' : 'downloadFile');

/** The type its name says, else the one the download declared. */
function mediaType(filename: string, contentType: string | null): string {
  const byName = mediaTypeOf(filename);
  return byName !== 'application/octet-stream' || !contentType ? byName : contentType.split(';')[0]!.trim();
}

/** Fetches a file's metadata and then its bytes; refuses above `maxBytes` before downloading. */
export async function fetchFile(api: FilesApi, ids: FileIds, options: CallOptions, maxBytes: number): Promise<FileBytes> {
  const { filename, bytes: size } = await fileMeta(api, ids, options);
  if (typeof size === 'number' && size > maxBytes) {
    throw new ToolError(`${filename} has ${size} bytes; file-content returns at most ${maxBytes} inline.`, 'On a local server, pass save_to (a folder inside an allowed folder) to save it there instead.');
  }
  const { bytes, contentType } = await api.download(contentOp(ids), ids, options);
  return { ...ids, filename, media_type: mediaType(filename, contentType), bytes };
}

/** Streams a file of any size into a folder inside the allowed roots. */
async function saveFile(ctx: ToolContext, ids: FileIds, folder: string): Promise<Record<string, unknown>> {
  const api = filesApi(ctx);
  const options = { signal: ctx.signal, idempotent: true, onRetry: ctx.onRetry };
  const { filename } = await fileMeta(api, ids, options);
  const { chunks, contentType } = await api.downloadStream(contentOp(ids), ids, options);
  let bytes = 0;
  const counted = (async function* () {
    for await (const chunk of chunks) {
      bytes += chunk.length;
      yield chunk;
    }
  })();
  const saved = await ctx.localFiles!.save(folder, filename, counted, await ctx.clientRoots()).catch(async (error) => {
    // A refused folder never reads the body: close it, so the connection is not held.
    await chunks[Symbol.asyncIterator]().return?.();
    throw error;
  });
  const media_type = mediaType(filename, contentType);
  const link: ContentBlock = { type: 'resource_link', uri: `file://${saved.split('\\').join('/').replace(/^([^/])/, '/$1')}`, name: filename, mimeType: media_type };
  return { ...ids, filename, media_type, bytes, presented_as: 'saved', saved_to: saved, [CONTENT]: [link] };
}

/** Text when it decodes as UTF-8, else undefined. */
function asText(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** How a file reads as MCP content: text, image or an embedded blob. */
export function present(file: FileBytes): { kind: 'text' | 'image' | 'resource'; block: ContentBlock } {
  const uri = fileUri(file.file_id, file.container_id);
  const kind = presentationOf(file.media_type);
  const text = kind === 'text' ? asText(file.bytes) : undefined;
  if (text !== undefined) return { kind: 'text', block: { type: 'text', text } };
  if (kind === 'image') return { kind: 'image', block: { type: 'image', data: toBase64(file.bytes), mimeType: file.media_type } };
  return { kind: 'resource', block: { type: 'resource', resource: { uri, mimeType: file.media_type, blob: toBase64(file.bytes) } } };
}

export const fileContentTool: ToolDef = {
  name: 'file-content',
  title: 'Read file content',
  description:
    `Read a file: an uploaded file, a file an assistant cited (file_citation / file_path annotations), or a code-interpreter output (container file: also give container_id). ` +
    `Text comes back as text, images as images, other files as an embedded blob (up to ${INLINE_MAX_BYTES} bytes). On a local server, save_to saves it into an allowed folder instead (any size).`,
  inputSchema: input(
    {
      file_id: FILE_IDS.file_id,
      container_id: { ...FILE_IDS.container_id, description: 'For container files (cfile_… ids from code interpreter): the container that holds it.' },
      save_to: { type: 'string', minLength: 1, description: 'Folder to save the file into (local servers only; inside MCP_FILE_ROOTS or the client\'s roots). Returns the saved path.' },
    },
    ['file_id'],
  ),
  outputSchema: {
    type: 'object',
    properties: { file_id: { type: 'string' }, filename: { type: 'string' }, media_type: { type: 'string' }, bytes: { type: 'integer' }, presented_as: { enum: ['text', 'image', 'resource', 'saved'] }, saved_to: { type: 'string' } },
    required: ['file_id', 'filename', 'media_type', 'bytes', 'presented_as'],
  },
  annotations: READ_ONLY,
  handler: async ({ file_id, container_id, save_to }, ctx) => {
    if (save_to !== undefined && !ctx.localFiles) {
      throw new ToolError('save_to is only available on a local server (stdio or --http on Node).', 'Leave save_to out to get the content inline.');
    }
    const ids = { file_id: String(file_id), ...(container_id ? { container_id: String(container_id) } : {}) };
    // The Worker refused save_to above; its bundle leaves the saving out.
    if (typeof __WORKER__ === 'undefined' && save_to !== undefined) return saveFile(ctx, ids, String(save_to));
    const file = await fetchFile(filesApi(ctx), ids, { signal: ctx.signal, idempotent: true, onRetry: ctx.onRetry }, INLINE_MAX_BYTES);
    const summary = { ...ids, filename: file.filename, media_type: file.media_type, bytes: file.bytes.length };
    const { kind, block } = present(file);
    return { ...summary, presented_as: kind, [CONTENT]: [block] };
  },
};
