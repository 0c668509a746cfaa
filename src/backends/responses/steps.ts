/**
 * Run steps, derived from the output items of each finished response: a message is a
 * `message_creation` step, consecutive tool calls one `tool_calls` step (`step_<first item id>`).
 */
import type { RunRecord, StepRecord } from './records.js';
import { runUsage, type OutputItem, type ResponseObject } from './translate.js';

const STEP_STATUS = { completed: 'completed', incomplete: 'completed', failed: 'failed', cancelled: 'cancelled' } as const;

/** The steps of one finished response. Function-call steps of a completed response wait for outputs (`in_progress`). */
export function stepsOf(response: ResponseObject, now: number): StepRecord[] {
  const status = STEP_STATUS[response.status as keyof typeof STEP_STATUS] ?? 'completed';
  const created = response.created_at ?? now;
  const ended = response.completed_at ?? now;
  const steps: StepRecord[] = [];
  let open: Record<string, unknown>[] | undefined;
  const start = (id: string, type: StepRecord['type'], step_details: Record<string, unknown>): StepRecord => {
    const step: StepRecord = { id: `step_${id}`, type, status, created_at: created, completed_at: null, cancelled_at: null, failed_at: null, expired_at: null, step_details, usage: null };
    steps.push(step);
    return step;
  };
  for (const item of response.output ?? []) {
    if (item.type === 'message') {
      open = undefined;
      start(item.id, 'message_creation', { type: 'message_creation', message_creation: { message_id: item.id } });
      continue;
    }
    const call = toolCall(item);
    if (!call) continue; // reasoning, web_search, mcp …: no Assistants step type
    if (!open) {
      open = [];
      start(item.id, 'tool_calls', { type: 'tool_calls', tool_calls: open });
    }
    open.push(call);
  }
  for (const step of steps) {
    const waiting = status === 'completed' && response.status === 'completed' && hasFunctionCall(step);
    settle(step, waiting ? 'in_progress' : step.status, ended);
  }
  if (steps.length) steps[steps.length - 1].usage = runUsage(null, response.usage);
  return steps;
}

function toolCall(item: OutputItem): Record<string, unknown> | undefined {
  switch (item.type) {
    case 'function_call':
      return { id: item.call_id, type: 'function', function: { name: item.name, arguments: item.arguments, output: null } };
    case 'file_search_call':
      return { id: item.id, type: 'file_search', file_search: { results: item.results ?? [] } };
    case 'code_interpreter_call': {
      const outputs = ((item.outputs as { type: string; logs?: string; url?: string }[] | null) ?? []).map((o) =>
        // Images are URLs or container files now, not file ids.
        o.type === 'logs' ? { type: 'logs', logs: o.logs } : { type: 'image', image: { url: o.url } },
      );
      return { id: item.id, type: 'code_interpreter', code_interpreter: { input: item.code ?? '', outputs } };
    }
    default:
      return undefined;
  }
}

function hasFunctionCall(step: StepRecord): boolean {
  return step.type === 'tool_calls' && (step.step_details.tool_calls as { type: string }[]).some((c) => c.type === 'function');
}

function settle(step: StepRecord, status: StepRecord['status'], at: number): void {
  step.status = status;
  if (status === 'completed') step.completed_at = at;
  if (status === 'cancelled') step.cancelled_at = at;
  if (status === 'failed') step.failed_at = at;
  if (status === 'expired') step.expired_at = at;
}

/** Closes the steps waiting for tool outputs: with the outputs given, or as cancelled/expired. */
export function settleWaitingSteps(run: RunRecord, status: 'completed' | 'cancelled' | 'expired', at: number, outputs: Map<string, string> = new Map()): StepRecord[] {
  return run.steps.map((step) => {
    if (step.status !== 'in_progress') return step;
    const next = structuredClone(step);
    for (const call of next.step_details.tool_calls as { id: string; function?: { output: string | null } }[]) {
      if (call.function && outputs.has(call.id)) call.function.output = outputs.get(call.id)!;
    }
    settle(next, status, at);
    return next;
  });
}
