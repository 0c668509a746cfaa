/**
 * tool_resources and message attachments: the inline `vector_stores` helper becomes a
 * POST /vector_stores, and attachments go where the Responses tools can reach them.
 */
import { abortableSleep } from '../../abortable-sleep.js';
import { path, type Ctx } from './context.js';
import type { ThreadRecord, ToolResources } from './records.js';

/** The spec's examples and the official SDK send the Assistants beta header on /vector_stores calls. */
const VECTOR_STORES = { headers: { 'openai-beta': 'assistants=v2' } };

interface ResourcesArg {
  code_interpreter?: { file_ids?: string[] };
  file_search?: { vector_store_ids?: string[]; vector_stores?: Record<string, unknown>[] };
}

/** tool_resources as stored: vector stores given inline are created first (as Assistants did on create). */
export async function storedResources(ctx: Ctx, given: unknown): Promise<ToolResources> {
  const resources = (given ?? {}) as ResourcesArg;
  const out: ToolResources = {};
  if (resources.code_interpreter) out.code_interpreter = { file_ids: resources.code_interpreter.file_ids ?? [] };
  if (resources.file_search) {
    const ids = [...(resources.file_search.vector_store_ids ?? [])];
    for (const spec of resources.file_search.vector_stores ?? []) {
      const store = await ctx.post<{ id: string }>('/vector_stores', spec, VECTOR_STORES);
      ids.push(store.id);
    }
    out.file_search = { vector_store_ids: ids };
  }
  return out;
}

interface Attachment {
  file_id: string;
  tools?: { type?: string }[];
}

/**
 * Message attachments have no counterpart on conversation items: code_interpreter files
 * join the container of the thread's later runs; file_search files go into a vector
 * store the server makes for the thread. Returns the updated thread record.
 */
export async function applyAttachments(ctx: Ctx, thread: ThreadRecord, attachments: unknown): Promise<ThreadRecord> {
  const list = (attachments ?? []) as Attachment[];
  const forTool = (type: string) => list.filter((a) => a.tools?.some((t) => t.type === type)).map((a) => a.file_id);
  const code = forTool('code_interpreter');
  const search = forTool('file_search');
  const next = { ...thread };
  if (code.length) next.attachment_file_ids = [...new Set([...(thread.attachment_file_ids ?? []), ...code])];
  if (search.length) {
    if (next.attachment_vector_store_id) {
      for (const file_id of search) await ctx.post(path`/vector_stores/${next.attachment_vector_store_id}/files`, { file_id }, VECTOR_STORES);
    } else {
      const store = await ctx.post<{ id: string }>('/vector_stores', { name: 'thread attachments', file_ids: search }, VECTOR_STORES);
      next.attachment_vector_store_id = store.id;
    }
  }
  return next;
}

/**
 * Assistants runs waited until a thread's attachment files were indexed; so does this backend,
 * for at most `maxWaitMs` (then the run searches what is indexed so far).
 */
export async function attachmentsIndexed(ctx: Ctx, thread: ThreadRecord, maxWaitMs = 30_000): Promise<void> {
  const id = thread.attachment_vector_store_id;
  if (!id) return;
  for (let waited = 0, delay = 250; ; waited += delay, delay = Math.min(delay * 2, 2000)) {
    const store = await ctx.get<{ file_counts?: { in_progress?: number } }>(path`/vector_stores/${id}`, undefined, VECTOR_STORES.headers);
    if (!store.file_counts?.in_progress || waited >= maxWaitMs || ctx.signal?.aborted) return;
    await abortableSleep(delay, ctx.signal);
  }
}

/** What a thread contributes to a run's tools, attachments included. */
export function threadResources(thread: ThreadRecord): ToolResources[] {
  return [
    thread.tool_resources,
    {
      code_interpreter: { file_ids: thread.attachment_file_ids },
      file_search: { vector_store_ids: thread.attachment_vector_store_id ? [thread.attachment_vector_store_id] : [] },
    },
  ];
}
