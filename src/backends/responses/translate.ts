/**
 * Assistants run settings → a Responses request, and a finished response's fields →
 * Assistants run fields. Refusals of what has no counterpart live here too.
 */
import { RefusalError, ToolError } from '../../errors.js';
import type { AssistantRecord, AssistantTool, RunConfig, ToolResources, Usage } from './records.js';

/** Things run-create may carry that the Responses API cannot do. */
export function refuseUnsupportedRunArgs(args: Record<string, unknown>): void {
  if (args.stream === true) {
    throw new RefusalError(
      'stream: true is not supported by the responses backend: the run is started in the background instead.',
      'Leave stream out and call run-wait (or use thread-create-and-run / message-create-and-run), which follow the run and return its answer.',
    );
  }
  if (args.max_prompt_tokens !== undefined) {
    throw new RefusalError(
      'max_prompt_tokens has no counterpart in the Responses API (there is no cap on input tokens).',
      'Leave max_prompt_tokens out; to bound cost, use max_completion_tokens, or truncation_strategy {"type":"auto"} to let long threads be compacted.',
    );
  }
  if ((args.truncation_strategy as { type?: string } | undefined)?.type === 'last_messages') {
    throw new RefusalError(
      'truncation_strategy {"type":"last_messages"} cannot be expressed with the Responses API: a conversation cannot be windowed to its last N messages.',
      'Use truncation_strategy {"type":"auto"} (older context is compacted when the thread grows too long) or leave it out.',
    );
  }
}

/** The run's settings: run-create overrides on top of the assistant. */
export function runConfig(assistant: AssistantRecord, args: Record<string, unknown>): RunConfig {
  const base = (args.instructions as string | undefined) ?? assistant.instructions ?? '';
  const extra = args.additional_instructions as string | undefined;
  return {
    model: (args.model as string | undefined) ?? assistant.model,
    instructions: extra ? (base ? `${base}\n\n${extra}` : extra) : base,
    tools: (args.tools as AssistantTool[] | undefined) ?? assistant.tools,
    tool_choice: args.tool_choice ?? 'auto',
    response_format: args.response_format ?? assistant.response_format ?? 'auto',
    temperature: (args.temperature as number | undefined) ?? assistant.temperature,
    top_p: (args.top_p as number | undefined) ?? assistant.top_p,
    max_completion_tokens: (args.max_completion_tokens as number | undefined) ?? null,
    truncation_strategy: args.truncation_strategy ?? { type: 'auto', last_messages: null },
    parallel_tool_calls: (args.parallel_tool_calls as boolean | undefined) ?? true,
    reasoning_effort: (args.reasoning_effort as string | undefined) ?? assistant.reasoning_effort,
  };
}

/** Files and vector stores the run's tools may use: assistant ∪ thread (∪ attachments). */
export interface RunResources {
  vector_store_ids: string[];
  file_ids: string[];
}

export function mergeResources(...all: (ToolResources | undefined)[]): RunResources {
  const unique = (values: (string[] | undefined)[]) => [...new Set(values.flatMap((v) => v ?? []))];
  return {
    vector_store_ids: unique(all.map((r) => r?.file_search?.vector_store_ids)),
    file_ids: unique(all.map((r) => r?.code_interpreter?.file_ids)),
  };
}

/** What a request needs besides the run's settings. */
export interface RequestExtras {
  runId: string;
  assistantId: string;
  /** run-create's `include` (Assistants names). */
  include?: string[];
  /** truncation_strategy {type:"auto"} was asked for explicitly. */
  compaction: boolean;
}

/** The POST /responses body of every response in the run, without conversation and input. */
export function responseRequest(config: RunConfig, resources: RunResources, extras: RequestExtras): Record<string, unknown> {
  const body: Record<string, unknown> = { model: config.model };
  if (config.instructions) body.instructions = config.instructions;
  const tools = config.tools.flatMap((tool) => responseTool(tool, resources));
  if (tools.length) body.tools = tools;
  const toolChoice = responseToolChoice(config.tool_choice);
  if (toolChoice !== undefined) body.tool_choice = toolChoice;
  if (tools.length) body.parallel_tool_calls = config.parallel_tool_calls;
  if (config.temperature !== null) body.temperature = config.temperature;
  if (config.top_p !== null) body.top_p = config.top_p;
  if (config.max_completion_tokens !== null) body.max_output_tokens = config.max_completion_tokens;
  if (config.reasoning_effort) body.reasoning = { effort: config.reasoning_effort };
  const format = textFormat(config.response_format);
  if (format) body.text = { format };
  // Only when asked: compaction costs calls, and without it Responses fails rather than truncates.
  if (extras.compaction) body.context_management = [{ type: 'compaction' }];
  if (extras.include?.some((i) => i.startsWith('step_details.tool_calls[*].file_search.results'))) body.include = ['file_search_call.results'];
  body.background = true;
  body.store = true;
  body.metadata = { mcp_run_id: extras.runId, mcp_assistant_id: extras.assistantId };
  return body;
}

