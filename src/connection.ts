/**
 * One client connection: turns incoming JSON texts into responses, tracks requests
 * in flight so `notifications/cancelled` can abort them, and applies batch rules.
 */
import { createLog, type ServerContext, type Session } from './context.js';
import { redact } from './errors.js';
import { CODES, classify, errorResponse, parseJson, type Id, type RpcResponse } from './jsonrpc.js';
import { safeName } from './log.js';
import { LATEST_PROTOCOL_VERSION, handleRequest } from './mcp.js';
import type { ServerCore } from './server.js';

/** The only revision whose JSON-RPC allows batches. */
const BATCH_VERSION = '2025-03-26';

export interface Connection {
  /** Handles one JSON text (a stdio line, an HTTP body). Replies go to `send`. */
  receive(text: string): void;
  /** Resolves once no request is in flight. */
  idle(): Promise<void>;
  /** Aborts every request in flight; their responses are dropped. */
  close(): void;
}

export function createConnection(server: ServerCore, send: (message: object) => void, session?: Partial<Session>): Connection {
  const state: Session = { protocolVersion: LATEST_PROTOCOL_VERSION, ...session };
  const inFlight = new Map<Id, AbortController>();
  let pending = 0;
  let waiters: (() => void)[] = [];

  const notify = (method: string, params: Record<string, unknown>) => send({ jsonrpc: '2.0', method, params });
  const log = createLog(state, notify, server.config.apiKey);
  // Only local files ask the client something (roots/list), and a Worker has none: its bundle leaves this out.
  const asked = typeof __WORKER__ === 'undefined' ? createClientRequests(send) : NO_CLIENT_REQUESTS;

  async function handleOne(value: unknown): Promise<RpcResponse | null> {
    const message = classify(value, server.config.maxJsonDepth);
    switch (message.kind) {
      case 'invalid': return message.response;
      case 'response': return (asked.settle(message), null);
      case 'notification': {
        if (message.message.method === 'notifications/cancelled') inFlight.get(message.message.params?.requestId as Id)?.abort();
        return null;
      }
    }
    const { id } = message.message;
    const controller = new AbortController();
    inFlight.set(id, controller);
    const ctx: ServerContext = { ...server, session: state, signal: controller.signal, notify, log, requestClient: asked.request };
    const now = server.now ?? Date.now;
    const started = now();
    try {
      const response = await handleRequest(message.message, ctx);
      logRequest(message.message, response, now() - started, controller.signal.aborted);
      return controller.signal.aborted ? null : response;
    } finally {
      if (inFlight.get(id) === controller) inFlight.delete(id);
    }
  }

  /** The operator's debug line for one request: names and outcome only, never arguments. */
  function logRequest(request: { method: string; params?: Record<string, unknown> }, response: RpcResponse, ms: number, cancelled: boolean): void {
    const tool = request.method === 'tools/call' ? ` ${safeName(request.params?.name)}` : '';
    const isError = (response.result as { isError?: unknown } | undefined)?.isError === true;
    const outcome = cancelled ? 'cancelled' : response.error ? `error ${response.error.code}` : isError ? 'tool-error' : 'ok';
    server.operatorLog?.('debug', `rpc ${safeName(request.method)}${tool} ${outcome} ${Math.round(ms)}ms`);
  }

  async function receiveAsync(text: string): Promise<void> {
    const parsed = parseJson(text);
    if (parsed.kind === 'error') return send(parsed.response);
    if (parsed.kind === 'single') {
      const response = await handleOne(parsed.message);
      if (response) send(response);
      return;
    }
    if (state.protocolVersion !== BATCH_VERSION || parsed.messages.length === 0) {
      const why = parsed.messages.length === 0 ? 'an empty batch' : `batches are only allowed in protocol revision ${BATCH_VERSION} (this connection uses ${state.protocolVersion})`;
      return send(errorResponse(null, CODES.INVALID_REQUEST, `Invalid Request: ${why}`));
    }
    const responses = (await Promise.all(parsed.messages.map(handleOne))).filter((r): r is RpcResponse => r !== null);
    if (responses.length) send(responses);
  }

  return {
    receive(text) {
      pending++;
      receiveAsync(text)
        .catch((error) => send(errorResponse(null, CODES.INTERNAL_ERROR, `Internal error: ${redact(String(error?.message ?? error), server.config.apiKey)}`)))
        .finally(() => {
          if (--pending === 0) {
            for (const resolve of waiters) resolve();
            waiters = [];
          }
        });
    },
    idle() {
      return pending === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
    },
    close() {
      for (const controller of inFlight.values()) controller.abort();
      asked.close();
    },
  };
}

/** The Worker's: it sends the client no requests, so a response from the client settles nothing. */
const NO_CLIENT_REQUESTS = { request: undefined, settle: (_message: unknown) => {}, close: () => {} };

/** Requests this server sends to the client (roots/list), matched with the responses that come back. */
function createClientRequests(send: (message: object) => void) {
  const waiting = new Map<string, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let next = 0;
  return {
    request(method: string, params: Record<string, unknown>, signal: AbortSignal, timeoutMs = 10_000): Promise<unknown> {
      const id = `server-${++next}`;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`the client did not answer ${method} within ${timeoutMs} ms`)), timeoutMs);
        const onAbort = () => finish(new Error(`${method} was cancelled`));
        signal.addEventListener('abort', onAbort, { once: true });
        function finish(error: Error | undefined, value?: unknown) {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          waiting.delete(id);
          if (error) reject(error);
          else resolve(value);
        }
        waiting.set(id, { resolve: (value) => finish(undefined, value), reject: (error) => finish(error) });
        send({ jsonrpc: '2.0', id, method, params });
      });
    },
    settle(message: { id: unknown; result?: unknown; error?: { message?: unknown } }) {
      const entry = typeof message.id === 'string' ? waiting.get(message.id) : undefined;
      if (!entry) return;
      if (message.error) entry.reject(new Error(`the client answered ${String(message.error.message ?? 'an error')}`));
      else entry.resolve(message.result);
    },
    close() {
      for (const entry of waiting.values()) entry.reject(new Error('the connection closed'));
    },
  };
}
