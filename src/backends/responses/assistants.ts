/** assistant-* operations: assistants exist only in the server's store (OpenAI keeps none any more). */
import { CorruptRecordError } from '../../store/record.js';
import { readListed, type Ctx } from './context.js';
import { mintId } from './ids.js';
import { entriesOf, entryKey, pageIndex, type NewestFirst } from './newest-first.js';
import { listObject, pageArgs } from './pagination.js';
import { keys, lastSegment, notFound, type AssistantRecord, type AssistantTool, type Metadata } from './records.js';
import { storedResources } from './resources.js';

export function assistantObject(record: AssistantRecord): Record<string, unknown> {
  const { order: _order, ...fields } = record;
  return { ...fields, object: 'assistant' };
}

export async function loadAssistant(ctx: Ctx, id: string): Promise<AssistantRecord> {
  const record = await ctx.store.get<AssistantRecord>(keys.assistant(ctx.ns, id));
  if (!record) throw notFound('assistant', id);
  return record;
}

export async function createAssistant(ctx: Ctx, args: Record<string, unknown>) {
  const record: AssistantRecord = {
    id: mintId('asst'),
    created_at: ctx.now(),
    order: ctx.order(),
    name: (args.name as string | null | undefined) ?? null,
    description: (args.description as string | null | undefined) ?? null,
    model: args.model as string,
    instructions: (args.instructions as string | null | undefined) ?? null,
    tools: (args.tools as AssistantTool[] | undefined) ?? [],
    tool_resources: await storedResources(ctx, args.tool_resources),
    metadata: (args.metadata as Metadata | undefined) ?? {},
    temperature: (args.temperature as number | undefined) ?? null,
    top_p: (args.top_p as number | undefined) ?? null,
    response_format: args.response_format ?? 'auto',
    reasoning_effort: (args.reasoning_effort as string | undefined) ?? null,
  };
  await ctx.store.put(keys.assistant(ctx.ns, record.id), record);
  await ctx.store.put(entryKey(keys.assistantIndex(ctx.ns), record.order, record.id), 1);
  return assistantObject(record);
}

/** The assistants of this namespace, newest first. */
function assistantIndex(ctx: Ctx): NewestFirst {
  return {
    prefix: keys.assistantIndex(ctx.ns),
    legacyPrefix: keys.legacyAssistantIndex(ctx.ns),
    orderOf: async (id) => (await ctx.store.get<AssistantRecord>(keys.assistant(ctx.ns, id)))?.order,
    listTool: 'assistant-list',
  };
}

export async function listAssistants(ctx: Ctx, args: Record<string, unknown>) {
  const page = await pageIndex(ctx.store, assistantIndex(ctx), pageArgs(args));
  const records = await readListed<AssistantRecord>(ctx, page.ids.map((id) => keys.assistant(ctx.ns, id)), (key) => `remove it with assistant-delete assistant_id "${lastSegment(key)}"`);
  return listObject(records.map(assistantObject), page.has_more);
}

export async function getAssistant(ctx: Ctx, args: Record<string, unknown>) {
  return assistantObject(await loadAssistant(ctx, args.assistant_id as string));
}

const UPDATABLE = ['name', 'description', 'model', 'instructions', 'tools', 'metadata', 'temperature', 'top_p', 'response_format', 'reasoning_effort'] as const;

export async function modifyAssistant(ctx: Ctx, args: Record<string, unknown>) {
  const record = await loadAssistant(ctx, args.assistant_id as string);
  const next: AssistantRecord = { ...record };
  for (const field of UPDATABLE) {
    if (args[field] !== undefined) Object.assign(next, { [field]: args[field] });
  }
  if (args.tool_resources !== undefined) next.tool_resources = await storedResources(ctx, args.tool_resources);
  await ctx.store.put(keys.assistant(ctx.ns, record.id), next);
  return assistantObject(next);
}

export async function deleteAssistant(ctx: Ctx, args: Record<string, unknown>) {
  const id = args.assistant_id as string;
  const record = await loadAssistant(ctx, id).catch((error: unknown) => {
    // A corrupt record can still be deleted: its index entry is found by id instead of by its order.
    if (error instanceof CorruptRecordError) return undefined;
    throw error;
  });
  const indexKeys = record
    ? [entryKey(keys.assistantIndex(ctx.ns), record.order, record.id), `${keys.legacyAssistantIndex(ctx.ns)}${record.order}/${record.id}`]
    : await entriesOf(ctx.store, assistantIndex(ctx), id);
  for (const key of indexKeys) await ctx.store.delete(key);
  await ctx.store.delete(keys.assistant(ctx.ns, id));
  return { id, object: 'assistant.deleted', deleted: true };
}
