/**
 * Run-and-wait tools: from a question to the assistant's answer in one call. Each
 * starts (or resumes) a run, waits until it settles or the deadline passes, and
 * returns the answer, the tool calls to answer, or how to keep waiting.
 */
import type { Backend, CallOptions } from '../backends/types.js';
import { isRecord } from '../jsonrpc.js';
import { RefusalError } from '../errors.js';
import { OpenAIError } from '../openai/errors.js';
import type { Schema } from '../validate.js';
import { runTools } from './runs.js';
import * as s from './schemas.js';
import { citations } from './citations.js';
import { toolCalls } from './compact.js';
import { unpublished } from './listing.js';
import { beforeDeadline, startAndWait, waitForRun, type WaitOutcome } from './waiter.js';
import { CREATE, READ_ONLY, input, type ToolContext, type ToolDef } from './types.js';

const timeoutMs: Schema = { type: 'integer', minimum: 1000, maximum: 600_000, description: 'How long to wait (default 45000). The run keeps going after it.' };
const str: Schema = { type: 'string' };

/** Run settings a caller may override, as run-create takes them. */
const RUN_SETTINGS = ['model', 'instructions', 'additional_instructions', 'tools', 'metadata', 'temperature', 'top_p', 'max_completion_tokens', 'tool_choice', 'response_format'];
const runCreateProperties = runTools.find((t) => t.name === 'run-create')!.inputSchema.properties!;
const runSettings = Object.fromEntries(RUN_SETTINGS.map((name) => [name, runCreateProperties[name]]));

const WAIT_OUTPUT: ToolDef['outputSchema'] = {
  type: 'object',
  properties: { thread_id: str, run_id: str, status: str, timed_out: { type: 'boolean' }, answer: str, next: str },
  required: ['thread_id', 'run_id', 'status', 'timed_out', 'next'],
};

const ANSWER = 'Returns the status, the assistant\'s answer, usage, or on requires_action the tool calls to answer with run-submit-tool-outputs-and-wait.';

