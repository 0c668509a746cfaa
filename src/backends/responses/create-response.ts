/** `POST /responses` on a thread's conversation, shaped by what the upstream requires. */
import { learnFromCreateRefusal } from '../../upstream/learn.js';
import type { Ctx } from './context.js';
import { guardLocked } from './run-state.js';
import type { ResponseObject } from './translate.js';

/**
 * Starts a response of the run on the conversation. `input` is sent when there is some,
 * or as `[]` when the upstream requires it. A 400 that names `input` created nothing:
 * it is learned (once, for the process) and the request sent again with `input: []`.
 */
export async function postResponse(ctx: Ctx, threadId: string, request: Record<string, unknown>, input: unknown[] = []): Promise<ResponseObject> {
  const send = () => {
    const withInput = input.length > 0 || ctx.upstream.caps.inputRequired;
    return guardLocked(ctx, threadId, () => ctx.post<ResponseObject>('/responses', { ...request, conversation: threadId, ...(withInput ? { input } : {}) }));
  };
  try {
    return await send();
  } catch (error) {
    if (learnFromCreateRefusal(ctx.upstream, error) !== 'inputRequired') throw error;
    return send();
  }
}
