/** Server-Sent Events parsing (WHATWG EventSource rules) for streamed upstream responses. Web APIs only. */

/** One dispatched event. */
export interface SseEvent {
  /** The `event:` field, or `"message"` when the event had none. */
  event: string;
  /** The `data:` lines joined with `"\n"`. */
  data: string;
  /** The last event ID the stream set (as EventSource's `lastEventId`: it persists until an `id:` changes it); absent while empty. */
  id?: string;
}

export interface SseParserOptions {
  /**
   * Upper bound, in UTF-8 bytes, on what one event may hold in memory: its `data:` lines as received
   * (without line breaks) plus the line being read. Going over throws {@link SseLimitError} instead of
   * buffering without bound. Default 16 MiB.
   */
  maxEventBytes?: number;
}

export interface SseParser {
  /** Feeds a chunk of the stream; calls `onEvent` for each event it completes. Bytes may split anywhere, even inside a character. */
  push(chunk: Uint8Array | string): void;
  /**
   * Ends the stream. Unlike the WHATWG rules, which discard an event that no blank line ended, a
   * pending event is still dispatched (and an unterminated last line read): OpenAI's example streams
   * end with `data: [DONE]\n` and no blank line. Call it only on a clean end, never after a network error.
   */
  end(): void;
}

export const DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024;

/** An event grew past `maxEventBytes`. */
export class SseLimitError extends Error {
  override name = 'SseLimitError';
  constructor(readonly limit: number) {
    super(`Server-sent event larger than ${limit} bytes; the stream was abandoned instead of buffered further.`);
  }
}

// UTF-8 length of UTF-16 text; a surrogate counts 2, so a pair counts 4 even when split across calls.
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 2 : 3;
  }
  return n;
}

export function createSseParser(onEvent: (e: SseEvent) => void, options: SseParserOptions = {}): SseParser {
  const limit = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  if (!(limit > 0)) throw new RangeError(`maxEventBytes must be a positive number, got ${limit}.`);
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const lineBreak = /[\r\n]/g;
  let atStart = true;
  let skipLineFeed = false; // the previous chunk ended in CR: a LF opening the next one ends no new line
  let partial = '';
  let partialBytes = 0;
  let data: string[] = [];
  let dataBytes = 0;
  let type = '';
  let lastId = '';
  let failure: SseLimitError | undefined;

  const fail = (): never => {
    failure = new SseLimitError(limit);
    throw failure;
  };

  function dispatch(): void {
    if (data.length === 0) {
      type = '';
      return;
    }
    const event: SseEvent = { event: type || 'message', data: data.join('\n') };
    if (lastId) event.id = lastId;
    data = [];
    dataBytes = 0;
    type = '';
    onEvent(event);
  }

  function line(text: string, bytes: number): void {
    if (text === '') return dispatch();
    if (text.charCodeAt(0) === 0x3a) return; // ':' opens a comment
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.charCodeAt(0) === 0x20) value = value.slice(1);
    if (field === 'data') {
      dataBytes += bytes; // feed() checked the limit
      data.push(value);
    } else if (field === 'event') {
      type = value;
    } else if (field === 'id') {
      if (!value.includes('\0')) lastId = value;
    }
    // `retry:` only tunes EventSource reconnection, which a fetch body never does; other fields are ignored by the rules.
  }

  function feed(text: string): void {
    if (text === '') return;
    if (atStart) {
      atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = 0;
    if (skipLineFeed) {
      skipLineFeed = false;
      if (text.charCodeAt(0) === 0x0a) start = 1;
    }
    lineBreak.lastIndex = start;
    for (let m = lineBreak.exec(text); m; m = lineBreak.exec(text)) {
      const end = m.index;
      const piece = text.slice(start, end);
      const bytes = partialBytes + utf8Length(piece);
      if (dataBytes + bytes > limit) fail();
      const whole = partial ? partial + piece : piece;
      partial = '';
      partialBytes = 0;
      start = end + 1;
      if (text.charCodeAt(end) === 0x0d) {
        if (start === text.length) skipLineFeed = true;
        else if (text.charCodeAt(start) === 0x0a) start++;
      }
      line(whole, bytes);
      lineBreak.lastIndex = start;
    }
    if (start < text.length) {
      const rest = text.slice(start);
      partialBytes += utf8Length(rest);
      if (dataBytes + partialBytes > limit) fail();
      partial += rest;
    }
  }

  return {
    push(chunk) {
      if (failure) throw failure;
      feed(typeof chunk === 'string' ? decoder.decode() + chunk : decoder.decode(chunk, { stream: true }));
    },
    end() {
      if (failure) throw failure;
      feed(decoder.decode());
      if (partial) {
        const text = partial;
        partial = '';
        line(text, partialBytes);
        partialBytes = 0;
      }
      dispatch();
    },
  };
}

const isDone = (e: SseEvent): boolean => e.data.trim() === '[DONE]';

/**
 * Iterates the events of a response body; a `[DONE]` data line ends iteration. When `signal` aborts,
 * iteration stops at once (even while waiting for bytes): the reader is cancelled and `signal.reason`
 * is thrown. Leaving early (`break`, an error) cancels the reader too.
 */
export async function* readSse(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  signal?: AbortSignal,
  options?: SseParserOptions,
): AsyncGenerator<SseEvent> {
  const queue: SseEvent[] = [];
  const parser = createSseParser((e) => queue.push(e), options);
  const reader = 'getReader' in body ? body.getReader() : undefined;
  const iterator = reader ? undefined : (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  const next = (): Promise<IteratorResult<Uint8Array>> =>
    reader ? (reader.read() as Promise<IteratorResult<Uint8Array>>) : iterator!.next();
  const ABORTED = Symbol('aborted');
  let onAbort = (): void => {};
  const aborted = new Promise<typeof ABORTED>((resolve) => (onAbort = () => resolve(ABORTED)));
  signal?.addEventListener('abort', onAbort, { once: true });
  let finished = false;
  try {
    for (;;) {
      while (queue.length > 0) {
        signal?.throwIfAborted();
        const event = queue.shift()!;
        if (isDone(event)) return;
        yield event;
      }
      signal?.throwIfAborted();
      const pending = next();
      pending.catch(() => {}); // an abandoned read may still reject
      const result = await Promise.race([pending, aborted]);
      if (result === ABORTED) continue; // the loop throws signal.reason
      if (!result.done) {
        parser.push(result.value);
        continue;
      }
      finished = true;
      parser.end();
      for (const event of queue.splice(0)) {
        signal?.throwIfAborted();
        if (isDone(event)) return;
        yield event;
      }
      return;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (finished) reader?.releaseLock();
    else if (reader) reader.cancel(signal?.aborted ? signal.reason : undefined).catch(() => {});
    else closeIterable(body, iterator!);
  }
}

/**
 * Closes a body iterated without a reader. `return()` on an async generator (a Node stream's
 * iterator is one) runs only after its pending `next()` settles, which on a silent stream is
 * never: a body that can be destroyed (a Node response) is destroyed, which closes its socket.
 */
function closeIterable(body: object, iterator: AsyncIterator<Uint8Array>): void {
  const destroy = (body as { destroy?: unknown }).destroy;
  if (typeof destroy === 'function') destroy.call(body);
  else Promise.resolve(iterator.return?.()).catch(() => {});
}
