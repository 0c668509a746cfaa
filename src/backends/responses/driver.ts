/**
 * Runs on upstreams without background mode: the response is a streamed foreground
 * request that this server reads to its end, keeping the latest state for getRun. On
 * Node it outlives the tool call that started it; on the Worker it lasts as long as the
 * request that started it, so there the run-and-wait tools work, within their deadline.
 */
import { isRecord } from '../../jsonrpc.js';
import type { Client } from '../../openai.js';
import { OpenAIError } from '../../openai/errors.js';
import type { SseEvent } from '../../sse.js';
import type { ResponseObject } from './translate.js';

/** A response being driven: its latest state, and when it has ended. */
export interface Driven {
  latest: ResponseObject;
  /** Resolves once the response ended (completed, failed, incomplete, cancelled, or cut). */
  done: Promise<void>;
  /** Stops it: the stream is closed, so the upstream stops generating. */
  abort(): void;
}

/** The responses this process drives, by response id. */
export type Drivers = Map<string, Driven>;

const ACTIVE: ReadonlySet<string> = new Set(['queued', 'in_progress']);

/** Starts `body` as a streamed foreground response; resolves with its first state once the upstream names it. */
export async function drive(client: Client, drivers: Drivers, body: Record<string, unknown>): Promise<ResponseObject> {
  const controller = new AbortController();
  const events = await client.stream({ method: 'POST', path: '/responses', body: { ...body, background: false, stream: true }, signal: controller.signal, idempotent: false });
  const iterator = events[Symbol.asyncIterator]();
  let first: ResponseObject | undefined;
  while (!first) {
    const next = await iterator.next();
    if (next.done) throw new OpenAIError('The upstream ended the stream before it named the response; check run-list before starting another run.', 'network');
    const failure = streamError(next.value);
    if (failure) throw new OpenAIError(failure.message, 'http', { status: 400, code: failure.code });
    first = snapshot(next.value);
  }
  const entry: Driven = { latest: first, done: Promise.resolve(), abort: () => controller.abort() };
  const fail = (message: string, code = 'server_error') => ({ ...entry.latest, status: 'failed' as const, error: { code, message } });
  entry.done = (async () => {
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        const failure = streamError(next.value);
        if (failure) entry.latest = fail(failure.message, failure.code);
        entry.latest = snapshot(next.value) ?? entry.latest;
      }
      if (controller.signal.aborted) entry.latest = { ...entry.latest, status: 'cancelled', output: [] };
      else if (ACTIVE.has(entry.latest.status)) entry.latest = fail('The upstream ended the stream before the response finished.');
    } catch (error) {
      // What a cancelled response had written so far is dropped, as a background cancel would.
      entry.latest = controller.signal.aborted ? { ...entry.latest, status: 'cancelled', output: [] } : fail(`The stream broke: ${(error as Error)?.message ?? error}`);
    }
  })();
  drivers.set(first.id, entry);
  return first;
}

/** The response object that lifecycle events carry. */
function snapshot({ data }: SseEvent): ResponseObject | undefined {
  const payload = parse(data);
  const response = payload?.response;
  return isRecord(response) && typeof response.id === 'string' && typeof response.status === 'string' ? (response as unknown as ResponseObject) : undefined;
}

function streamError({ event, data }: SseEvent): { code: string; message: string } | undefined {
  if (event !== 'error') return undefined;
  const payload = parse(data);
  const error = isRecord(payload?.error) ? payload.error : payload;
  return { code: String(error?.code ?? 'server_error'), message: String(error?.message ?? 'The upstream reported an error in the stream.') };
}

/** An event's JSON object, or undefined when it is not one. */
export function parse(data: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(data);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
