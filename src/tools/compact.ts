/**
 * Compact results: the API object without what a model does not need to read. Nulls,
 * empty arrays and objects, type tags, ids the caller just sent (`thread_id` of a
 * message it listed), and a run's echo of
 * its settings are left out; message text is lifted out of its content parts. The
 * `detail: "full"` argument of list and get tools skips all this.
 */
import { isRecord } from '../jsonrpc.js';

type Json = Record<string, unknown>;

/** What a run repeats from its assistant or its create call: the caller has it already. */
const RUN_SETTINGS: ReadonlySet<string> = new Set([
  'instructions', 'tools', 'tool_resources', 'temperature', 'top_p', 'max_prompt_tokens', 'max_completion_tokens',
  'truncation_strategy', 'tool_choice', 'parallel_tool_calls', 'response_format', 'reasoning_effort', 'expires_at', 'started_at',
]);

/** What to call after seeing a run in this status. */
const RUN_NEXT: Readonly<Record<string, string>> = {
  queued: 'Call run-get again until it settles.',
  in_progress: 'Call run-get again until it settles.',
  requires_action: 'Run each of tool_calls, then run-submit-tool-outputs with one {tool_call_id, output} per call.',
  completed: 'Read the reply with message-list (run_id filters to this run).',
  incomplete: 'The run stopped early (see incomplete_details); message-list has what it wrote.',
  failed: 'See last_error; fix the cause and start a new run.',
  expired: 'Tool outputs came too late; start a new run.',
};

/** The compact form of an operation's result; `args` are the arguments the tool was called with. */
export function compactResult(value: unknown, args: Json): Json {
  if (!isRecord(value)) return { value };
  if (value.object === 'list' && Array.isArray(value.data)) {
    // has_more and last_id become the `next` hint (call.ts), which names the cursor.
    // A list that had to stop short says so in `note` (e.g. an upstream that does not page): kept.
    const note = typeof value.note === 'string' ? { note: value.note } : {};
    return { data: value.data.map((item) => (isRecord(item) ? compactObject(item, args) : item)), ...note };
  }
  return compactObject(value, args);
}

function compactObject(object: Json, args: Json): Json {
  const kind = object.object;
  const shaped: Json = { ...object };
  if (kind === 'thread.message') {
    liftText(shaped);
    // A finished message is the normal case: only other states are worth a word.
    if (object.status === 'completed') {
      delete shaped.status;
      delete shaped.completed_at;
    }
  }
  if (kind === 'thread.run') {
    for (const key of RUN_SETTINGS) delete shaped[key];
    const calls = toolCalls(object.required_action);
    if (calls) {
      delete shaped.required_action;
      shaped.tool_calls = calls;
    }
    const next = RUN_NEXT[String(object.status)];
    if (next) shaped.next = next;
  }
  // A step's assistant is its run's.
  if (kind === 'thread.run.step') delete shaped.assistant_id;
  if (kind === 'thread.run.step' && isRecord(object.step_details)) {
    // step_details.type repeats the step's type; the details sit under it: {message_id} or tool_calls.
    const { type, ...details } = object.step_details;
    const inner = details[String(type)];
    delete shaped.step_details;
    Object.assign(shaped, isRecord(inner) ? inner : details);
  }
  const out: Json = {};
  for (const [key, field] of Object.entries(shaped)) {
    if (key === 'object' || (key.endsWith('_id') && args[key] === field)) continue;
    const lean = prune(field);
    if (lean !== undefined) out[key] = lean;
  }
  return out;
}

/** Drops nulls and empty arrays/objects, at any depth. */
function prune(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items = value.map(prune).filter((item) => item !== undefined);
    return items.length ? items : undefined;
  }
  if (isRecord(value)) {
    const entries = Object.entries(value).map(([key, field]) => [key, prune(field)] as const).filter(([, field]) => field !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return value;
}

/** `content: [{type: "text", text: {value, annotations: []}}]` becomes `text`; other parts and annotated text stay in `content`. */
function liftText(message: Json): void {
  if (!Array.isArray(message.content)) return;
  const texts: string[] = [];
  const rest = message.content.filter((part) => {
    const text = isRecord(part) && part.type === 'text' && isRecord(part.text) ? part.text : undefined;
    if (!text || typeof text.value !== 'string' || (Array.isArray(text.annotations) && text.annotations.length)) return true;
    texts.push(text.value);
    return false;
  });
  if (texts.length) message.text = texts.join('\n');
  message.content = rest;
}

/** The tool calls a `requires_action` run waits for, as `{id, name, arguments}`. */
export function toolCalls(requiredAction: unknown): Json[] | undefined {
  const calls = isRecord(requiredAction) && isRecord(requiredAction.submit_tool_outputs) ? requiredAction.submit_tool_outputs.tool_calls : undefined;
  if (!Array.isArray(calls)) return undefined;
  return calls.filter(isRecord).map((call) => {
    const fn = isRecord(call.function) ? call.function : {};
    return { id: call.id, name: fn.name, arguments: fn.arguments };
  });
}
