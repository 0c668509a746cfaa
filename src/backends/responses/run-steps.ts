/** run-step-list and run-step-get: steps come from the run's snapshot, refreshed first while it runs. */
import type { Ctx } from './context.js';
import { listObject, pageArgs, paginate } from './pagination.js';
import { notFound, type RunRecord, type StepRecord } from './records.js';
import { loadRun, refreshRun } from './run-state.js';

function stepObject(run: RunRecord, step: StepRecord): Record<string, unknown> {
  return {
    id: step.id,
    object: 'thread.run.step',
    created_at: step.created_at,
    assistant_id: run.assistant_id,
    thread_id: run.thread_id,
    run_id: run.id,
    type: step.type,
    status: step.status,
    step_details: step.step_details,
    last_error: step.status === 'failed' ? run.last_error : null,
    expired_at: step.expired_at,
    cancelled_at: step.cancelled_at,
    failed_at: step.failed_at,
    completed_at: step.completed_at,
    metadata: {},
    usage: step.usage,
  };
}

export async function listRunSteps(ctx: Ctx, args: Record<string, unknown>) {
  const run = await refreshRun(ctx, await loadRun(ctx, args.thread_id as string, args.run_id as string));
  const page = paginate(run.steps.map((s) => s.id), pageArgs(args), 'run-step-list');
  const byId = new Map(run.steps.map((s) => [s.id, s]));
  return listObject(page.ids.map((id) => stepObject(run, byId.get(id)!)), page.has_more);
}

export async function getRunStep(ctx: Ctx, args: Record<string, unknown>) {
  const run = await refreshRun(ctx, await loadRun(ctx, args.thread_id as string, args.run_id as string));
  const step = run.steps.find((s) => s.id === args.step_id);
  if (!step) throw notFound('step', args.step_id as string, `in run ${run.id}`);
  return stepObject(run, step);
}
