/**
 * The `assistants` backend: the Assistants v2 wire API (OpenAI's former endpoints,
 * Azure AI Foundry Agent Service, self-hosted compatibles). A route table run by
 * one generic executor.
 */
import { isRecord } from '../jsonrpc.js';
import type { Client } from '../openai.js';
import { pathSegment } from '../openai/request.js';
import type { SseEvent } from '../sse.js';
import type { Backend, OperationName, RunUpdate } from './types.js';

interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** `{name}` placeholders are filled from the arguments of the same name. */
  path: string;
  /** Arguments sent in the query string of a POST (GET sends every argument there). */
  query?: readonly string[];
  /** A POST the spec declares without a request body (it gets none). */
  bodyless?: true;
}

const A = '/assistants/{assistant_id}';
const T = '/threads/{thread_id}';
const R = `${T}/runs/{run_id}`;

export const ROUTES: Record<OperationName, Route> = {
  listAssistants: { method: 'GET', path: '/assistants' },
  createAssistant: { method: 'POST', path: '/assistants' },
  getAssistant: { method: 'GET', path: A },
  modifyAssistant: { method: 'POST', path: A },
  deleteAssistant: { method: 'DELETE', path: A },
  createThread: { method: 'POST', path: '/threads' },
  getThread: { method: 'GET', path: T },
  modifyThread: { method: 'POST', path: T },
  deleteThread: { method: 'DELETE', path: T },
  listMessages: { method: 'GET', path: `${T}/messages` },
  createMessage: { method: 'POST', path: `${T}/messages` },
  getMessage: { method: 'GET', path: `${T}/messages/{message_id}` },
  modifyMessage: { method: 'POST', path: `${T}/messages/{message_id}` },
  deleteMessage: { method: 'DELETE', path: `${T}/messages/{message_id}` },
  listRuns: { method: 'GET', path: `${T}/runs` },
  createRun: { method: 'POST', path: `${T}/runs`, query: ['include'] },
  getRun: { method: 'GET', path: R },
  modifyRun: { method: 'POST', path: R },
  cancelRun: { method: 'POST', path: `${R}/cancel`, bodyless: true },
  submitToolOutputsToRun: { method: 'POST', path: `${R}/submit_tool_outputs` },
  listRunSteps: { method: 'GET', path: `${R}/steps` },
  getRunStep: { method: 'GET', path: `${R}/steps/{step_id}` },
};

/** Splits arguments into path, query and body, per the route. */
export function toRequest(route: Route, args: Record<string, unknown>) {
  const rest = { ...args };
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const segment = pathSegment(rest[name], name);
    delete rest[name];
    return segment;
  });
  if (route.method !== 'POST') return { path, query: rest, body: undefined };
  const query: Record<string, unknown> = {};
  for (const name of route.query ?? []) {
    query[name] = rest[name];
    delete rest[name];
  }
  return { path, query, body: route.bodyless ? undefined : rest };
}

export function createAssistantsBackend(client: Client): Backend {
  return {
    name: 'assistants',
    call(op, args, { signal, idempotent, onRetry }) {
      const route = ROUTES[op];
      const { path, query, body } = toRequest(route, args);
      // A 409 from cancel means the run can no longer be cancelled: asking again cannot change that.
      return client.request({ method: route.method, path, query, body, signal, onRetry, idempotent: idempotent || route.method !== 'POST', conflictIsFinal: op === 'cancelRun' });
    },
    async streamRun(op, args, { signal, onRetry }) {
      const { path, query, body } = toRequest(ROUTES[op], args);
      return runUpdates(await client.stream({ method: 'POST', path, query, body: { ...body, stream: true }, signal, onRetry, idempotent: false }));
    },
  };
}

/** Assistants stream events → run updates: `thread.run.*` carry the run, message deltas the text. */
async function* runUpdates(events: AsyncIterable<SseEvent>): AsyncGenerator<RunUpdate> {
  for await (const { event, data } of events) {
    if (event === 'error') return;
    if (!event.startsWith('thread.run.') && event !== 'thread.message.delta') continue;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      continue;
    }
    if (!isRecord(payload)) continue;
    if (event === 'thread.message.delta') {
      const parts = (payload.delta as { content?: { text?: { value?: unknown } }[] } | undefined)?.content ?? [];
      const delta = parts.map((part) => (typeof part.text?.value === 'string' ? part.text.value : '')).join('');
      if (delta) yield { type: 'text', delta };
    } else if (payload.object === 'thread.run') {
      yield { type: 'run', run: payload };
    }
  }
}
