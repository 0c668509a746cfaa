/**
 * run-* operations: a run is a chain of background responses on the thread's
 * conversation, with its record and the per-thread index in the store.
 */
import { ToolError } from '../../errors.js';
import { OpenAIError } from '../../openai/errors.js';
import { loadAssistant } from './assistants.js';
import { path, readListed, type Ctx } from './context.js';
import { mintId } from './ids.js';
import { entryKey, pageIndex, type NewestFirst } from './newest-first.js';
import { listObject, pageArgs } from './pagination.js';
import { assertConversationId, keys, TERMINAL, type Metadata, type RunRecord } from './records.js';
import { applyAttachments, attachmentsIndexed, threadResources } from './resources.js';
import { applyResponse, assertIdle, closeWaitingRun, loadRun, refreshRun, saveRun, saveThread, settleWhenDriven } from './run-state.js';
import { settleWaitingSteps } from './steps.js';
import { postResponse } from './create-response.js';
import { abandonRun } from './detached.js';
import { addMessages } from './threads.js';
import { mergeResources, refuseUnsupportedRunArgs, responseRequest, runConfig, type ResponseObject } from './translate.js';

export function runObject(run: RunRecord): Record<string, unknown> {
  const { config } = run;
  return {
    id: run.id,
    object: 'thread.run',
    created_at: run.created_at,
    thread_id: run.thread_id,
    assistant_id: run.assistant_id,
    status: run.status,
    required_action: run.required_action,
    last_error: run.last_error,
    expires_at: run.expires_at,
    started_at: run.started_at,
    cancelled_at: run.cancelled_at,
    failed_at: run.failed_at,
    completed_at: run.completed_at,
    incomplete_details: run.incomplete_details,
    model: config.model,
    instructions: config.instructions,
    tools: config.tools,
    metadata: run.metadata,
    // As in Assistants: usage is reported once the run has ended.
    usage: TERMINAL.has(run.status) ? run.usage : null,
    temperature: config.temperature,
    top_p: config.top_p,
    max_prompt_tokens: null,
    max_completion_tokens: config.max_completion_tokens,
    truncation_strategy: config.truncation_strategy,
    tool_choice: config.tool_choice,
    parallel_tool_calls: config.parallel_tool_calls,
    response_format: config.response_format,
    reasoning_effort: config.reasoning_effort,
  };
}

interface InlineMessage {
  role: string;
  content: unknown;
  metadata?: Metadata;
  attachments?: unknown[];
}

export async function createRun(ctx: Ctx, args: Record<string, unknown>) {
  refuseUnsupportedRunArgs(args);
  const threadId = args.thread_id as string;
  assertConversationId(threadId);
  const assistant = await loadAssistant(ctx, args.assistant_id as string);
  let thread = await assertIdle(ctx, threadId);
  const extra = (args.additional_messages as InlineMessage[] | undefined) ?? [];
  for (const m of extra) if (m.attachments) thread = await applyAttachments(ctx, thread, m.attachments);
  await attachmentsIndexed(ctx, thread);

  const id = mintId('run');
  const config = runConfig(assistant, args);
  const request = responseRequest(config, mergeResources(assistant.tool_resources, ...threadResources(thread)), {
    runId: id,
    assistantId: assistant.id,
    include: args.include as string[] | undefined,
    compaction: (args.truncation_strategy as { type?: string } | undefined)?.type === 'auto',
  });
  // Added first, so they sit in the thread before the run starts, as additional_messages did.
  await addMessages(ctx, threadId, extra);
  const { response, driven } = await postResponse(ctx, threadId, request);

  const run: RunRecord = {
    id,
    thread_id: threadId,
    assistant_id: assistant.id,
    created_at: ctx.now(),
    order: ctx.order(),
    config,
    request,
    metadata: (args.metadata as Metadata | undefined) ?? {},
    status: 'queued',
    response_ids: [response.id],
    ...(driven ? { driven } : {}),
    required_action: null,
    expires_at: null,
    started_at: null,
    cancelled_at: null,
    failed_at: null,
    completed_at: null,
    last_error: null,
    incomplete_details: null,
    usage: null,
    steps: [],
    message_ids: [],
  };
  await saveRun(ctx, run);
  await ctx.store.put(entryKey(keys.runIndex(ctx.ns, threadId), run.order, id), 1);
  await saveThread(ctx, threadId, { ...thread, active_run_id: id });
  settleWhenDriven(ctx, run);
  return runObject(await applyResponse(ctx, run, response));
}

export async function listRuns(ctx: Ctx, args: Record<string, unknown>) {
  const threadId = args.thread_id as string;
  assertConversationId(threadId);
  const index: NewestFirst = {
    prefix: keys.runIndex(ctx.ns, threadId),
    legacyPrefix: keys.legacyRunIndex(ctx.ns, threadId),
    orderOf: async (id) => (await ctx.store.get<RunRecord>(keys.run(ctx.ns, threadId, id)))?.order,
    listTool: 'run-list',
  };
  const page = await pageIndex(ctx.store, index, pageArgs(args));
  const runs = await readListed<RunRecord>(ctx, page.ids.map((id) => keys.run(ctx.ns, threadId, id)), () => `deleting the thread (thread-delete) removes it`);
  const fresh = await Promise.all(runs.map((run) => refreshRun(ctx, run)));
  return listObject(fresh.map(runObject), page.has_more);
}

