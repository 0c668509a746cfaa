/**
 * A local, in-memory fake of OpenAI's Responses + Conversations HTTP API for tests and benchmarks.
 * Background responses advance one state per GET (queued → in_progress → completed | failed), so tests
 * never wait on timers; `stream: true` answers the same lifecycle as an event stream. The fake model:
 * tool outputs in the input → "Tool said: …"; FAIL in the last user text → failed; a function tool →
 * one function_call; else "Echo: <last user text>". SLOW keeps a response in_progress for 3 more GETs.
 * Answers the mapping's open points as responses-backend-mapping.md assumes (see responses-routes.ts).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FailureRule, RecordedRequest } from './assistants-server.js';
import { createState } from './responses-routes.js';
import { StreamAnswer, streamResponse, wait } from './responses-stream.js';
import { ApiError, errorBody, isObj, wrongType, bad, type Query } from './responses-validate.js';

export type { FailureRule, RecordedRequest } from './assistants-server.js';

export interface FakeResponsesOptions {
  /** The key the fake expects as `Authorization: Bearer <key>` (default "sk-test"). */
  apiKey?: string;
  /** ms between streamed events (default 0) */
  streamDelayMs?: number;
}
export interface FakeResponses {
  /** Base URL ending in /v1, on 127.0.0.1 and a random port. */
  url: string;
  /** Every request received, in order (path without the /v1 prefix). */
  requests: RecordedRequest[];
  /** Makes the next `times` (default 1) matching requests fail, reset, be delayed, or (streams) be cut. */
  fail(rule: FailureRule & { /** for stream:true answers: send this many events, then destroy the socket */ cutStreamAfter?: number }): void;
  /** Runs every queued or in_progress response to its end (completed or failed, as it would). */
  settle(): void;
  /** Finishes every queued or in_progress response, then stops the server. */
  close(): Promise<void>;
}

export async function startFakeResponses(options: FakeResponsesOptions = {}): Promise<FakeResponses> {
  const apiKey = options.apiKey ?? 'sk-test';
  const requests: RecordedRequest[] = [];
  const rules: Array<{ rule: FailureRule; left: number }> = [];
  const state = createState();
  let requestSeq = 0;

  function checkAccess(headers: Record<string, string>): void {
    const m = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
    if (!m) throw new ApiError(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
    if (m[1]!.trim() !== apiKey) throw new ApiError(401, `Incorrect API key provided: ${m[1]!.slice(0, 3)}***. You can find your API key at https://platform.openai.com/account/api-keys.`, null, 'invalid_api_key');
  }

  function takeRule(method: string, path: string): FailureRule | undefined {
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
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = `req_${++requestSeq}`;
    let extraHeaders: Record<string, string> = {};
    let cutStreamAfter: number | undefined;
    const headersOut = (): Record<string, string> => {
      const out: Record<string, string> = { 'x-request-id': requestId };
      for (const [k, v] of Object.entries(extraHeaders)) out[k.toLowerCase()] = v;
      return out;
    };
    const send = (status: number, body: unknown): void => {
      if (res.headersSent || res.destroyed) return;
      const payload = JSON.stringify(body) ?? '';
      res.writeHead(status, { 'content-type': 'application/json', ...headersOut(), 'content-length': Buffer.byteLength(payload) });
      res.end(payload);
    };
    try {
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
      let badJson = false;
      if (raw.trim() !== '') {
        try { record.body = JSON.parse(raw); } catch { badJson = true; }
      }

      const rule = takeRule(method, path);
      if (rule) {
        if (rule.delayMs && rule.delayMs > 0) {
          await wait(rule.delayMs, res);
          if (res.destroyed || req.socket.destroyed) return;
        }
        if (rule.reset) { req.socket.destroy(); return; }
        extraHeaders = rule.headers ?? {};
        cutStreamAfter = rule.cutStreamAfter;
        // A rule with only delayMs or cutStreamAfter (and maybe headers) alters the normal answer; otherwise it answers itself.
        if (rule.status !== undefined || rule.body !== undefined || (!rule.delayMs && cutStreamAfter === undefined)) {
          const status = rule.status ?? (rule.body !== undefined ? 200 : 500);
          send(status, rule.body !== undefined ? rule.body : injectedError(status));
          return;
        }
      }

      try {
        checkAccess(headers);
        if (badJson) bad('We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.');
        if (method === 'POST' && record.body !== undefined && !isObj(record.body)) wrongType('body', 'an object', record.body);
        const body = isObj(record.body) ? record.body : {};
        for (const [m, re, handler] of state.routes) {
          const match = m === method ? re.exec(path) : null;
          if (!match) continue;
          const answer = handler(match.slice(1).map(decodeSegment), body, query);
          if (answer instanceof StreamAnswer) {
            try {
              await streamResponse(res, answer.source, answer.after, { headers: headersOut(), delayMs: options.streamDelayMs ?? 0, cutAfter: cutStreamAfter });
            } finally {
              answer.ended?.();
            }
          } else {
            send(200, answer);
          }
          return;
        }
        throw new ApiError(404, `Invalid URL (${method} ${url.pathname})`);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        send(err.status, errorBody(err.message, err.type, err.param, err.code));
      }
    } catch (err) {
      try {
        send(500, errorBody(`Fake server error: ${err instanceof Error ? err.message : String(err)}`, 'server_error', null, null));
      } catch {
        res.destroy();
      }
    }
  }

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
    requests,
    fail(rule): void {
      const left = rule.times ?? 1;
      if (left > 0) rules.push({ rule, left });
    },
    settle: () => state.settle(),
    close: () => new Promise<void>((resolve) => {
      state.settle();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function injectedError(status: number) {
  if (status === 429) return errorBody('Injected 429', 'rate_limit_exceeded', null, 'rate_limit_exceeded');
  return errorBody(`Injected ${status}`, status >= 500 ? 'server_error' : 'invalid_request_error', null, null);
}
function decodeSegment(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    req.on('close', () => reject(new Error('request closed before its body was read')));
  });
}
