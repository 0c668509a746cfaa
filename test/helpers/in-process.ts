/** In-process helpers: a connection driven by JSON texts, and a fetch that records calls. */
import { DEFAULTS, type Config } from '../../src/config.js';
import { createConnection } from '../../src/connection.js';
import type { Session } from '../../src/context.js';
import type { FetchLike } from '../../src/openai/fetch-types.js';
import { serializeMessage } from '../../src/raw-json.js';
import { createServerCore } from '../../src/server.js';

export const CANARY_KEY = 'sk-canary-7f3a9c1e5b2d4a6f8e0c';

export interface RecordedCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that records each call and answers with `respond` (default: `{}` 200). */
export function recordingFetch(respond: (call: RecordedCall, init: RequestInit) => Response | Promise<Response> = () => jsonResponse({})) {
  const calls: RecordedCall[] = [];
  const fetch: FetchLike = async (url, init) => {
    const call = {
      url,
      method: init.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    return respond(call, init);
  };
  return { calls, fetch };
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** A connection on a core built from `config`; `send` collects everything the server writes. */
export function connect(config: Partial<Config> = {}, fetch: FetchLike = recordingFetch().fetch, session?: Partial<Session>) {
  const sent: any[] = [];
  // Tests of tool behaviour get every tool unless they choose a selection.
  const core = createServerCore({ ...DEFAULTS, backend: 'assistants', apiKey: CANARY_KEY, baseUrl: 'http://upstream.test/v1', toolsets: ['all'], ...config }, { fetch });
  // What a client receives: the serialized text, parsed.
  const connection = createConnection(core, (m) => sent.push(JSON.parse(serializeMessage(m))), session);
  let nextId = 1;
  return {
    sent,
    connection,
    /** Sends raw text and waits until everything it started has answered. */
    async raw(text: string) {
      const before = sent.length;
      connection.receive(text);
      await connection.idle();
      return sent.slice(before);
    },
    /** Sends one request and returns its response message. */
    async request(method: string, params?: Record<string, unknown>) {
      const id = nextId++;
      const replies = await this.raw(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
      return replies.find((m) => m.id === id);
    },
    async call(name: string, args: Record<string, unknown>) {
      return (await this.request('tools/call', { name, arguments: args })).result;
    },
  };
}
