/**
 * Reading a file's bytes (OpenAI files and container files alike) and presenting them to a
 * client: text as text, images as image content, anything else as an embedded blob up to a
 * limit; on a Node server, any size can be saved into an allowed folder instead.
 */
import { mediaTypeOf, presentationOf } from '../backends/files/media-types.js';
import type { FilesApi } from '../backends/files/types.js';
import type { CallOptions } from '../backends/types.js';
import { ToolError } from '../errors.js';
import { CONTENT, fileUri, type ContentBlock } from './content.js';
import { FILE_IDS, filesApi } from './file-helpers.js';
import { READ_ONLY, input, type ToolDef } from './types.js';

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

/** Fetches a file's metadata and then its bytes; refuses above `maxBytes` before downloading. */
export async function fetchFile(api: FilesApi, ids: { file_id: string; container_id?: string }, options: CallOptions, maxBytes: number): Promise<FileBytes> {
  const meta = (await api.call(ids.container_id ? 'retrieveContainerFile' : 'retrieveFile', ids, options)) as { filename?: string; path?: string; bytes?: number };
  const filename = meta.filename ?? meta.path?.split('/').pop() ?? ids.file_id;
  if (typeof meta.bytes === 'number' && meta.bytes > maxBytes) {
    throw new ToolError(`${filename} has ${meta.bytes} bytes; file-content returns at most ${maxBytes} inline.`, 'On a local server, pass save_to (a folder inside an allowed folder) to save it there instead.');
  }
  const { bytes, contentType } = await api.download(ids.container_id ? 'retrieveContainerFileContent' : 'downloadFile', ids, options);
  const byName = mediaTypeOf(filename);
  const media_type = byName !== 'application/octet-stream' || !contentType ? byName : contentType.split(';')[0]!.trim();
  return { ...ids, filename, media_type, bytes };
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
    const options = { signal: ctx.signal, idempotent: true, onRetry: ctx.onRetry };
    const file = await fetchFile(filesApi(ctx), ids, options, save_to === undefined ? INLINE_MAX_BYTES : Number.MAX_SAFE_INTEGER);
    const summary = { ...ids, filename: file.filename, media_type: file.media_type, bytes: file.bytes.length };
    if (save_to !== undefined) {
      const saved = await ctx.localFiles!.save(String(save_to), file.filename, file.bytes, await ctx.clientRoots());
      const link: ContentBlock = { type: 'resource_link', uri: `file://${saved.split('\\').join('/').replace(/^([^/])/, '/$1')}`, name: file.filename, mimeType: file.media_type };
      return { ...summary, presented_as: 'saved', saved_to: saved, [CONTENT]: [link] };
    }
    const { kind, block } = present(file);
    return { ...summary, presented_as: kind, [CONTENT]: [block] };
  },
};
