// Streaming for the fake Assistants server: `stream: true` answers an event stream shaped like
// /work/shared/specs/openai/assistants-v2.stream-example.sse. The stream drives the same state machine
// as polling (one `advance` per lifecycle step) and reports each change as events, so a cut stream
// leaves the run where it was and later GETs finish it.
import type { ServerResponse } from 'node:http';
import { wait, write } from './http-kit.js';

type Json = Record<string, unknown>;
type Frame = [event: string, data: unknown];
interface Step { id: string; status: string; type: string; step_details: Json }

/** What the stream reads from, and does to, the fake's state for one run. */
export interface StreamedRun {
  thread: object;
  run: { id: string; status: string };
  /** The run's steps, in creation order. */
  steps(): Step[];
  message(id: string): object | undefined;
  /** One lifecycle step, as a GET of the run applies. */
  advance(): void;
}

/** What the client already knows when the stream starts; `steps` maps step id → status. */
export interface Seen { thread: boolean; status: string | null; steps: Map<string, string> }

export interface StreamOptions {
  headers: Record<string, string>;
  delayMs: number;
  /** Destroys the connection once this many events were sent. */
  cutAfter?: number | undefined;
}

const MOVING = new Set(['queued', 'in_progress', 'cancelling']);
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A new run: nothing seen yet (and not its thread either when the same request created it). */
export const unseen = (threadIsNew = false): Seen => ({ thread: !threadIsNew, status: null, steps: new Map() });

/** The client's view of an existing run, taken before a request changes it. */
export const seenNow = (r: StreamedRun): Seen =>
  ({ thread: true, status: r.run.status, steps: new Map(r.steps().map((s) => [s.id, s.status])) });

/** The text, split in up to three pieces on character boundaries. */
function pieces(text: string): string[] {
  const chars = Array.from(text);
  const size = Math.max(1, Math.ceil(chars.length / 3));
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

function messageFrames(msg: Json): Frame[] {
  const open = { ...msg, status: 'in_progress', completed_at: null, content: [] };
  const frames: Frame[] = [['thread.message.created', open], ['thread.message.in_progress', open]];
  const content = Array.isArray(msg.content) ? msg.content : [];
  content.forEach((part: unknown, index) => {
    const value = isObj(part) && isObj(part.text) && typeof part.text.value === 'string' ? part.text.value : undefined;
    if (value === undefined) {
      frames.push(['thread.message.delta', { id: msg.id, object: 'thread.message.delta', delta: { content: [{ index, ...(part as Json) }] } }]);
      return;
    }
    pieces(value).forEach((piece, i) => {
      const text = i === 0 ? { value: piece, annotations: [] } : { value: piece };
      frames.push(['thread.message.delta', { id: msg.id, object: 'thread.message.delta', delta: { content: [{ index, type: 'text', text }] } }]);
    });
  });
  if (msg.status !== 'in_progress') frames.push([`thread.message.${String(msg.status)}`, msg]);
  return frames;
}

function openingFrames(step: Step, r: StreamedRun): Frame[] {
  const open = { ...step, status: 'in_progress', completed_at: null, cancelled_at: null, usage: null };
  const details = step.step_details;
  if (step.type === 'tool_calls') {
    const calls = Array.isArray(details.tool_calls) ? details.tool_calls : [];
    const empty = { ...open, step_details: { type: 'tool_calls', tool_calls: [] } };
    const listed = calls.map((call: unknown, index) => {
      const c = isObj(call) ? call : {};
      return { index, ...c, function: isObj(c.function) ? { ...c.function, output: null } : c.function };
    });
    return [
      ['thread.run.step.created', empty],
      ['thread.run.step.in_progress', empty],
      ['thread.run.step.delta', { id: step.id, object: 'thread.run.step.delta', delta: { step_details: { type: 'tool_calls', tool_calls: listed } } }],
    ];
  }
  const frames: Frame[] = [['thread.run.step.created', open], ['thread.run.step.in_progress', open]];
  const messageId = isObj(details.message_creation) ? details.message_creation.message_id : undefined;
  const msg = typeof messageId === 'string' ? r.message(messageId) : undefined;
  if (msg) frames.push(...messageFrames(msg as Json));
  return frames;
}

/** The events that tell a client who knows `seen` about the run's state now; updates `seen`. */
function changes(r: StreamedRun, seen: Seen): string[] {
  const frames: Frame[] = [];
  if (!seen.thread) frames.push(['thread.created', r.thread]);
  if (seen.status === null) frames.push(['thread.run.created', r.run]);
  for (const step of r.steps()) {
    const was = seen.steps.get(step.id);
    if (was === step.status) continue;
    if (was === undefined) frames.push(...openingFrames(step, r));
    if (step.status !== 'in_progress') frames.push([`thread.run.step.${step.status}`, step]);
    seen.steps.set(step.id, step.status);
  }
  // Steps first: a run reports completed (or requires_action) after the work that got it there.
  if (r.run.status !== seen.status) frames.push([`thread.run.${r.run.status}`, r.run]);
  seen.thread = true;
  seen.status = r.run.status;
  // Serialized now: later changes to the state must not rewrite events already decided.
  return frames.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** Answers `res` with the run's events until it stops moving (completed, requires_action, …), then `done`. */
export async function streamRun(res: ServerResponse, r: StreamedRun, seen: Seen, options: StreamOptions): Promise<void> {
  let sent = 0;
  // Checked before each event and before each advance, so a cut stream moves the run no further.
  const stopped = (): boolean => {
    if (options.cutAfter !== undefined && sent >= options.cutAfter) res.destroy();
    return res.destroyed;
  };
  const send = async (frame: string): Promise<boolean> => {
    if (stopped()) return false;
    if (sent > 0 && options.delayMs > 0) await wait(options.delayMs, res);
    if (!(await write(res, frame))) return false;
    sent++;
    return true;
  };
  try {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...options.headers });
    for (;;) {
      const frames = changes(r, seen);
      for (const frame of frames) if (!(await send(frame))) return;
      // While the frames went out (with delays), a GET or a cancel may have moved the run: report that first.
      if (frames.length > 0) continue;
      if (!MOVING.has(r.run.status)) break;
      if (stopped()) return;
      r.advance();
    }
    if (await send('event: done\ndata: [DONE]\n\n')) res.end();
  } catch {
    res.destroy();
  }
}

