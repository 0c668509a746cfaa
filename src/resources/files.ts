/** `openai://files/{file_id}` and `openai://containers/{container_id}/files/{file_id}`: a file's content as a resource. */
import type { Backend } from '../backends/types.js';
import { describeFailure } from '../errors.js';
import type { Config } from '../config.js';
import { CODES, RpcError } from '../jsonrpc.js';
import { INLINE_MAX_BYTES, fetchFile, present, toBase64 } from '../tools/file-content.js';
import { fileContentTool } from '../tools/file-content.js';

export const FILE_TEMPLATES = [
  {
    uriTemplate: 'openai://files/{file_id}',
    name: 'openai-file',
    title: 'OpenAI file',
    description: `The content of an uploaded or cited file (up to ${INLINE_MAX_BYTES} bytes): text as text, anything else as a blob.`,
  },
  {
    uriTemplate: 'openai://containers/{container_id}/files/{file_id}',
    name: 'container-file',
    title: 'Code interpreter output',
    description: 'The content of a file code interpreter wrote (a container file).',
  },
] as const;

const FILE_URI = /^openai:\/\/(?:containers\/([\w-]{1,256})\/)?files\/([\w-]{1,256})$/;

/** The contents of a file resource, or undefined when `uri` is not one. */
export async function readFileResource(uri: string, backend: Backend | undefined, config: Config, signal: AbortSignal) {
  const match = FILE_URI.exec(uri);
  if (!match) return undefined;
  if (!backend?.files) throw new RpcError(CODES.INVALID_PARAMS, `Cannot read ${uri}: OPENAI_API_KEY is not set on this server.`);
  const ids = { file_id: match[2]!, ...(match[1] ? { container_id: match[1] } : {}) };
  try {
    const file = await fetchFile(backend.files, ids, { signal, idempotent: true }, INLINE_MAX_BYTES);
    const { kind, block } = present(file);
    const text = kind === 'text' && block.type === 'text' ? block.text : undefined;
    return [text !== undefined ? { uri, mimeType: file.media_type, text } : { uri, mimeType: file.media_type, blob: toBase64(file.bytes) }];
  } catch (error) {
    throw new RpcError(CODES.INVALID_PARAMS, describeFailure(fileContentTool, error, config), { uri });
  }
}
