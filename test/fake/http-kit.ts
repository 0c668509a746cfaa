// What the two fake upstreams (Assistants, Responses) share: request recording, failure
// rules, the OpenAI error shape, and writing to a response that may be gone.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { formFields, parseMultipart, type FormPart } from './multipart.js';
import { record as recordViolations, type FormField, type SpecCheck } from './openapi-validate.js';

export type Query = Record<string, string | string[]>;

export interface RecordedRequest {
  method: string;
  path: string; // pathname without the /v1 prefix, e.g. /threads/thread_1/runs
  query: Query;
  headers: Record<string, string>; // lower-cased names
  body: unknown; // parsed JSON, a multipart form's fields (formFields), or undefined
}
export interface FailureRule {
  method?: string;
  path?: string | RegExp;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  times?: number;
  reset?: boolean;
  delayMs?: number;
  /** On a streamed answer: send this many events, then destroy the connection (the work stays where the stream left it). */
  cutStreamAfter?: number;
}

export const errorBody = (message: string, type: string, param: string | null, code: string | null) =>
  ({ error: { message, type, param, code } });

/** Failure rules: `add` queues one for `times` matching requests, `take` consumes the first match. */
export function createRules() {
  const rules: Array<{ rule: FailureRule; left: number }> = [];
  return {
    add(rule: FailureRule): void {
      const left = rule.times ?? 1;
      if (left > 0) rules.push({ rule, left });
    },
    take(method: string, path: string): FailureRule | undefined {
      const i = rules.findIndex(({ rule }) => {
        if (rule.method && rule.method.toUpperCase() !== method) return false;
        if (typeof rule.path === 'string') return rule.path === path;
        if (rule.path instanceof RegExp) { rule.path.lastIndex = 0; return rule.path.test(path); }
        return true;
      });
      const entry = rules[i];
      if (!entry) return undefined;
      if (--entry.left <= 0) rules.splice(i, 1);
      return entry.rule;
    },
  };
}

export interface Received {
  url: URL;
  record: RecordedRequest;
  badJson: boolean;
  /** Headers a rule adds to the answer. */
  extraHeaders: Record<string, string>;
  /** The body's bytes (multipart uploads). */
  raw: Buffer;
  /** A multipart body's parts (empty otherwise). */
  form: FormPart[];
  cutStreamAfter?: number;
}

/**
 * Parses and records one request, then applies the first matching failure rule.
 * Resolves undefined when the rule answered (or reset the connection) itself.
 */
export async function receive(
  req: IncomingMessage,
  res: ServerResponse,
  requests: RecordedRequest[],
  rules: ReturnType<typeof createRules>,
  send: (status: number, body: unknown, extraHeaders: Record<string, string>) => void,
  spec?: SpecCheck,
): Promise<Received | undefined> {
  const rawUrl = req.url ?? '/';
  const url = new URL(`http://127.0.0.1${rawUrl.startsWith('/') ? rawUrl : `/${rawUrl}`}`);
  const path = url.pathname === '/v1' ? '/' : url.pathname.startsWith('/v1/') ? url.pathname.slice(3) : url.pathname;
  const method = (req.method ?? 'GET').toUpperCase();
  const query: Query = {};
  for (const [k, v] of url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const record: RecordedRequest = { method, path, query, headers, body: undefined };
  requests.push(record);

  const raw = await readBody(req);
  const multipart = /^multipart\//i.test(headers['content-type'] ?? '');
  const text = multipart ? '' : raw.toString('utf8');
  let badJson = false;
  if (text.trim() !== '') {
    try { record.body = JSON.parse(text); } catch { badJson = true; }
  }
  let form: FormPart[] = [];
  let unreadableForm: string | undefined;
  if (multipart) {
    try {
      form = parseMultipart(headers['content-type'] ?? '', raw);
      record.body = formFields(form);
    } catch (error) {
      unreadableForm = (error as Error).message;
    }
  }

  // The real server validates before anything else: a request that breaks the spec is refused, naming the field.
  const checked = { method, path, query, headers, raw: text, ...(multipart ? { form: unreadableForm ?? (record.body as Record<string, FormField>) } : {}) };
  const violations = spec ? recordViolations(spec, checked) : [];
  if (spec?.enforce && violations.length) {
    const [first] = violations;
    const param = first.at.replace(/^(body|query)\./, '');
    send(first.status, errorBody(first.message, 'invalid_request_error', param, first.status === 415 ? 'unsupported_media_type' : 'invalid_value'), {});
    return undefined;
  }

  const rule = rules.take(method, path);
  if (!rule) return { url, record, badJson, extraHeaders: {}, raw, form };
  if (rule.delayMs && rule.delayMs > 0) {
    await wait(rule.delayMs, res);
    if (res.destroyed || req.socket.destroyed) return undefined;
  }
  if (rule.reset) {
    req.socket.destroy();
    return undefined;
  }
  const extraHeaders = rule.headers ?? {};
  // A rule with only delayMs or cutStreamAfter (and maybe headers) alters the normal answer; otherwise it answers itself.
  if (rule.status !== undefined || rule.body !== undefined || (!rule.delayMs && rule.cutStreamAfter === undefined)) {
    const status = rule.status ?? (rule.body !== undefined ? 200 : 500);
    send(status, rule.body !== undefined ? rule.body : injectedError(status), extraHeaders);
    return undefined;
  }
  return { url, record, badJson, extraHeaders, cutStreamAfter: rule.cutStreamAfter, raw, form };
}

function injectedError(status: number) {
  if (status === 429) return errorBody('Injected 429', 'rate_limit_exceeded', null, 'rate_limit_exceeded');
  return errorBody(`Injected ${status}`, status >= 500 ? 'server_error' : 'invalid_request_error', null, null);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('close', () => reject(new Error('request closed before its body was read')));
  });
}

/** Writes one frame; false when the client is gone. */
export function write(res: ServerResponse, frame: string): Promise<boolean> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve(false);
    const gone = (): void => resolve(false);
    res.once('close', gone);
    res.write(frame, (err) => {
      res.off('close', gone);
      resolve(!err);
    });
  });
}

/** Waits `ms`, or less if the client goes away first (the response then reports `destroyed`). */
export function wait(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => { clearTimeout(timer); res.off('close', done); resolve(); };
    const timer = setTimeout(done, ms);
    res.once('close', done);
  });
}

/** Serves `handle` on 127.0.0.1 at a free port: the base URL (ending in /v1) and a close that drops open connections. */
export async function listen(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {
  const server = createServer((req, res) => {
    res.on('error', () => {});
    req.on('error', () => {});
    void handle(req, res);
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

export function decodeSegment(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}