function responseTool(tool: AssistantTool, resources: RunResources): Record<string, unknown>[] {
  switch (tool.type) {
    case 'function': {
      const f = tool.function!;
      const out: Record<string, unknown> = { type: 'function', name: f.name, parameters: f.parameters ?? { type: 'object', properties: {} }, strict: f.strict ?? false };
      if (f.description !== undefined) out.description = f.description;
      return [out];
    }
    case 'file_search': {
      // Responses requires vector_store_ids; with none there is nothing to search, as in Assistants.
      if (!resources.vector_store_ids.length) return [];
      return [{ type: 'file_search', vector_store_ids: resources.vector_store_ids, ...fileSearchOptions(tool.file_search) }];
    }
    case 'code_interpreter': {
      if (resources.file_ids.length > 50) {
        throw new ToolError(`code_interpreter has ${resources.file_ids.length} files; the Responses API takes at most 50 per container.`, 'Remove files from tool_resources.code_interpreter.file_ids of the assistant or thread, then call again.');
      }
      return [{ type: 'code_interpreter', container: { type: 'auto', file_ids: resources.file_ids } }];
    }
    default:
      throw new ToolError(`Tool type ${JSON.stringify((tool as { type: unknown }).type)} is not supported.`, 'Use function, file_search or code_interpreter tools.');
  }
}

/**
 * Assistants file_search overrides → the Responses tool's fields. The ranker enums differ
 * (`auto` | `default_2024_08_21` vs `auto` | `default-2024-11-15`): `auto` stays, the dated
 * Assistants ranker has no counterpart and is left out (the upstream's default ranker is used).
 */
function fileSearchOptions(options: AssistantTool['file_search']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (options?.max_num_results !== undefined) out.max_num_results = options.max_num_results;
  const ranking = options?.ranking_options as { ranker?: unknown; score_threshold?: unknown } | undefined;
  if (ranking) {
    const translated: Record<string, unknown> = {};
    if (ranking.ranker === 'auto') translated.ranker = 'auto';
    if (typeof ranking.score_threshold === 'number') translated.score_threshold = ranking.score_threshold;
    if (Object.keys(translated).length) out.ranking_options = translated;
  }
  return out;
}

function responseToolChoice(choice: unknown): unknown {
  if (choice === undefined || choice === null || choice === 'auto') return undefined;
  if (typeof choice === 'string') return choice;
  const c = choice as { type: string; function?: { name?: string } };
  return c.type === 'function' ? { type: 'function', name: c.function?.name } : { type: c.type };
}

function textFormat(format: unknown): Record<string, unknown> | undefined {
  if (format === undefined || format === null || format === 'auto') return undefined;
  const f = format as { type: string; json_schema?: Record<string, unknown> };
  if (f.type === 'json_schema') return { type: 'json_schema', ...f.json_schema };
  return { type: f.type };
}

/** The parts of a Response the run reads. */
export interface ResponseObject {
  id: string;
  status: 'queued' | 'in_progress' | 'completed' | 'failed' | 'cancelled' | 'incomplete';
  created_at?: number;
  completed_at?: number | null;
  error?: { code?: string; message?: string } | null;
  incomplete_details?: { reason?: string } | null;
  output?: OutputItem[];
  usage?: { input_tokens?: number; output_tokens?: number; total_tokens?: number } | null;
}

export interface OutputItem {
  type: string;
  id: string;
  [field: string]: unknown;
}

export function runUsage(sum: Usage | null, usage: ResponseObject['usage']): Usage | null {
  if (!usage) return sum;
  const add = (a: number | undefined, b: number | undefined) => (a ?? 0) + (b ?? 0);
  return {
    prompt_tokens: add(sum?.prompt_tokens, usage.input_tokens),
    completion_tokens: add(sum?.completion_tokens, usage.output_tokens),
    total_tokens: add(sum?.total_tokens, usage.total_tokens ?? add(usage.input_tokens, usage.output_tokens)),
  };
}

/** Assistants knew server_error, rate_limit_exceeded and invalid_prompt; other codes pass through. */
export function runError(error: ResponseObject['error']): { code: string; message: string } {
  return { code: error?.code ?? 'server_error', message: error?.message ?? 'The response failed without details.' };
}

/** max_output_tokens is Assistants' max_completion_tokens; content_filter has no Assistants reason and passes through. */
export function incompleteDetails(details: ResponseObject['incomplete_details']): { reason: string } {
  const reason = details?.reason ?? 'max_output_tokens';
  return { reason: reason === 'max_output_tokens' ? 'max_completion_tokens' : reason };
}