async function currentRun(ctx: Ctx, args: Record<string, unknown>): Promise<RunRecord> {
  assertConversationId(args.thread_id as string);
  return refreshRun(ctx, await loadRun(ctx, args.thread_id as string, args.run_id as string));
}

export async function getRun(ctx: Ctx, args: Record<string, unknown>) {
  return runObject(await currentRun(ctx, args));
}

/** Responses cannot be modified: run metadata lives only in the store. */
export async function modifyRun(ctx: Ctx, args: Record<string, unknown>) {
  const run = { ...(await currentRun(ctx, args)), metadata: (args.metadata as Metadata | undefined) ?? {} };
  await saveRun(ctx, run);
  return runObject(run);
}

function cannotCancel(run: RunRecord): ToolError {
  return new ToolError(`Cannot cancel run ${run.id}: its status is ${run.status}.`, 'Only queued, in_progress and requires_action runs can be cancelled; this one has already ended. See it with run-get.');
}

export async function cancelRun(ctx: Ctx, args: Record<string, unknown>) {
  const run = await currentRun(ctx, args);
  if (TERMINAL.has(run.status)) throw cannotCancel(run);
  // No response is in flight while tools are awaited: the run ends here, and its calls are closed.
  if (run.status === 'requires_action') return runObject(await closeWaitingRun(ctx, run, 'cancelled'));
  const current = run.response_ids[run.response_ids.length - 1];
  const driven = ctx.drivers.get(current);
  if (driven) {
    // A foreground stream stops when it is closed.
    driven.abort();
    await driven.done;
    return runObject(await refreshRun(ctx, { ...run, status: 'cancelling' }));
  }
  let response: ResponseObject;
  try {
    response = await ctx.post<ResponseObject>(path`/responses/${current}/cancel`, undefined, { idempotent: true, conflictIsFinal: true });
  } catch (error) {
    // The response may have finished in the meantime.
    const status = error instanceof OpenAIError ? error.details.status : undefined;
    // 409: the response is running and this upstream cannot stop it; cancelled here.
    if (status === 409) return runObject(await abandonRun(ctx, run, error as OpenAIError));
    const fresh = status !== undefined && status < 500 ? await refreshRun(ctx, run) : undefined;
    if (fresh && TERMINAL.has(fresh.status)) throw cannotCancel(fresh);
    // Still running and the upstream will not stop it (400 "only queued responses"): cancelled here.
    if (fresh && status === 400) return runObject(await abandonRun(ctx, fresh, error as OpenAIError));
    throw error;
  }
  return runObject(await applyResponse(ctx, { ...run, status: 'cancelling' }, response));
}

export async function submitToolOutputsToRun(ctx: Ctx, args: Record<string, unknown>) {
  const run = await currentRun(ctx, args);
  if (run.status !== 'requires_action' || !run.required_action) {
    const advice = run.status === 'expired' ? 'Tool outputs must come within 10 minutes; start a new run with run-create.' : 'Submit tool outputs only when run-get shows status requires_action.';
    throw new ToolError(`Run ${run.id} is ${run.status}, not requires_action, so it takes no tool outputs.`, advice);
  }
  const outputs = args.tool_outputs as { tool_call_id: string; output: string }[];
  const pending = run.required_action.submit_tool_outputs.tool_calls.map((c) => c.id);
  const given = new Map(outputs.map((o) => [o.tool_call_id, o.output]));
  const unknown = [...given.keys()].filter((id) => !pending.includes(id));
  const missing = pending.filter((id) => !given.has(id));
  if (unknown.length || missing.length) {
    const parts = [unknown.length ? `not pending: ${unknown.join(', ')}` : '', missing.length ? `missing: ${missing.join(', ')}` : ''].filter(Boolean);
    throw new ToolError(`tool_outputs must answer every pending call of run ${run.id}, once (${parts.join('; ')}).`, `Send one output per id in required_action.submit_tool_outputs.tool_calls (${pending.join(', ')}), all in one call.`);
  }
  const input = pending.map((call_id) => ({ type: 'function_call_output', call_id, output: given.get(call_id) }));
  const { response, driven } = await postResponse(ctx, run.thread_id, run.request, input);
  const next: RunRecord = {
    ...run,
    ...(driven ? { driven } : {}),
    status: 'queued',
    response_ids: [...run.response_ids, response.id],
    required_action: null,
    expires_at: null,
    steps: settleWaitingSteps(run, 'completed', ctx.now(), given),
  };
  const applied = await applyResponse(ctx, next, response);
  settleWhenDriven(ctx, applied);
  return runObject(applied);
}
