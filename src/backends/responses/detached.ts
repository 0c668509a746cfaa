/**
 * Runs whose cancel the upstream refused (some servers only cancel queued responses):
 * the run is cancelled here at once, its response is left to finish upstream, and
 * what that response writes is hidden from message-list, so it never reads as an answer.
 */
import { OpenAIError } from '../../openai/errors.js';
import { path, type Ctx } from './context.js';
import type { RunRecord } from './records.js';
import { finish, loadThread, saveThread } from './run-state.js';
import type { ResponseObject } from './translate.js';

/** Ends `run` as cancelled after the upstream refused to cancel its current response. */
export async function abandonRun(ctx: Ctx, run: RunRecord, refusal: OpenAIError): Promise<RunRecord> {
  const responseId = run.response_ids[run.response_ids.length - 1];
  ctx.upstream.correct('cancelRunning', false, `POST /responses/{id}/cancel answered ${refusal.details.status}`);
  const thread = await loadThread(ctx, run.thread_id);
  await saveThread(ctx, run.thread_id, { ...thread, detached_response_ids: [...(thread.detached_response_ids ?? []), responseId] });
  const message =
    `The upstream refused to stop response ${responseId} (${refusal.details.status}: ${refusal.message}). ` +
    'The run is cancelled here; the response may still finish upstream, and what it writes is not shown as an answer.';
  return finish(ctx, { ...run, status: 'cancelled', cancelled_at: ctx.now(), last_error: { code: 'cancel_refused_upstream', message } });
}

/** Hides the output of detached responses that have ended; returns the thread record as it is now. */
export async function settleDetached(ctx: Ctx, threadId: string) {
  const thread = await loadThread(ctx, threadId);
  const detached = thread.detached_response_ids ?? [];
  if (!detached.length) return thread;
  const still: string[] = [];
  const hidden = [...(thread.hidden_message_ids ?? [])];
  for (const id of detached) {
    let response: ResponseObject;
    try {
      response = await ctx.get<ResponseObject>(path`/responses/${id}`);
    } catch (error) {
      if (error instanceof OpenAIError && error.details.status === 404) continue;
      throw error;
    }
    if (response.status === 'queued' || response.status === 'in_progress') still.push(id);
    else hidden.push(...(response.output ?? []).filter((item) => item.type === 'message').map((item) => item.id));
  }
  const next = { ...thread, detached_response_ids: still, hidden_message_ids: hidden };
  await saveThread(ctx, threadId, next);
  return next;
}
