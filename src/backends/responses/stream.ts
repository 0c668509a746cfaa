/**
 * Run progress on the responses backend: a run's current background response is
 * followed with `GET /responses/{id}?stream=true`; its text deltas become progress and
 * its end a fresh run (derived by getRun, which also records the result).
 */
import type { Client } from '../../openai.js';
import { learnFromStreamRefusal, type Upstream } from '../../upstream/learn.js';
import type { CallOptions, RunUpdate } from '../types.js';
import { path } from './context.js';
import { parse } from './driver.js';

/** Response events after which the response has ended. */
const FINAL_EVENTS: ReadonlySet<string> = new Set(['response.completed', 'response.failed', 'response.incomplete', 'response.cancelled', 'error']);
/** Run statuses with a response in flight. */
const ACTIVE: ReadonlySet<unknown> = new Set(['queued', 'in_progress', 'cancelling']);

type Run = Record<string, unknown>;

export interface RunFollower {
  client: Client;
  upstream: Upstream;
  /** The current response of a run, from the server's run record. */
  currentResponse(run: Run, options: CallOptions): Promise<string | undefined>;
  /** The run as getRun reports it now. */
  getRun(run: Run, options: CallOptions): Promise<Run>;
}

/** Yields `run`, then, while a response is in flight, its text, then the run once the response ends. */
export async function* followRun(follower: RunFollower, run: Run, options: CallOptions): AsyncGenerator<RunUpdate> {
  yield { type: 'run', run };
  if (!ACTIVE.has(run.status)) return;
  // Without replay the caller polls; the refusal is learned once, not tried on every run.
  if (!follower.upstream.caps.streamReplay) return;
  const responseId = await follower.currentResponse(run, options);
  if (!responseId) return;
  let events: AsyncIterable<{ event: string; data: string }>;
  try {
    events = await follower.client.stream({
      method: 'GET',
      path: path`/responses/${responseId}`,
      query: { stream: 'true' },
      signal: options.signal,
      onRetry: options.onRetry,
      idempotent: true,
    });
  } catch (error) {
    if (learnFromStreamRefusal(follower.upstream, error)) return;
    throw error;
  }
  for await (const { event, data } of events) {
    if (event === 'response.output_text.delta') {
      const delta = parse(data)?.delta;
      if (typeof delta === 'string' && delta) yield { type: 'text', delta };
    } else if (FINAL_EVENTS.has(event)) {
      break;
    }
  }
  // A cut stream ends here too: the waiter then polls.
  yield { type: 'run', run: await follower.getRun(run, options) };
}
