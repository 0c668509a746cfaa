/**
 * The fake model of the Responses fake: what a response will output (decided from its context when it
 * is created), and the lifecycle steps that produce it. Every step changes the response and returns
 * the stream event that reports the change, so polling and streaming drive one state machine.
 */
import { isObj, lastUserText, now, type Item, type Json } from './responses-validate.js';

export type ResponseStatus = 'queued' | 'in_progress' | 'completed' | 'failed' | 'cancelled' | 'incomplete';
/** What the model will do: call the first function tool, answer in text, or fail. */
export type Plan =
  | { kind: 'call'; name: string; args: string }
  | { kind: 'text'; text: string; annotations?: Json[] }
  | { kind: 'fail' };

/** The public Response object plus what the fake needs to move it along. */
export interface ResponseState {
  obj: Json & { id: string; status: ResponseStatus; output: Item[] };
  /** The conversation's items (or the previous response's chain) the model sees before `input`. */
  context: Item[];
  /** True when `context` came from a conversation (then GET …/input_items lists it too). */
  contextIsConversation: boolean;
  input: Item[];
  plan: Plan;
  /** GETs (or stream ticks) the response still stays in_progress for (the SLOW trigger). */
  slowLeft: number;
  /** Every event emitted so far, serialized as SSE frames; index = sequence_number. */
  log: string[];
  /** Steps of the current transition not yet applied (a stream applies them one at a time). */
  pending: Step[];
  /** store:false: answered once, never retrievable. */
  hidden: boolean;
  /** Called once when the response completes: appends input and output items to its conversation. */
  onComplete: () => void;
}
/** Applies one change; returns the event reporting it, or null for a silent tick. */
export type Step = () => Json | null;

export const ACTIVE: ReadonlySet<ResponseStatus> = new Set<ResponseStatus>(['queued', 'in_progress']);
export const USAGE = (): Json => ({
  input_tokens: 12, input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
  output_tokens: 6, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 18,
});
export const FAILURE = { code: 'server_error', message: 'The model failed (fake).' } as const;

/** The function the model calls, if any: `tool_choice` {type:function,name}, else the first function tool (not with "none"). */
function functionToCall(body: Json): string | undefined {
  const choice = body.tool_choice;
  if (choice === 'none') return undefined;
  if (isObj(choice) && choice.type === 'function' && typeof choice.name === 'string') return choice.name;
  const tools = Array.isArray(body.tools) ? body.tools : [];
  const fn = tools.find((t): t is Json => isObj(t) && t.type === 'function' && typeof t.name === 'string');
  return fn ? String(fn.name) : undefined;
}

const outputText = (output: unknown): string => typeof output === 'string'
  ? output
  : (Array.isArray(output) ? output : []).map((p: unknown) => (isObj(p) && typeof p.text === 'string' ? p.text : '')).join('');

/** Sentences of indexed files matching a question, best first (the Files fake's search). */
export type FileSearch = (vectorStoreIds: string[], query: string) => { file_id: string; filename: string; text: string }[];

/**
 * Tool outputs in the input are answered first; then FAIL in the last user text fails; then a function tool
 * is called; then file_search answers with the best-matching sentence, cited; else an echo.
 */
export function decide(body: Json, context: Item[], input: Item[], search: FileSearch = () => []): Plan {
  // The latest turn decides: a tool output after the last user message is answered (a stateless
  // client sends the whole history as input, earlier tool outputs included).
  const turns = [...context, ...input].filter((i) => i.type === 'function_call_output' || (i.type === 'message' && i.role === 'user'));
  const toolOutput = turns.at(-1)?.type === 'function_call_output' ? turns.at(-1) : undefined;
  if (toolOutput) return { kind: 'text', text: `Tool said: ${outputText(toolOutput.output)}` };
  const last = lastUserText([...context, ...input]);
  if (last.includes('FAIL')) return { kind: 'fail' };
  const fileSearch = (Array.isArray(body.tools) ? body.tools : []).find((t): t is Json => isObj(t) && t.type === 'file_search');
  const hit = fileSearch && functionToCall(body) === undefined ? search((fileSearch.vector_store_ids as string[]).map(String), last)[0] : undefined;
  if (hit) return { kind: 'text', text: hit.text, annotations: [{ type: 'file_citation', file_id: hit.file_id, filename: hit.filename, index: hit.text.length }] };
  const fn = functionToCall(body);
  if (fn !== undefined) return { kind: 'call', name: fn, args: JSON.stringify({ input: last }) };
  return { kind: 'text', text: `Echo: ${last}` };
}

/** `text` in up to `n` pieces on character boundaries (at least one, even when empty). */
export function pieces(text: string, n = 3): string[] {
  const chars = Array.from(text);
  const size = Math.max(1, Math.ceil(chars.length / n));
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out.length > 0 ? out : [''];
}

