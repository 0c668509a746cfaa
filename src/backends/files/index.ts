/**
 * The files module: one generic executor over FILE_ROUTES, used by both backends, plus
 * uploads (one multipart request, or the Uploads API in parts for large files).
 */
import { ToolError } from '../../errors.js';
import type { Client } from '../../openai.js';
import type { Upstream } from '../../upstream/learn.js';
import { toRequest } from '../assistants.js';
import type { CallOptions } from '../types.js';
import { FILE_ROUTES, VECTOR_STORES_BETA, type FileRoute } from './routes.js';
import type { FilesApi } from './types.js';
import { uploadFile, type UploadLimits } from './uploads.js';

export interface FilesApiOptions {
  /** Sizes of single-request and part uploads (tests make them small). */
  limits?: Partial<UploadLimits>;
  /** The upstream profile, where the backend has one: it says whether each API exists there. */
  upstream?: Upstream;
}

/** What each API is called, for the refusal on an upstream without it. */
const API_NAMES = { files: 'Files', vectorStores: 'Vector Stores', containers: 'container files' } as const;

export function createFilesApi(client: Client, { limits, upstream }: FilesApiOptions = {}): FilesApi {
  /** Refuses, before anything is sent, an operation whose API the upstream's profile says it does not have. */
  const assertServed = (route: FileRoute) => {
    const api = route.path.startsWith('/vector_stores') ? 'vectorStores' : route.path.startsWith('/containers') ? 'containers' : 'files';
    if (!upstream || upstream.caps[api]) return;
    throw new ToolError(
      `The upstream's profile (${upstream.name}) has no ${API_NAMES[api]} API, so nothing was sent.`,
      `Use an upstream that serves it (OpenAI, Azure OpenAI${api === 'containers' ? '' : ', Llama Stack'}); if this upstream does serve it, choose a matching --upstream-profile (OPENAI_UPSTREAM_PROFILE).`,
    );
  };
  const request = (route: FileRoute, args: Record<string, unknown>, { signal, idempotent, onRetry }: CallOptions) => {
    assertServed(route);
    const { path, query, body } = toRequest(route, args);
    const headers = { ...(route.beta ? VECTOR_STORES_BETA : {}), ...(route.bytes ? { accept: '*/*' } : {}) };
    return { method: route.method, path, query, body, headers, signal, onRetry, idempotent: idempotent || route.method !== 'POST' };
  };
  const api: FilesApi = {
    call: async (op, args, options) => client.request(request(FILE_ROUTES[op], args, options)),
    download: async (op, args, options) => client.download(request(FILE_ROUTES[op], args, options)),
    downloadStream: async (op, args, options) => client.downloadStream(request(FILE_ROUTES[op], args, options)),
    upload: async (source, purpose, options) => {
      assertServed(FILE_ROUTES.listFiles);
      return uploadFile(client, api, source, purpose, options, limits);
    },
  };
  return api;
}
