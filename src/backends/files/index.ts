/**
 * The files module: one generic executor over FILE_ROUTES, used by both backends, plus
 * uploads (one multipart request, or the Uploads API in parts for large files).
 */
import { type Client } from '../../openai.js';
import { toRequest } from '../assistants.js';
import type { CallOptions } from '../types.js';
import { FILE_ROUTES, VECTOR_STORES_BETA, type FileRoute } from './routes.js';
import type { FilesApi } from './types.js';
import { uploadFile, type UploadLimits } from './uploads.js';

export function createFilesApi(client: Client, limits?: Partial<UploadLimits>): FilesApi {
  const request = (route: FileRoute, args: Record<string, unknown>, { signal, idempotent, onRetry }: CallOptions) => {
    const { path, query, body } = toRequest(route, args);
    const headers = { ...(route.beta ? VECTOR_STORES_BETA : {}), ...(route.bytes ? { accept: '*/*' } : {}) };
    return { method: route.method, path, query, body, headers, signal, onRetry, idempotent: idempotent || route.method !== 'POST' };
  };
  const api: FilesApi = {
    call: async (op, args, options) => client.request(request(FILE_ROUTES[op], args, options)),
    download: async (op, args, options) => client.download(request(FILE_ROUTES[op], args, options)),
    downloadStream: async (op, args, options) => client.downloadStream(request(FILE_ROUTES[op], args, options)),
    upload: (source, purpose, options) => uploadFile(client, api, source, purpose, options, limits),
  };
  return api;
}
