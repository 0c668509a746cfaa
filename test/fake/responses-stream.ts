/**
 * Streaming for the fake Responses server: answers `text/event-stream` from a response's event log
 * (so `starting_after` resumes by sequence number) and, when the log runs out, applies the response's
 * next step, until the response stops. A cut stream leaves the response where it was; GETs finish it.
 */
import type { ServerResponse } from 'node:http';
import { wait, write } from './http-kit.js';

/** What the stream reads from, and does to, one response. */
export interface StreamSource {
  /** Serialized frames; index = sequence_number. Grows as the response moves. */
  log: string[];
  /** Applies one step of the response; false once it has stopped. */
  step(): boolean;
}

export interface StreamOptions {
  headers: Record<string, string>;
  delayMs: number;
  /** Destroys the connection once this many events were sent. */
  cutAfter?: number | undefined;
}

/** A handler's answer that asks for a stream of `source` from sequence number `after + 1`. */
export class StreamAnswer {
  /** `ended` runs once the stream is over, however it ended. */
  constructor(readonly source: StreamSource, readonly after: number, readonly ended?: () => void) {}
}

/** Sends the log from `after + 1`, stepping the response whenever the log is exhausted, then ends the answer. */
export async function streamResponse(res: ServerResponse, source: StreamSource, after: number, options: StreamOptions): Promise<void> {
  let next = Math.max(0, after + 1);
  let sent = 0;
  try {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...options.headers });
    for (;;) {
      if (options.cutAfter !== undefined && sent >= options.cutAfter) { res.destroy(); return; }
      if (res.destroyed) return;
      if (next < source.log.length) {
        if (sent > 0 && options.delayMs > 0) await wait(options.delayMs, res);
        if (!(await write(res, source.log[next]!))) return;
        next++;
        sent++;
        continue;
      }
      const before = source.log.length;
      if (!source.step()) break;
      // A silent step (a SLOW tick) still takes time, so a stream cannot outrun a slow response.
      if (source.log.length === before && options.delayMs > 0) await wait(options.delayMs, res);
    }
    res.end();
  } catch {
    res.destroy();
  }
}