const clone = <T>(v: T): T => structuredClone(v);

function messageSteps(rs: ResponseState, mint: (prefix: string) => string, text: string, annotations: Json[] = []): Step[] {
  const r = rs.obj;
  let item: Item & { content: Json[] };
  let part: Json & { text: string };
  let index = 0;
  const at = () => ({ item_id: item.id, output_index: index, content_index: 0 });
  const steps: Step[] = [
    () => {
      item = { id: mint('msg'), type: 'message', status: 'in_progress', role: 'assistant', content: [] };
      index = r.output.push(item) - 1;
      return { type: 'response.output_item.added', output_index: index, item: clone(item) };
    },
    () => {
      part = { type: 'output_text', text: '', annotations: [], logprobs: [] };
      item.content.push(part);
      return { type: 'response.content_part.added', ...at(), part: clone(part) };
    },
  ];
  for (const delta of pieces(text)) {
    steps.push(() => { part.text += delta; return { type: 'response.output_text.delta', ...at(), delta, logprobs: [] }; });
  }
  steps.push(
    ...annotations.map((annotation, i): Step => () => {
      (part.annotations as Json[]).push(annotation);
      return { type: 'response.output_text.annotation.added', ...at(), annotation_index: i, annotation: clone(annotation) };
    }),
    () => ({ type: 'response.output_text.done', ...at(), text: part.text, logprobs: [] }),
    () => ({ type: 'response.content_part.done', ...at(), part: clone(part) }),
    () => { item.status = 'completed'; return { type: 'response.output_item.done', output_index: index, item: clone(item) }; },
  );
  return steps;
}

function callSteps(rs: ResponseState, mint: (prefix: string) => string, name: string, args: string): Step[] {
  const r = rs.obj;
  let item: Item & { arguments: string };
  let index = 0;
  const steps: Step[] = [() => {
    item = { id: mint('fc'), type: 'function_call', status: 'in_progress', call_id: mint('call'), name, arguments: '' };
    index = r.output.push(item) - 1;
    return { type: 'response.output_item.added', output_index: index, item: clone(item) };
  }];
  for (const delta of pieces(args, 2)) {
    steps.push(() => { item.arguments += delta; return { type: 'response.function_call_arguments.delta', item_id: item.id, output_index: index, delta }; });
  }
  steps.push(
    () => ({ type: 'response.function_call_arguments.done', item_id: item.id, name, output_index: index, arguments: item.arguments }),
    () => { item.status = 'completed'; return { type: 'response.output_item.done', output_index: index, item: clone(item) }; },
  );
  return steps;
}

/** The steps that take the response to its next state (none once it has stopped). */
export function nextSteps(rs: ResponseState, mint: (prefix: string) => string): Step[] {
  const r = rs.obj;
  if (r.status === 'queued') return [() => { r.status = 'in_progress'; return { type: 'response.in_progress', response: r }; }];
  if (r.status !== 'in_progress') return [];
  if (rs.slowLeft > 0) return [() => { rs.slowLeft--; return null; }];
  const plan = rs.plan;
  if (plan.kind === 'fail') {
    return [() => { Object.assign(r, { status: 'failed', error: { ...FAILURE } }); return { type: 'response.failed', response: r }; }];
  }
  const work = plan.kind === 'call' ? callSteps(rs, mint, plan.name, plan.args) : messageSteps(rs, mint, plan.text, plan.annotations);
  return [...work, () => {
    Object.assign(r, { status: 'completed', completed_at: now(), usage: USAGE() });
    rs.onComplete();
    return { type: 'response.completed', response: r };
  }];
}

/** Appends `payload` (with the next sequence_number) to the response's event log. */
export function emit(rs: ResponseState, payload: Json): void {
  const { type, ...rest } = payload;
  const event = { type, sequence_number: rs.log.length, ...rest };
  rs.log.push(`event: ${String(type)}\ndata: ${JSON.stringify(event)}\n\n`);
}

/** Applies one step (computing the next transition when none is pending); false once the response has stopped. */
export function stepOnce(rs: ResponseState, mint: (prefix: string) => string): boolean {
  if (rs.pending.length === 0) rs.pending = nextSteps(rs, mint);
  const step = rs.pending.shift();
  if (!step) return false;
  const event = step();
  if (event) emit(rs, event);
  return true;
}

/** One lifecycle state, as a GET applies it: the rest of a transition a stream left half done, or the next one. */
export function advance(rs: ResponseState, mint: (prefix: string) => string): void {
  if (rs.pending.length === 0) rs.pending = nextSteps(rs, mint);
  while (rs.pending.length > 0) stepOnce(rs, mint);
}

/** Runs the response until it stops. */
export function finish(rs: ResponseState, mint: (prefix: string) => string): void {
  while (ACTIVE.has(rs.obj.status)) advance(rs, mint);
}