export const waitTools: ToolDef[] = [
  {
    name: 'thread-create-and-run',
    title: 'Ask an assistant (new thread)',
    description: `Ask an assistant in a new thread and wait for its answer (bounded; use run-wait to keep waiting). ${ANSWER}`,
    inputSchema: input(
      {
        assistant_id: s.IDS.assistant_id,
        message: { type: 'string', minLength: 1, description: 'The user message.' },
        thread: { type: 'object', properties: { messages: { type: 'array', items: s.inlineMessage }, metadata: s.metadata }, additionalProperties: false },
        ...runSettings,
        timeout_ms: timeoutMs,
      },
      ['assistant_id'],
    ),
    outputSchema: WAIT_OUTPUT,
    annotations: CREATE,
    refine: (args) => {
      const messages = (args.thread as { messages?: unknown[] } | undefined)?.messages ?? [];
      return args.message === undefined && messages.length === 0
        ? [{ path: 'message', message: 'message (or thread.messages) is required: what should the assistant answer? Example: "What is 6 x 7?"' }]
        : [];
    },
    handler: async ({ assistant_id, message, thread = {}, timeout_ms, ...settings }, ctx) => {
      const { messages = [], metadata } = thread as { messages?: unknown[]; metadata?: unknown };
      const all = message === undefined ? messages : [...messages, { role: 'user', content: message }];
      const created = (await ctx.backend.call('createThread', { messages: all, ...(metadata ? { metadata } : {}) }, once(ctx))) as { id: string };
      try {
        return await runAndWait(ctx, { thread_id: created.id, assistant_id, ...settings }, timeout_ms);
      } catch (error) {
        // Threads cannot be listed: a thread whose run was refused would be left where no one finds it.
        if (runRefused(error)) await ctx.backend.call('deleteThread', { thread_id: created.id }, { signal: ctx.signal, idempotent: true }).catch(() => undefined);
        throw error;
      }
    },
  },
  {
    name: 'message-create-and-run',
    title: 'Ask an assistant (existing thread)',
    description: `Add a user message to a thread, run an assistant on it and wait for the answer (bounded). ${ANSWER} The text goes in "message", as in thread-create-and-run ("content" is a deprecated alias, removed in the next major release).`,
    inputSchema: input(
      {
        thread_id: s.IDS.thread_id,
        assistant_id: s.IDS.assistant_id,
        message: s.messageContent,
        // Accepted, not published: old callers keep working for a release while models see only `message`.
        content: unpublished({ ...s.messageContent, description: 'Deprecated alias of message; use message.' }),
        attachments: s.attachments,
        ...runSettings,
        timeout_ms: timeoutMs,
      },
      ['thread_id', 'assistant_id'],
    ),
    outputSchema: WAIT_OUTPUT,
    annotations: CREATE,
    refine: (args) => {
      if (args.message !== undefined && args.content !== undefined) return [{ path: 'content', message: 'give the text once, as message (content is its deprecated alias).' }];
      return args.message === undefined && args.content === undefined ? [{ path: 'message', message: 'message is required: what should the assistant answer? Example: "And 7 x 8?"' }] : [];
    },
    handler: async ({ thread_id, message, content, attachments, timeout_ms, ...run }, ctx) => {
      const text = message ?? content;
      await ctx.backend.call('createMessage', { thread_id, role: 'user', content: text, ...(attachments ? { attachments } : {}) }, once(ctx));
      return runAndWait(ctx, { thread_id, ...run }, timeout_ms);
    },
  },
  {
    name: 'run-wait',
    title: 'Wait for a run',
    description: `Wait until a run completes, fails or needs tool outputs (bounded; call again to keep waiting). ${ANSWER}`,
    inputSchema: input({ thread_id: s.IDS.thread_id, run_id: s.IDS.run_id, timeout_ms: timeoutMs }, ['thread_id', 'run_id']),
    outputSchema: WAIT_OUTPUT,
    annotations: READ_ONLY,
    handler: async ({ thread_id, run_id, timeout_ms }, ctx) =>
      summarize(ctx, await waitForRun(thread_id as string, run_id as string, waitContext(ctx, timeout_ms)), deadline(ctx, timeout_ms)),
  },
  {
    name: 'run-submit-tool-outputs-and-wait',
    title: 'Submit tool outputs and wait',
    description: `Answer a requires_action run (one output per tool call, all at once) and wait for what comes next. ${ANSWER}`,
    inputSchema: input(
      { thread_id: s.IDS.thread_id, run_id: s.IDS.run_id, tool_outputs: runTools.find((t) => t.name === 'run-submit-tool-outputs')!.inputSchema.properties!.tool_outputs, timeout_ms: timeoutMs },
      ['thread_id', 'run_id', 'tool_outputs'],
    ),
    outputSchema: WAIT_OUTPUT,
    annotations: CREATE,
    handler: async ({ timeout_ms, ...args }, ctx) =>
      summarize(ctx, await startAndWait('submitToolOutputsToRun', args, waitContext(ctx, timeout_ms)), deadline(ctx, timeout_ms)),
  },
];

async function runAndWait(ctx: ToolContext, args: Record<string, unknown>, timeout: unknown) {
  return summarize(ctx, await startAndWait('createRun', args, waitContext(ctx, timeout)), deadline(ctx, timeout));
}

function deadline(ctx: ToolContext, timeout: unknown): number {
  return typeof timeout === 'number' ? timeout : ctx.waitTimeoutMs;
}

function waitContext(ctx: ToolContext, timeout: unknown) {
  return { backend: ctx.backend, signal: ctx.signal, timeoutMs: deadline(ctx, timeout), progress: ctx.progress, onRetry: ctx.onRetry };
}

/** The run create was refused (bad assistant, bad settings), here or upstream: no run exists. Timeouts, resets and 5xx may hide a run. */
function runRefused(error: unknown): boolean {
  if (error instanceof RefusalError) return true;
  const status = error instanceof OpenAIError && error.kind === 'http' ? error.details.status : undefined;
  return status !== undefined && status >= 400 && status < 500 && ![408, 409, 429].includes(status);
}

