/**
 * Where a thread's items live: in an upstream conversation (`/conversations`), or, when
 * the upstream has none, in the server's store, from where they go upstream as `input`.
 * One seam, so threads, messages and runs never ask which.
 */
import { ToolError } from '../../errors.js';
import { path, type Ctx } from './context.js';
import { mintId } from './ids.js';
import { keys, type Metadata } from './records.js';
import { guardLocked, loadThread } from './thread-record.js';

export interface ConversationObject {
  id: string;
  created_at?: number;
  metadata?: Metadata | null;
}

/** An item as the conversation API lists it. */
export interface Item {
  id: string;
  type?: string;
  role?: string;
  [field: string]: unknown;
}

export interface ItemPage {
  data: Item[];
  has_more?: boolean;
}

/** A thread's conversation, upstream or in the store. */
export interface Conversations {
  /** Items given at creation come back without ids (upstream). */
  create(ctx: Ctx, metadata: unknown, items: Record<string, unknown>[]): Promise<ConversationObject>;
  get(ctx: Ctx, id: string): Promise<ConversationObject>;
  update(ctx: Ctx, id: string, metadata: unknown): Promise<ConversationObject>;
  remove(ctx: Ctx, id: string): Promise<void>;
  /** At most 20 items per call (the API's limit). */
  addItems(ctx: Ctx, id: string, items: Record<string, unknown>[]): Promise<{ id: string }[]>;
  listItems(ctx: Ctx, id: string, query: { order: 'asc' | 'desc'; limit: number; after?: string }): Promise<ItemPage>;
  getItem(ctx: Ctx, id: string, itemId: string): Promise<Item>;
  removeItem(ctx: Ctx, id: string, itemId: string): Promise<void>;
}

export const upstreamConversations: Conversations = {
  create: (ctx, metadata, items) => ctx.post<ConversationObject>('/conversations', { metadata: metadata ?? {}, ...(items.length ? { items } : {}) }),
  get: (ctx, id) => ctx.get<ConversationObject>(path`/conversations/${id}`),
  update: (ctx, id, metadata) => guardLocked(ctx, id, () => ctx.post<ConversationObject>(path`/conversations/${id}`, { metadata }, { idempotent: true })),
  remove: async (ctx, id) => void (await guardLocked(ctx, id, () => ctx.del(path`/conversations/${id}`))),
  addItems: async (ctx, id, items) => (await guardLocked(ctx, id, () => ctx.post<{ data: { id: string }[] }>(path`/conversations/${id}/items`, { items }))).data,
  listItems: (ctx, id, query) => ctx.get<ItemPage>(path`/conversations/${id}/items`, query),
  getItem: (ctx, id, itemId) => ctx.get<Item>(path`/conversations/${id}/items/${itemId}`),
  removeItem: async (ctx, id, itemId) => void (await guardLocked(ctx, id, () => ctx.del(path`/conversations/${id}/items/${itemId}`))),
};

/** A conversation kept in the store (upstreams without `/conversations`). */
interface LocalConversation extends ConversationObject {
  items: Item[];
}

async function loadLocal(ctx: Ctx, id: string): Promise<LocalConversation> {
  const found = await ctx.store.get<LocalConversation>(keys.localConversation(ctx.ns, id));
  if (!found) throw new ToolError(`No thread ${id} in this server's store.`, 'Check the ID; threads cannot be listed, so use the id thread-create returned.');
  return found;
}

const saveLocal = (ctx: Ctx, conversation: LocalConversation) => ctx.store.put(keys.localConversation(ctx.ns, conversation.id), conversation);

/** Message content as conversation items carry it: always a list of parts. */
function normalize(item: Record<string, unknown>): Item {
  const id = typeof item.id === 'string' ? item.id : mintId(item.type === 'message' ? 'msg' : 'item');
  if (item.type === 'message' && typeof item.content === 'string') {
    const part = item.role === 'assistant' ? { type: 'output_text', text: item.content, annotations: [] } : { type: 'input_text', text: item.content };
    return { ...item, id, status: 'completed', content: [part] };
  }
  return { status: 'completed', ...item, id };
}

export const localConversations: Conversations = {
  async create(ctx, metadata, items) {
    const conversation: LocalConversation = { id: mintId('conv'), created_at: ctx.now(), metadata: (metadata as Metadata | undefined) ?? {}, items: items.map(normalize) };
    await saveLocal(ctx, conversation);
    return { id: conversation.id, created_at: conversation.created_at, metadata: conversation.metadata };
  },
  async get(ctx, id) {
    const { items: _items, ...conversation } = await loadLocal(ctx, id);
    return conversation;
  },
  async update(ctx, id, metadata) {
    const conversation = { ...(await loadLocal(ctx, id)), metadata: metadata as Metadata };
    await saveLocal(ctx, conversation);
    const { items: _items, ...rest } = conversation;
    return rest;
  },
  async remove(ctx, id) {
    await loadLocal(ctx, id);
    await ctx.store.delete(keys.localConversation(ctx.ns, id));
  },
  async addItems(ctx, id, items) {
    const conversation = await loadLocal(ctx, id);
    const added = items.map(normalize);
    await saveLocal(ctx, { ...conversation, items: [...conversation.items, ...added] });
    return added;
  },
  async listItems(ctx, id, { order, limit, after }) {
    const { items } = await loadLocal(ctx, id);
    const sequence = order === 'asc' ? items : [...items].reverse();
    const start = after === undefined ? 0 : sequence.findIndex((item) => item.id === after) + 1;
    const data = sequence.slice(start, start + limit);
    return { data, has_more: start + limit < sequence.length };
  },
  async getItem(ctx, id, itemId) {
    const item = (await loadLocal(ctx, id)).items.find((i) => i.id === itemId);
    if (!item) throw new ToolError(`No message ${itemId} in thread ${id}.`, 'Find valid message ids with message-list.');
    return item;
  },
  async removeItem(ctx, id, itemId) {
    const conversation = await loadLocal(ctx, id);
    await localConversations.getItem(ctx, id, itemId);
    await saveLocal(ctx, { ...conversation, items: conversation.items.filter((item) => item.id !== itemId) });
  },
};

/** The conversation of an existing thread: where it was made. */
export async function conversationOf(ctx: Ctx, threadId: string): Promise<Conversations> {
  return (await loadThread(ctx, threadId)).local ? localConversations : upstreamConversations;
}

/** Where a new thread's conversation goes: upstream when the upstream has conversations. */
export function conversationsForNewThread(ctx: Ctx): Conversations {
  return ctx.upstream.caps.conversations ? upstreamConversations : localConversations;
}

/** A local thread's items as Responses `input`: messages, function calls and their outputs, without ids. */
export async function localInput(ctx: Ctx, threadId: string): Promise<Record<string, unknown>[]> {
  const { items } = await loadLocal(ctx, threadId);
  return items.flatMap((item): Record<string, unknown>[] => {
    const parts = (item.content as { type: string; text?: string }[] | undefined) ?? [];
    if (item.type === 'message' && item.role === 'assistant') return [{ role: 'assistant', content: parts.map((p) => p.text ?? '').join('') }];
    if (item.type === 'message') return [{ type: 'message', role: item.role, content: parts }];
    if (item.type === 'function_call') return [{ type: 'function_call', call_id: item.call_id, name: item.name, arguments: item.arguments }];
    if (item.type === 'function_call_output') return [{ type: 'function_call_output', call_id: item.call_id, output: item.output }];
    return [];
  });
}
