/**
 * A local, in-memory fake of OpenAI's Responses + Conversations HTTP API for tests and benchmarks.
 * Background responses advance one state per GET (queued → in_progress → completed | failed), so tests
 * never wait on timers; `stream: true` answers the same lifecycle as an event stream. The fake model:
 * tool outputs in the input → "Tool said: …"; FAIL in the last user text → failed; a function tool →
 * one function_call; else "Echo: <last user text>". SLOW keeps a response in_progress for 3 more GETs.
 * Answers the mapping's open points as responses-backend-mapping.md assumes (see responses-routes.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mountFiles, type FakeFiles } from './files-server.js';
import { assertNoViolations, createSpecCheck, type Violation } from './openapi-validate.js';
import { createRules, decodeSegment, listen, receive, type FailureRule, type RecordedRequest } from './http-kit.js';
import { createState, type FakeCapabilities } from './responses-routes.js';
import { PROFILES } from '../../src/upstream/profile.js';
import { StreamAnswer, streamResponse } from './responses-stream.js';
import { ApiError, errorBody, isObj, wrongType, bad } from './responses-validate.js';

export type { FailureRule, RecordedRequest } from './http-kit.js';

export interface FakeResponsesOptions {
  /** The key the fake expects as `Authorization: Bearer <key>` (default "sk-test"). */
  apiKey?: string;
  /** ms between streamed events (default 0) */
  streamDelayMs?: number;
  /** What the fake can do, as an upstream profile says (default: the `openai` profile). */
  capabilities?: FakeCapabilities;
  /**
   * Requests are checked against the official OpenAPI schema (test/fixtures/openai): by default a
   * violation is refused like the real server would and fails the test when the fake closes;
   * 'record' only records it (tests of the fake's own refusals, which send bad requests on purpose).
   */
  specViolations?: 'refuse' | 'record';
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
  /** The Files / Vector Stores part (files-server.ts). */
  files: FakeFiles;
  /** Requests that broke the official schema. */
  violations: Violation[];
  /** Finishes every queued or in_progress response, then stops the server; throws if a request broke the schema (unless specViolations is 'record'). */
  close(): Promise<void>;
}

export async function startFakeResponses(options: FakeResponsesOptions = {}): Promise<FakeResponses> {
  const apiKey = options.apiKey ?? 'sk-test';
  const requests: RecordedRequest[] = [];
  const rules = createRules();
  const spec = createSpecCheck(options.specViolations !== 'record');
  const files = mountFiles({ requests, rules, spec, checkAccess: (headers) => checkAccess(headers) });
  const state = createState(options.capabilities, (ids, query) => files.state.search(ids, query));
  const caps = options.capabilities ?? PROFILES.openai;
  let requestSeq = 0;

  function checkAccess(headers: Record<string, string>): void {
    const m = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
    if (!m) throw new ApiError(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
    if (m[1]!.trim() !== apiKey) throw new ApiError(401, `Incorrect API key provided: ${m[1]!.slice(0, 3)}***. You can find your API key at https://platform.openai.com/account/api-keys.`, null, 'invalid_api_key');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (files.owns(req)) return files.handle(req, res);
    const requestId = `req_${++requestSeq}`;
    let extraHeaders: Record<string, string> = {};
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
      const received = await receive(req, res, requests, rules, (status, body, headers) => ((extraHeaders = headers), send(status, body)), spec);
      if (!received) return;
      const { url, record, badJson, cutStreamAfter } = received;
      const { method, path, query, headers } = record;
      extraHeaders = received.extraHeaders;

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
        // FastAPI-style servers answer {"detail": ...}: a list naming the field, or a string.
        const detail = err.param ? [{ loc: ['body', err.param], msg: err.message, type: err.code ?? 'value_error' }] : err.message;
        send(err.status, caps.openaiErrors ? errorBody(err.message, err.type, err.param, err.code) : { detail });
      }
    } catch (err) {
      try {
        send(500, errorBody(`Fake server error: ${err instanceof Error ? err.message : String(err)}`, 'server_error', null, null));
      } catch {
        res.destroy();
      }
    }
  }

  const server = await listen(handle);

  return {
    url: server.url,
    requests,
    violations: spec.violations,
    fail: (rule) => rules.add(rule),
    settle: () => state.settle(),
    files,
    close: async () => {
      state.settle();
      await server.close();
      assertNoViolations(spec, 'Responses');
    },
  };
}

