/**
 * vector-store-file-add: attach one file (or a batch of several) to a vector store and wait,
 * bounded, until indexing is completed or failed, reporting progress; says which files failed and why.
 */
import { abortableSleep } from '../abortable-sleep.js';
import { filesApi } from './file-helpers.js';
import type { ToolContext } from './types.js';

const FIRST_POLL_MS = 250;
const MAX_POLL_MS = 2000;

interface Indexed {
  id: string;
  status: string;
  last_error?: { code?: string; message?: string } | null;
  file_counts?: { in_progress?: number; completed?: number; failed?: number; cancelled?: number; total?: number };
}

export async function addFilesAndWait(args: Record<string, unknown>, ctx: ToolContext): Promise<Record<string, unknown>> {
  const api = filesApi(ctx);
  const vector_store_id = String(args.vector_store_id);
  const fileIds = (args.file_ids as string[] | undefined) ?? [String(args.file_id)];
  const single = fileIds.length === 1;
  const options = (idempotent: boolean) => ({ signal: ctx.signal, idempotent, onRetry: ctx.onRetry });
  const extras = { ...(args.attributes ? { attributes: args.attributes } : {}), ...(args.chunking_strategy ? { chunking_strategy: args.chunking_strategy } : {}) };
  let current = (single
    ? await api.call('createVectorStoreFile', { vector_store_id, file_id: fileIds[0], ...extras }, options(false))
    : await api.call('createVectorStoreFileBatch', { vector_store_id, file_ids: fileIds, ...extras }, options(false))) as Indexed;

  const waitMs = typeof args.timeout_ms === 'number' ? args.timeout_ms : ctx.waitTimeoutMs;
  const deadline = Date.now() + waitMs;
  let delay = FIRST_POLL_MS;
  while (args.wait !== false && current.status === 'in_progress' && Date.now() < deadline && !ctx.signal.aborted) {
    await abortableSleep(Math.min(delay, Math.max(0, deadline - Date.now())), ctx.signal);
    if (ctx.signal.aborted) break;
    delay = Math.min(delay * 2, MAX_POLL_MS);
    current = (single
      ? await api.call('getVectorStoreFile', { vector_store_id, file_id: current.id }, options(true))
      : await api.call('getVectorStoreFileBatch', { vector_store_id, batch_id: current.id }, options(true))) as Indexed;
    const counts = current.file_counts;
    ctx.progress(counts ? `Indexing ${fileIds.length} files: ${counts.completed ?? 0} completed, ${counts.failed ?? 0} failed, ${counts.in_progress ?? 0} in progress.` : `Indexing ${current.id}: ${current.status}.`);
  }

  const failed = single
    ? current.status === 'failed' ? [{ file_id: current.id, ...errorOf(current) }] : []
    : await failedInBatch(ctx, vector_store_id, current);
  const timed_out = current.status === 'in_progress' && args.wait !== false;
  const result: Record<string, unknown> = { vector_store_id, status: current.status, timed_out, file_ids: fileIds, failed };
  if (!single) Object.assign(result, { batch_id: current.id, file_counts: current.file_counts });
  result.next = nextStep(result, single, waitMs);
  return result;
}

function errorOf(file: Indexed) {
  return { code: file.last_error?.code ?? 'unknown', message: file.last_error?.message ?? 'no reason given' };
}

/** The failed files of a batch, with their errors (only listed when the counts say some failed). */
async function failedInBatch(ctx: ToolContext, vector_store_id: string, batch: Indexed) {
  if (!batch.file_counts?.failed) return [];
  const list = (await filesApi(ctx).call('listFilesInVectorStoreBatch', { vector_store_id, batch_id: batch.id, filter: 'failed', limit: 100 }, { signal: ctx.signal, idempotent: true, onRetry: ctx.onRetry })) as { data?: Indexed[] };
  return (list.data ?? []).map((file) => ({ file_id: file.id, ...errorOf(file) }));
}

function nextStep(result: Record<string, unknown>, single: boolean, waitMs: number): string {
  const failed = result.failed as { file_id: string; message: string }[];
  const which = single ? `vector-store-file-get with vector_store_id "${result.vector_store_id}" and file_id "${(result.file_ids as string[])[0]}"` : `vector-store-file-list with vector_store_id "${result.vector_store_id}" and batch_id "${result.batch_id}"`;
  if (result.timed_out) return `Still indexing after ${Math.round(waitMs / 1000)} s; it keeps going. Check with ${which}.`;
  if (result.status === 'in_progress') return `Indexing started; check with ${which}.`;
  if (failed.length) return `${failed.length} file(s) failed to index: ${failed.map((f) => `${f.file_id} (${f.message})`).join('; ')}. Fix or remove them (vector-store-file-remove); the others are searchable.`;
  if (result.status === 'completed') return `Indexed. Give the assistant file_search over it: assistant-create/update with tools [{"type":"file_search"}] and tool_resources {"file_search":{"vector_store_ids":["${result.vector_store_id}"]}}.`;
  return `Indexing ended ${result.status}.`;
}
