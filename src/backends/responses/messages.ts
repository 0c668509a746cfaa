/**
 * message-* operations: messages are the conversation's `message` items (user and
 * assistant only); metadata, attachments, created_at and run_id come from the side table.
 */
import { ToolError } from '../../errors.js';
import { isThreadMessage, messageObject, type MessageItem } from './content.js';
import type { Ctx } from './context.js';
import { conversationOf } from './conversation.js';
import { DEFAULT_LIMIT, listObject, pageArgs } from './pagination.js';
import { assertConversationId, keys, type Metadata, type MessageSide, type RunRecord, type ThreadRecord } from './records.js';
import { applyAttachments } from './resources.js';
import { assertIdle, loadRun, loadThread, refreshRun, saveThread } from './run-state.js';
import { settleDetached } from './detached.js';
import { collectItems, type ListedItem } from './item-pages.js';
import { addMessages } from './threads.js';

async function side(ctx: Ctx, threadId: string, id: string): Promise<MessageSide | undefined> {
  return ctx.store.get<MessageSide>(keys.message(ctx.ns, threadId, id));
}

async function toMessage(ctx: Ctx, threadId: string, item: MessageItem, thread: ThreadRecord) {
  return messageObject(item, threadId, await side(ctx, threadId, item.id), thread.created_at ?? 0);
}

export async function createMessage(ctx: Ctx, args: Record<string, unknown>) {
  const threadId = args.thread_id as string;
  assertConversationId(threadId);
  // As in Assistants: a message in the middle of a run would orphan its pending tool calls.
  let thread = await assertIdle(ctx, threadId);
  if (args.attachments) {
    thread = await applyAttachments(ctx, thread, args.attachments);
    await saveThread(ctx, threadId, thread);
  }
  const message = { role: args.role as string, content: args.content, metadata: args.metadata as Metadata | undefined, attachments: args.attachments as unknown[] | undefined };
  const [created] = await addMessages(ctx, threadId, [message]);
  const item: MessageItem = { type: 'message', role: message.role, content: [], ...created };
  return toMessage(ctx, threadId, item, thread);
}

/**
 * Pages through the conversation's items, keeping user and assistant messages, until
 * `limit` are found. The API has no `before`: it is walked in the opposite order.
 */
export async function listMessages(ctx: Ctx, args: Record<string, unknown>) {
  const threadId = args.thread_id as string;
  assertConversationId(threadId);
  const { limit = DEFAULT_LIMIT, order = 'desc', after, before } = pageArgs(args);
  if (after !== undefined && before !== undefined) {
    throw new ToolError('message-list takes after or before, not both.', 'Page forward with after=last_id, or backward with before=first_id.');
  }
  let thread = await loadThread(ctx, threadId);
  // A run that finished unobserved still has to tag its replies with its run_id.
  if (thread.active_run_id) {
    const active = await ctx.store.get<RunRecord>(keys.run(ctx.ns, threadId, thread.active_run_id));
    if (active) await refreshRun(ctx, active);
  }
  thread = await settleDetached(ctx, threadId);
  const only = args.run_id !== undefined ? new Set((await loadRun(ctx, threadId, args.run_id as string)).message_ids) : undefined;
  const walk = before === undefined ? order : order === 'asc' ? 'desc' : 'asc';
  const hidden = new Set(thread.hidden_message_ids ?? []);
  const keep = (item: ListedItem) => isThreadMessage(item) && !hidden.has(item.id) && (!only || only.has(item.id));
  const { items: found, note } = await collectItems(ctx, threadId, walk, after ?? before, keep, limit);
  const data = (found as MessageItem[]).slice(0, limit);
  if (before !== undefined) data.reverse();
  const list = listObject(await Promise.all(data.map((item) => toMessage(ctx, threadId, item, thread))), found.length > limit);
  return note ? { ...list, note } : list;
}

async function loadMessage(ctx: Ctx, threadId: string, messageId: string): Promise<MessageItem> {
  const item = await (await conversationOf(ctx, threadId)).getItem(ctx, threadId, messageId);
  if (!isThreadMessage(item)) {
    throw new ToolError(`${messageId} is not a message of thread ${threadId} (it is a ${item.type ?? 'different'} item).`, 'Find valid message ids with message-list.');
  }
  return item;
}

export async function getMessage(ctx: Ctx, args: Record<string, unknown>) {
  const threadId = args.thread_id as string;
  assertConversationId(threadId);
  const item = await loadMessage(ctx, threadId, args.message_id as string);
  return toMessage(ctx, threadId, item, await loadThread(ctx, threadId));
}

/** Items cannot be changed upstream: metadata lives only in the side table. */
export async function modifyMessage(ctx: Ctx, args: Record<string, unknown>) {
  const threadId = args.thread_id as string;
  assertConversationId(threadId);
  const item = await loadMessage(ctx, threadId, args.message_id as string);
  const key = keys.message(ctx.ns, threadId, item.id);
  const row: MessageSide = { ...(await ctx.store.get<MessageSide>(key)), metadata: (args.metadata as Metadata | undefined) ?? {} };
  await ctx.store.put(key, row);
  return messageObject(item, threadId, row, (await loadThread(ctx, threadId)).created_at ?? 0);
}

export async function deleteMessage(ctx: Ctx, args: Record<string, unknown>) {
  const threadId = args.thread_id as string;
  assertConversationId(threadId);
  const messageId = args.message_id as string;
  await loadMessage(ctx, threadId, messageId);
  await (await conversationOf(ctx, threadId)).removeItem(ctx, threadId, messageId);
  await ctx.store.delete(keys.message(ctx.ns, threadId, messageId));
  return { id: messageId, object: 'thread.message.deleted', deleted: true };
}
