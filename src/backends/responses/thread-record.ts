/** The store's record of a thread, and the busy guard every conversation write goes through. */
import { busy, isConversationLocked, type Ctx } from './context.js';
import { keys, type ThreadRecord } from './records.js';

export async function loadThread(ctx: Ctx, threadId: string): Promise<ThreadRecord> {
  return (await ctx.store.get<ThreadRecord>(keys.thread(ctx.ns, threadId))) ?? { tool_resources: {} };
}

export async function saveThread(ctx: Ctx, threadId: string, record: ThreadRecord): Promise<void> {
  await ctx.store.put(keys.thread(ctx.ns, threadId), record);
}

/** Runs `fn`, turning OpenAI's `conversation_locked` into the busy-thread error. */
export async function guardLocked<T>(ctx: Ctx, threadId: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (isConversationLocked(error)) throw busy(threadId, (await loadThread(ctx, threadId)).active_run_id);
    throw error;
  }
}

