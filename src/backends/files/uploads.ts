/**
 * Uploading bytes: one multipart POST /files up to the single-request limit, above it the
 * Uploads API (create, parts in order, complete). Each part is read when it is sent, so a
 * file from disk streams through with bounded memory.
 */
import type { Client } from '../../openai.js';
import { pathSegment } from '../../openai/request.js';
import type { CallOptions } from '../types.js';
import { multipartBody } from './multipart.js';
import type { FilesApi, UploadProgress, UploadSource } from './types.js';

/** Sizes that decide how a file is sent. */
export interface UploadLimits {
  /** Larger files go through the Uploads API. */
  singleRequestMaxBytes: number;
  /** Bytes per upload part (the API takes at most 64 MB each). */
  partBytes: number;
}

const MiB = 1024 * 1024;
/** One request stays well inside the per-request timeout; parts are the API's maximum. */
export const UPLOAD_LIMITS: UploadLimits = { singleRequestMaxBytes: 64 * MiB, partBytes: 64 * MiB };

export async function uploadFile(
  client: Client,
  api: FilesApi,
  source: UploadSource,
  purpose: string,
  options: CallOptions & { progress?: UploadProgress },
  limits: Partial<UploadLimits> = {},
): Promise<Record<string, unknown>> {
  const { singleRequestMaxBytes, partBytes } = { ...UPLOAD_LIMITS, ...limits };
  const { filename, contentType, size } = source;
  // A Worker uploads only content, at most CONTENT_MAX_BYTES (2 MiB, tools/files.ts): always one request.
  if (typeof __WORKER__ === 'undefined' && size > singleRequestMaxBytes) return uploadInParts(client, api, source, purpose, options, partBytes);
  const body = multipartBody({ purpose }, { field: 'file', filename, contentType, size, open: () => source.read(0, size) });
  return (await client.request({ method: 'POST', path: '/files', body, signal: options.signal, onRetry: options.onRetry, idempotent: false })) as Record<string, unknown>;
}

/** The Uploads API: create, the parts in order, complete (cancelled on failure). */
async function uploadInParts(
  client: Client,
  api: FilesApi,
  source: UploadSource,
  purpose: string,
  options: CallOptions & { progress?: UploadProgress },
  partBytes: number,
): Promise<Record<string, unknown>> {
  const { signal, onRetry } = options;
  const { filename, contentType, size } = source;
  const once = { signal, onRetry, idempotent: false };
  const upload = (await api.call('createUpload', { filename, purpose, bytes: size, mime_type: contentType }, once)) as { id: string };
  const parts = Math.ceil(size / partBytes);
  try {
    const part_ids: string[] = [];
    for (let n = 0; n < parts; n++) {
      const start = n * partBytes;
      const end = Math.min(size, start + partBytes);
      const body = multipartBody({}, { field: 'data', filename, contentType: 'application/octet-stream', size: end - start, open: () => source.read(start, end) });
      const part = (await client.request({ method: 'POST', path: `/uploads/${pathSegment(upload.id, 'upload_id')}/parts`, body, ...once })) as { id: string };
      part_ids.push(part.id);
      options.progress?.(`Uploaded part ${n + 1} of ${parts} of ${filename} (${end} of ${size} bytes).`);
    }
    const done = (await api.call('completeUpload', { upload_id: upload.id, part_ids }, once)) as { file?: Record<string, unknown> };
    if (!done.file) throw new TypeError(`The upload ${upload.id} completed without a file object`);
    return done.file;
  } catch (error) {
    // Unfinished uploads expire after an hour anyway; cancelling frees them now. Not tied to the caller's signal, which may be the cause.
    await api.call('cancelUpload', { upload_id: upload.id }, { idempotent: true }).catch(() => {});
    throw error;
  }
}
