/** thread-* operations: a thread is a conversation (`conv_…` id); the store adds tool_resources and the run lock. */
import { OpenAIError } from '../../openai/errors.js';
import { toInputItem } from './content.js';
import { learnNoConversations } from '../../upstream/learn.js';
import type { Ctx } from './context.js';
import { conversationOf, localConversations, upstreamConversations, type ConversationObject, type Conversations } from './conversation.js';
import { assertConversationId, keys, type Metadata, type MessageSide, type ThreadRecord } from './records.js';
import { applyAttachments, storedResources } from './resources.js';
import { assertIdle, loadThread, saveThread } from './run-state.js';

/** The conversation API takes at most 20 items per call. */
export const ITEMS_PER_CALL = 20;

/**
 * A new thread's conversation: upstream when the upstream has `/conversations` (a 404 for
 * the endpoint itself is learned once), else in the store.
 */
async function createConversation(ctx: Ctx, metadata: unknown, inline: Record<string, unknown>[]): Promise<{ conversations: Conversations; conversation: ConversationObject }> {
  if (ctx.upstream.caps.conversations) {
    try {
      return { conversations: upstreamConversations, conversation: await upstreamConversations.create(ctx, metadata, inline) };
    } catch (error) {
      if (!learnNoConversations(ctx.upstream, error)) throw error;
    }
  }
  return { conversations: localConversations, conversation: await localConversations.create(ctx, metadata, inline) };
}

interface InlineMessage {
  role: string;
  content: unknown;
  metadata?: Metadata;
  attachments?: unknown[];
}

function threadObject(conversation: ConversationObject, record: ThreadRecord): Record<string, unknown> {
  return {
    id: conversation.id,
    object: 'thread',
    created_at: conversation.created_at ?? record.created_at ?? 0,
    metadata: conversation.metadata ?? {},
    tool_resources: record.tool_resources ?? {},
  };
}

export function chunks<T>(items: readonly T[], size = ITEMS_PER_CALL): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Adds messages to a conversation, 20 per call, and records the side-table rows of
 * those that carry metadata or attachments. Returns the created items.
 */
export async function addMessages(ctx: Ctx, threadId: string, messages: readonly InlineMessage[]): Promise<{ id: string }[]> {
  const items = messages.map((m) => toInputItem(m.role, m.content));
  const created: { id: string }[] = [];
  const conversation = await conversationOf(ctx, threadId);
  for (const batch of chunks(items)) created.push(...(await conversation.addItems(ctx, threadId, batch)));
  const now = ctx.now();
  await Promise.all(
    messages.map((m, i) => {
      const side: MessageSide = { created_at: now, ...(m.metadata ? { metadata: m.metadata } : {}), ...(m.attachments ? { attachments: m.attachments } : {}) };
      return created[i] ? ctx.store.put(keys.message(ctx.ns, threadId, created[i].id), side) : undefined;
    }),
  );
  return created;
}

export async function createThread(ctx: Ctx, args: Record<string, unknown>) {
  const messages = (args.messages as InlineMessage[] | undefined) ?? [];
  const items = messages.map((m) => toInputItem(m.role, m.content)); // refuses bad content before anything is created
  const tool_resources = await storedResources(ctx, args.tool_resources);
  // Items given at creation come back without ids; messages with side data are added afterwards to learn theirs.
  const inline = messages.some((m) => m.metadata || m.attachments) ? [] : items.slice(0, ITEMS_PER_CALL);
  const { conversations, conversation } = await createConversation(ctx, args.metadata, inline);
  try {
    const local = conversations === localConversations;
    let record: ThreadRecord = { created_at: conversation.created_at ?? ctx.now(), tool_resources, ...(local ? { local: true as const } : {}) };
    // Saved first, so the messages below know the conversation lives in the store.
    if (local) await saveThread(ctx, conversation.id, record);
    for (const m of messages) if (m.attachments) record = await applyAttachments(ctx, record, m.attachments);
    await addMessages(ctx, conversation.id, messages.slice(inline.length));
    await saveThread(ctx, conversation.id, record);
    return threadObject(conversation, record);
  } catch (error) {
    // Not atomic upstream: undo the half-made thread.
    await conversations.remove(ctx, conversation.id).catch(() => undefined);
    await ctx.store.delete(keys.thread(ctx.ns, conversation.id)).catch(() => undefined);
    throw error;
  }
}

export async function getThread(ctx: Ctx, args: Record<string, unknown>) {
  const threadId = args.thread_id as string;
  assertConversationId(threadId);
  const conversation = await (await conversationOf(ctx, threadId)).get(ctx, threadId);
  return threadObject(conversation, await loadThread(ctx, threadId));
}

export async function modifyThread(ctx: Ctx, args: Record<string, unknown>) {
  const threadId = args.thread_id as string;
  assertConversationId(threadId);
  let record = await assertIdle(ctx, threadId);
  // The update body requires metadata, so a tool_resources-only change just reads the conversation.
  const conversations = await conversationOf(ctx, threadId);
  const conversation = args.metadata !== undefined ? await conversations.update(ctx, threadId, args.metadata) : await conversations.get(ctx, threadId);
  if (args.tool_resources !== undefined) {
    record = { ...record, tool_resources: await storedResources(ctx, args.tool_resources) };
    await saveThread(ctx, threadId, record);
  }
  return threadObject(conversation, record);
}

export async function deleteThread(ctx: Ctx, args: Record<string, unknown>) {
  const threadId = args.thread_id as string;
  assertConversationId(threadId);
  await assertIdle(ctx, threadId);
  const purge = async () => {
    const stale = await ctx.store.list(keys.threadPrefix(ctx.ns, threadId));
    await Promise.all(stale.map((key) => ctx.store.delete(key)));
  };
  try {
    await (await conversationOf(ctx, threadId)).remove(ctx, threadId);
  } catch (error) {
    // Gone upstream already: what the store still holds about it is of no use.
    if (error instanceof OpenAIError && error.details.status === 404) await purge();
    throw error;
  }
  await purge();
  return { id: threadId, object: 'thread.deleted', deleted: true };
}
