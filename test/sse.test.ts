import { fileURLToPath } from 'node:url';
/** The SSE parser: line endings, fields, chunk boundaries anywhere (bytes and characters), limits, and readSse's ending rules. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SseLimitError, createSseParser, readSse, type SseEvent, type SseParserOptions } from '../src/sse.js';

// Hand-assembled examples of OpenAI streams (copies of the project's spec examples).
// From .build/spec/ the repository root is two levels up.
const EXAMPLES = fileURLToPath(new URL('../../test/fixtures/openai', import.meta.url));
const encoder = new TextEncoder();

function parse(chunks: Array<Uint8Array | string>, options?: SseParserOptions): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createSseParser((e) => events.push(e), options);
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return events;
}

/** A body that serves `chunks`, then stays open (or ends with `end`), recording cancellation. */
function body(chunks: Array<Uint8Array | string>, { end = true, error }: { end?: boolean; error?: Error } = {}) {
  const cancels: unknown[] = [];
  let i = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[i++];
      if (chunk !== undefined) controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
      else if (error) controller.error(error);
      else if (end) controller.close();
      else return new Promise<void>(() => {}); // stays open: nothing more, ever
      return undefined;
    },
    cancel(reason) {
      cancels.push(reason);
    },
  });
  return { stream, cancels };
}

async function collect(events: AsyncIterable<SseEvent>): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

test('CRLF, CR and LF all end lines, mixed in one stream', () => {
  const expected = [{ event: 'a', data: '1\n2' }, { event: 'message', data: '3' }];
  assert.deepEqual(parse(['event: a\ndata: 1\ndata: 2\n\ndata: 3\n\n']), expected);
  assert.deepEqual(parse(['event: a\r\ndata: 1\r\ndata: 2\r\n\r\ndata: 3\r\n\r\n']), expected);
  assert.deepEqual(parse(['event: a\rdata: 1\rdata: 2\r\rdata: 3\r\r']), expected);
  assert.deepEqual(parse(['event: a\r\ndata: 1\rdata: 2\n\r\ndata: 3\r\r\n']), expected);
});

test('a CR ending one chunk and a LF opening the next are one line break', () => {
  assert.deepEqual(parse(['data: a\r', '\ndata: b\r', '\n\r', '\n']), [{ event: 'message', data: 'a\nb' }]);
  assert.deepEqual(parse(['data: a\r', '', '\ndata: b\r\n\r\n']), [{ event: 'message', data: 'a\nb' }], 'an empty chunk in between changes nothing');
  // A CR then a CR is two breaks: a blank line, so the event is dispatched.
  assert.deepEqual(parse(['data: a\r', '\rdata: b\r\r']), [{ event: 'message', data: 'a' }, { event: 'message', data: 'b' }]);
  assert.deepEqual(parse([encoder.encode('data: a\r'), encoder.encode('\n\r'), encoder.encode('\n')]), [{ event: 'message', data: 'a' }]);
});

test('data lines join with LF; one leading space is stripped; a bare "data" is an empty line of data', () => {
  assert.deepEqual(parse(['data:x\ndata:  y\ndata\ndata:\n\n']), [{ event: 'message', data: 'x\n y\n\n' }]);
  assert.deepEqual(parse(['data: {"a":1}\n\n']), [{ event: 'message', data: '{"a":1}' }]);
  assert.deepEqual(parse(['data: a:b: c\n\n']), [{ event: 'message', data: 'a:b: c' }], 'only the first colon separates');
});

test('comments, retry and unknown fields are ignored; events without data are not dispatched', () => {
  const events = parse([
    ': keep-alive\n:\n\n',
    'event: ping\n\n', // no data: nothing, and the type does not leak into the next event
    'retry: 3000\nfoo: bar\nDATA: upper\n# a note\ndata: kept\n: comment inside\n\n',
    'event: thread.run.created\ndata: {}\n\n',
  ]);
  assert.deepEqual(events, [{ event: 'message', data: 'kept' }, { event: 'thread.run.created', data: '{}' }]);
});

test('id persists across events like lastEventId; an id containing NUL is ignored; an empty id clears it', () => {
  const events = parse(['id: 7\ndata: a\n\ndata: b\n\nid: x\0y\ndata: c\n\nid\ndata: d\n\n']);
  assert.deepEqual(events, [
    { event: 'message', data: 'a', id: '7' },
    { event: 'message', data: 'b', id: '7' },
    { event: 'message', data: 'c', id: '7' },
    { event: 'message', data: 'd' },
  ]);
});