/** Options of a create that must not be repeated on a transient failure. */
function once(ctx: ToolContext): CallOptions {
  return { signal: ctx.signal, idempotent: false, onRetry: ctx.onRetry };
}

/** The result a model needs: the answer, or the tool calls to answer, or how to go on waiting. */
async function summarize(ctx: ToolContext, { run, timedOut, deadlineAt }: WaitOutcome, waitedMs: number): Promise<Record<string, unknown>> {
  const thread_id = String(run.thread_id);
  const run_id = String(run.id);
  const status = String(run.status);
  const result: Record<string, unknown> = { thread_id, run_id, status, timed_out: timedOut };
  let unread = false;
  if (status === 'completed' || status === 'incomplete') {
    // The answer is read within the same deadline: an upstream whose lists never end cannot hold the call.
    const messages = await beforeDeadline(deadlineAt, ctx.signal, (signal) => assistantMessages(ctx.backend, thread_id, run_id, signal));
    if (messages) {
      result.answer = messages.map((m) => m.text).join('\n\n');
      // The ids only: their text is the answer. Cited files keep their ids, for file-content.
      result.message_ids = messages.map((m) => m.id);
      const cited = messages.flatMap((m) => m.citations.map((c) => ({ message_id: m.id, ...c })));
      if (cited.length) {
        result.citations = cited;
        result.cited_file_ids = [...new Set(cited.map((c) => c.file_id))];
      }
    } else {
      unread = true;
    }
  }
  const calls = status === 'requires_action' ? toolCalls(run.required_action) : undefined;
  if (calls) result.tool_calls = calls;
  for (const field of ['usage', 'last_error', 'incomplete_details'] as const) if (run[field]) result[field] = run[field];
  result.next = unread
    ? `The run is ${status}, but its answer could not be read within ${Math.round(waitedMs / 1000)} s. Read it with message-list (thread_id "${thread_id}", run_id "${run_id}").`
    : nextStep(result, waitedMs);
  return result;
}

function nextStep(result: Record<string, unknown>, waitedMs: number): string {
  const ids = `thread_id "${result.thread_id}" and run_id "${result.run_id}"`;
  if (result.timed_out) return `Still ${result.status} after ${Math.round(waitedMs / 1000)} s; the run keeps going. Call run-wait with ${ids} to keep waiting.`;
  switch (result.status) {
    case 'completed': return `Done. To continue the conversation, call message-create-and-run with thread_id "${result.thread_id}", the assistant_id and your message.`;
    case 'requires_action': return `The assistant called tools. Run each call in tool_calls, then call run-submit-tool-outputs-and-wait with ${ids} and tool_outputs [{tool_call_id, output}], one per call.`;
    case 'incomplete': return 'The run stopped early (see incomplete_details); the answer may be cut off.';
    default: return `The run ended ${result.status}${isRecord(result.last_error) ? `: ${result.last_error.message}` : ''}. Fix the cause and start a new run.`;
  }
}

/** The text of the assistant messages the run wrote, oldest first. */
async function assistantMessages(backend: Backend, threadId: string, runId: string, signal: AbortSignal) {
  const list = (await backend.call('listMessages', { thread_id: threadId, run_id: runId, order: 'asc', limit: 100 }, { signal, idempotent: true })) as { data?: Record<string, unknown>[] };
  return (list.data ?? [])
    .filter((m) => m.role === 'assistant' && (m.run_id === undefined || m.run_id === null || m.run_id === runId))
    .map((m) => {
      const parts = (m.content as { type: string; text?: { value?: string; annotations?: unknown[] } }[] | undefined) ?? [];
      return {
        id: String(m.id),
        text: parts.map((part) => part.text?.value ?? '').filter(Boolean).join('\n'),
        citations: parts.flatMap((part) => citations(part.text?.annotations)),
      };
    });
}
