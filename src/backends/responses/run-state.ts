/**
 * A run's life: its status is derived from the current response of its chain plus the
 * local overlay (requires_action, cancelling, expired), and the thread lock follows it.
 */
import { OpenAIError } from '../../openai/errors.js';
import { busy, path, type Ctx } from './context.js';
import { conversationOf, localConversations } from './conversation.js';
import { loadThread, saveThread } from './thread-record.js';

export { guardLocked, loadThread, saveThread } from './thread-record.js';
import { keys, notFound, TERMINAL, type MessageSide, type RunRecord, type ThreadRecord, type ToolCall } from './records.js';
import { settleWaitingSteps, stepsOf } from './steps.js';
import { incompleteDetails, runError, runUsage, type ResponseObject } from './translate.js';

/** How long a requires_action run waits for tool outputs (Assistants' 10 minutes). */
export const REQUIRES_ACTION_TTL = 600;

export async function loadRun(ctx: Ctx, threadId: string, runId: string): Promise<RunRecord> {
  const run = await ctx.store.get<RunRecord>(keys.run(ctx.ns, threadId, runId));
  if (!run) throw notFound('run', runId, `on thread ${threadId}`);
  return run;
}

export async function saveRun(ctx: Ctx, run: RunRecord): Promise<void> {
  await ctx.store.put(keys.run(ctx.ns, run.thread_id, run.id), run);
}

/**
 * One run per thread, as Assistants had: throws the busy error while the thread's
 * active run is unfinished (refreshing it first), and returns the thread record.
 */
export async function assertIdle(ctx: Ctx, threadId: string): Promise<ThreadRecord> {
  const thread = await loadThread(ctx, threadId);
  if (!thread.active_run_id) return thread;
  const run = await ctx.store.get<RunRecord>(keys.run(ctx.ns, threadId, thread.active_run_id));
  if (!run) {
    await releaseLock(ctx, threadId, thread.active_run_id);
  } else if (!TERMINAL.has((await refreshRun(ctx, run)).status)) {
    throw busy(threadId, run.id);
  }
  return loadThread(ctx, threadId);
}

async function releaseLock(ctx: Ctx, threadId: string, runId: string): Promise<void> {
  const thread = await ctx.store.get<ThreadRecord>(keys.thread(ctx.ns, threadId));
  if (thread?.active_run_id !== runId) return;
  const { active_run_id: _released, ...rest } = thread;
  await saveThread(ctx, threadId, rest);
}

/** Brings an unfinished run up to date from its current response (or its expiry), and saves it. */
export async function refreshRun(ctx: Ctx, run: RunRecord): Promise<RunRecord> {
  if (TERMINAL.has(run.status)) return run;
  if (run.status === 'requires_action') {
    if (run.expires_at !== null && ctx.now() >= run.expires_at) return closeWaitingRun(ctx, run, 'expired');
    return run;
  }
  const current = run.response_ids[run.response_ids.length - 1];
  const driven = ctx.drivers.get(current);
  if (driven) {
    const response = driven.latest;
    const applied = await applyResponse(ctx, run, response);
    // Forgotten only once its end is saved, so a concurrent reader never finds it missing.
    if (response.status !== 'queued' && response.status !== 'in_progress') ctx.drivers.delete(current);
    return applied;
  }
  if (run.driven) {
    // Settled meanwhile by the process that drove it?
    const stored = await loadRun(ctx, run.thread_id, run.id);
    const waiting = stored.status === 'queued' || stored.status === 'in_progress' || stored.status === 'cancelling';
    if (!waiting || stored.response_ids[stored.response_ids.length - 1] !== current) return stored;
    // Its stream lived in a server process that is gone (restarted, or a Worker request that ended).
    const message = 'The server process that was reading this run\'s response stopped before it finished (this upstream has no background mode).';
    return finish(ctx, { ...run, status: 'failed', failed_at: ctx.now(), last_error: { code: 'server_error', message } });
  }
  let response: ResponseObject;
  try {
    response = await ctx.get<ResponseObject>(path`/responses/${current}`);
  } catch (error) {
    // Stored responses live 30 days; a vanished one cannot finish any more.
    if (error instanceof OpenAIError && error.details.status === 404) {
      return finish(ctx, { ...run, status: 'expired', expires_at: ctx.now() });
    }
    throw error;
  }
  return applyResponse(ctx, run, response);
}