test('a byte order mark opening the stream is dropped, also when split', () => {
  const bytes = encoder.encode('\uFEFFdata: x\n\n');
  assert.deepEqual(parse([bytes.subarray(0, 1), bytes.subarray(1, 2), bytes.subarray(2)]), [{ event: 'message', data: 'x' }]);
  assert.deepEqual(parse(['\uFEFFdata: x\n\n']), [{ event: 'message', data: 'x' }]);
  assert.deepEqual(parse(['data: \uFEFFx\n\n']), [{ event: 'message', data: '\uFEFFx' }], 'only at the very start');
});

test('at the end of the stream a pending event is dispatched, even on an unterminated line', () => {
  assert.deepEqual(parse(['data: a\n\ndata: b\n']), [{ event: 'message', data: 'a' }, { event: 'message', data: 'b' }]);
  assert.deepEqual(parse(['event: done\ndata: [DONE]']), [{ event: 'done', data: '[DONE]' }]);
  assert.deepEqual(parse(['event: x\n']), [], 'still nothing without data');
});

test('UTF-8 characters split across chunks at every byte decode correctly', () => {
  const text = 'data: é€😀 ok\n\n';
  const bytes = encoder.encode(text);
  for (let at = 0; at <= bytes.length; at++) {
    assert.deepEqual(parse([bytes.subarray(0, at), bytes.subarray(at)]), [{ event: 'message', data: 'é€😀 ok' }], `split at ${at}`);
  }
  assert.deepEqual(parse([...bytes].map((b) => Uint8Array.of(b))), [{ event: 'message', data: 'é€😀 ok' }], 'one byte at a time');
});

for (const name of ['assistants-v2.stream-example.sse', 'responses.stream-example.sse']) {
  test(`${name}: the same events whatever the chunking`, () => {
    const bytes = readFileSync(`${EXAMPLES}/${name}`);
    const whole = parse([bytes]);
    assert.ok(whole.length >= 10, `parsed ${whole.length} events`);
    for (const e of whole) if (e.data !== '[DONE]') JSON.parse(e.data);
    for (let at = 0; at <= bytes.length; at++) {
      assert.deepEqual(parse([bytes.subarray(0, at), bytes.subarray(at)]), whole, `split at byte ${at}`);
    }
    assert.deepEqual(parse([...bytes].map((b) => Uint8Array.of(b))), whole, 'one byte at a time');
    const text = bytes.toString('utf8');
    assert.deepEqual(parse([...text]), whole, 'one character at a time, as strings');
  });
}

test('the Assistants example parses to the documented event sequence', () => {
  const events = parse([readFileSync(`${EXAMPLES}/assistants-v2.stream-example.sse`)]);
  const names = events.map((e) => e.event);
  assert.equal(names[0], 'thread.created');
  assert.deepEqual(names.slice(-3), ['thread.run.step.completed', 'thread.run.completed', 'done']);
  assert.equal(names.filter((n) => n === 'done').length, 2, 'two HTTP responses, each ending with done');
  assert.equal(events.at(-1)!.data, '[DONE]', 'the last event has no blank line after it and still counts');
  const text = events.filter((e) => e.event === 'thread.message.delta').map((e) => JSON.parse(e.data).delta.content[0].text.value).join('');
  assert.equal(text, 'It is 18C and sunny in Paris.');
});

test('an event over maxEventBytes throws a clear error, and the parser stays failed', () => {
  const events: SseEvent[] = [];
  const parser = createSseParser((e) => events.push(e), { maxEventBytes: 32 });
  parser.push(`data: ${'a'.repeat(20)}\n\n`);
  parser.push(`data: ${'b'.repeat(20)}\n`);
  assert.throws(() => parser.push(`data: ${'c'.repeat(20)}\n`), (error: SseLimitError) => {
    assert.ok(error instanceof SseLimitError);
    assert.equal(error.limit, 32);
    assert.match(error.message, /larger than 32 bytes/);
    return true;
  });
  assert.throws(() => parser.push('\n'), SseLimitError);
  assert.throws(() => parser.end(), SseLimitError);
  assert.deepEqual(events, [{ event: 'message', data: 'a'.repeat(20) }]);
});

