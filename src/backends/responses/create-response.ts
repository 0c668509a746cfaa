/** `POST /responses` for a run, shaped by what the upstream can do. */
import { learnFromCreateRefusal } from '../../upstream/learn.js';
import type { Ctx } from './context.js';
import { localConversations, localInput } from './conversation.js';
import { guardLocked, loadThread } from './thread-record.js';
import type { ResponseObject } from './translate.js';

export interface Started {
  response: ResponseObject;
  /** A foreground response this process drives (the upstream has no background mode). */
  driven: boolean;
}

/**
 * Starts a response of the run. On an upstream conversation, `input` holds what is new
 * (sent as `[]` where the upstream requires it); a thread kept in the store sends all its
 * items as `input`. Without background mode the response is driven here. A 400 that
 * names `input` or `background` created nothing: it is learned (once, for the process)
 * and the request sent again the way the upstream wants.
 */
export async function postResponse(ctx: Ctx, threadId: string, request: Record<string, unknown>, input: Record<string, unknown>[] = []): Promise<Started> {
  const local = (await loadThread(ctx, threadId)).local === true;
  const send = async (): Promise<Started> => {
    const { caps } = ctx.upstream;
    const withInput = input.length > 0 || caps.inputRequired;
    const on = local ? { input: [...(await localInput(ctx, threadId)), ...input] } : { conversation: threadId, ...(withInput ? { input } : {}) };
    if (!caps.background) return { response: await guardLocked(ctx, threadId, () => ctx.drive({ ...request, ...on, store: caps.storedResponses })), driven: true };
    return { response: await guardLocked(ctx, threadId, () => ctx.post<ResponseObject>('/responses', { ...request, ...on })), driven: false };
  };
  let started: Started;
  try {
    started = await send();
  } catch (error) {
    if (!learnFromCreateRefusal(ctx.upstream, error)) throw error;
    started = await send();
  }
  // A thread kept here records the new input once the upstream took it, as a conversation would.
  if (local && input.length) await localConversations.addItems(ctx, threadId, input);
  return started;
}