/** Folds the current response's state into the run, and saves it. */
export async function applyResponse(ctx: Ctx, run: RunRecord, response: ResponseObject): Promise<RunRecord> {
  const now = ctx.now();
  const next: RunRecord = { ...run };
  const cancelling = run.status === 'cancelling';
  switch (response.status) {
    case 'queued':
      if (!cancelling) next.status = 'queued';
      await saveRun(ctx, next);
      return next;
    case 'in_progress':
      if (!cancelling) next.status = 'in_progress';
      next.started_at ??= now;
      await saveRun(ctx, next);
      return next;
  }
  next.started_at ??= response.created_at ?? now;
  next.usage = runUsage(run.usage, response.usage);
  next.steps = [...run.steps, ...stepsOf(response, now)];
  next.message_ids = [...run.message_ids, ...(await recordMessages(ctx, run, response, now))];
  await keepOutput(ctx, run.thread_id, response);
  switch (response.status) {
    case 'completed': {
      const calls = pendingCalls(response);
      if (calls.length && cancelling) return closeWaitingRun(ctx, { ...next, required_action: { type: 'submit_tool_outputs', submit_tool_outputs: { tool_calls: calls } } }, 'cancelled');
      if (calls.length) {
        Object.assign(next, { status: 'requires_action', expires_at: now + REQUIRES_ACTION_TTL });
        next.required_action = { type: 'submit_tool_outputs', submit_tool_outputs: { tool_calls: calls } };
        await saveRun(ctx, next);
        return next;
      }
      return finish(ctx, { ...next, status: 'completed', completed_at: response.completed_at ?? now });
    }
    case 'failed':
      return finish(ctx, { ...next, status: 'failed', failed_at: now, last_error: runError(response.error) });
    case 'cancelled':
      return finish(ctx, { ...next, status: 'cancelled', cancelled_at: now });
    default:
      return finish(ctx, { ...next, status: 'incomplete', incomplete_details: incompleteDetails(response.incomplete_details) });
  }
}

/** A thread kept in the store gets what the response wrote, as an upstream conversation would. */
async function keepOutput(ctx: Ctx, threadId: string, response: ResponseObject): Promise<void> {
  if (response.status !== 'completed' && response.status !== 'incomplete') return;
  if (!(await loadThread(ctx, threadId)).local) return;
  const items = (response.output ?? []).filter((item) => item.type === 'message' || item.type === 'function_call');
  if (items.length) await localConversations.addItems(ctx, threadId, items);
}

/** Records a driven run's end when its stream ends, even if nobody polls. */
export function settleWhenDriven(ctx: Ctx, run: RunRecord): void {
  const driven = ctx.drivers.get(run.response_ids[run.response_ids.length - 1]);
  if (!driven) return;
  const later = ctx.detached();
  void driven.done.then(async () => refreshRun(later, await loadRun(later, run.thread_id, run.id))).catch(() => undefined);
}

/** `function_call` items of the response; none can have been answered yet, since outputs come in the next response. */
function pendingCalls(response: ResponseObject): ToolCall[] {
  return (response.output ?? [])
    .filter((item) => item.type === 'function_call')
    .map((item) => ({ id: item.call_id as string, type: 'function', function: { name: item.name as string, arguments: item.arguments as string } }));
}

/** Output messages become side-table rows, so message-list can show their run and time. */
async function recordMessages(ctx: Ctx, run: RunRecord, response: ResponseObject, now: number): Promise<string[]> {
  const ids = (response.output ?? []).filter((item) => item.type === 'message').map((item) => item.id);
  const side: MessageSide = { created_at: response.completed_at ?? now, run_id: run.id, assistant_id: run.assistant_id };
  await Promise.all(ids.map((id) => ctx.store.put(keys.message(ctx.ns, run.thread_id, id), side)));
  return ids;
}

/**
 * Ends a requires_action run without outputs. The conversation still holds its
 * unanswered function calls, which would make every later response fail, so each
 * gets a function_call_output saying what happened.
 */
export async function closeWaitingRun(ctx: Ctx, run: RunRecord, status: 'cancelled' | 'expired'): Promise<RunRecord> {
  const calls = run.required_action?.submit_tool_outputs.tool_calls ?? [];
  if (calls.length) {
    const items = calls.map((call) => ({ type: 'function_call_output', call_id: call.id, output: status === 'cancelled' ? 'cancelled' : 'expired: no output was submitted in time' }));
    await (await conversationOf(ctx, run.thread_id)).addItems(ctx, run.thread_id, items);
  }
  const now = ctx.now();
  const next: RunRecord = { ...run, status, steps: settleWaitingSteps(run, status, now) };
  if (status === 'cancelled') next.cancelled_at = now;
  return finish(ctx, next);
}

/** A run that reached a terminal status: no pending action, no expiry, the thread freed. */
export async function finish(ctx: Ctx, run: RunRecord): Promise<RunRecord> {
  const next: RunRecord = { ...run, required_action: null, expires_at: run.status === 'expired' ? run.expires_at : null };
  await saveRun(ctx, next);
  await releaseLock(ctx, run.thread_id, run.id);
  return next;
}