test('a line that never ends is cut off at the limit, counted in bytes', () => {
  const parser = createSseParser(() => {}, { maxEventBytes: 100 });
  parser.push('data: ');
  for (let i = 0; i < 15; i++) parser.push('€'); // 45 bytes, 15 characters
  assert.throws(() => { for (let i = 0; i < 20; i++) parser.push('€'); }, SseLimitError);
  assert.throws(() => createSseParser(() => {}, { maxEventBytes: 0 }), RangeError);
  assert.deepEqual(parse(['data: 1234\ndata: 5678\n\n'], { maxEventBytes: 20 }), [{ event: 'message', data: '1234\n5678' }], 'exactly at the limit is fine');
  assert.throws(() => parse(['data: 1234\ndata: 5678\n\n'], { maxEventBytes: 19 }), SseLimitError);
});

test('readSse yields events, ends at [DONE] and cancels the rest of the body', async () => {
  const { stream, cancels } = body(['event: a\ndata: 1\n\n', 'data: [DONE]\n\ndata: after\n\n'], { end: false });
  assert.deepEqual(await collect(readSse(stream)), [{ event: 'a', data: '1' }]);
  assert.equal(cancels.length, 1, 'the body was cancelled');
});

test('readSse reads a body to its end, including a last event with no blank line', async () => {
  const { stream, cancels } = body(['data: 1\n', '\ndata: 2']);
  assert.deepEqual(await collect(readSse(stream)), [{ event: 'message', data: '1' }, { event: 'message', data: '2' }]);
  assert.equal(cancels.length, 0);
});

test('readSse accepts any async iterable of bytes and ends it when left early', async () => {
  let closed = false;
  async function* chunks() {
    try {
      yield encoder.encode('data: 1\n\ndata: 2\n\n');
      yield encoder.encode('data: 3\n\n');
    } finally {
      closed = true;
    }
  }
  for await (const e of readSse(chunks())) {
    assert.equal(e.data, '1');
    break;
  }
  assert.ok(closed);
});

test('abort while waiting for bytes stops iteration at once and cancels the reader', async () => {
  const { stream, cancels } = body(['data: 1\n\n'], { end: false });
  const controller = new AbortController();
  const events = readSse(stream, controller.signal);
  assert.deepEqual((await events.next()).value, { event: 'message', data: '1' });
  const pending = events.next(); // waits on a body that never sends more
  const reason = new Error('stop');
  controller.abort(reason);
  await assert.rejects(pending, (error) => error === reason);
  assert.deepEqual(cancels, [reason], 'the reader was cancelled with the abort reason');
  assert.deepEqual(await events.next(), { done: true, value: undefined });
});

test('abort between events stops before the next queued event; an aborted signal reads nothing', async () => {
  const { stream, cancels } = body(['data: 1\n\ndata: 2\n\n'], { end: false });
  const controller = new AbortController();
  const events = readSse(stream, controller.signal);
  await events.next();
  controller.abort();
  await assert.rejects(events.next(), { name: 'AbortError' });
  assert.equal(cancels.length, 1);

  const second = body(['data: 1\n\n']);
  await assert.rejects(collect(readSse(second.stream, AbortSignal.abort())), { name: 'AbortError' });
  assert.equal(second.cancels.length, 1);
});

test('a body that fails mid-event rejects, without dispatching the partial event', async () => {
  const { stream } = body(['data: 1\n\ndata: {"trunc'], { error: new TypeError('terminated') });
  const seen: SseEvent[] = [];
  await assert.rejects(async () => { for await (const e of readSse(stream)) seen.push(e); }, /terminated/);
  assert.deepEqual(seen, [{ event: 'message', data: '1' }]);
});

test('readSse stops on an oversized event and cancels the body', async () => {
  const { stream, cancels } = body([`data: ${'x'.repeat(64)}\n\n`], { end: false });
  await assert.rejects(collect(readSse(stream, undefined, { maxEventBytes: 32 })), SseLimitError);
  assert.equal(cancels.length, 1);
});

test('an aborted read of a silent Node stream destroys the stream at once (its socket closes)', async () => {
  const { Readable } = await import('node:stream');
  const body = new Readable({ read() {} });
  body.push('event: thread.run.created\ndata: {}\n\n');
  const controller = new AbortController();
  const events = readSse(body, controller.signal);
  assert.equal((await events.next()).value?.event, 'thread.run.created');
  const pending = events.next();
  controller.abort(new Error('cancelled'));
  await assert.rejects(pending, /cancelled/);
  // Not after a next() that never settles: iterator.return() alone would wait for one.
  assert.equal(body.destroyed, true);
});
