/**
 * openai-assistants-mcp as a library, for any runtime with Web APIs (Workers, Deno, Bun,
 * Node 20+): an HTTP handler, or a message-level server for custom transports. Zero
 * dependencies; fetch, the store, Web Crypto, the clock and the log are injectable.
 */
import { loadConfig, type Config } from './config.js';
import { createConnection } from './connection.js';
import type { Logger } from './log.js';
import type { FetchLike } from './openai/fetch-types.js';
import { serializeMessage } from './raw-json.js';
import { createServerCore, type ServerDeps, type Tenancy } from './server.js';
import { createHttpHandler, type HttpHandler } from './transports/http.js';

export { createKvStore, type KvNamespaceLike } from './store/kv.js';
export { createMemoryStore } from './store/memory.js';
export type { Store } from './store/types.js';
export type { Config, FetchLike, HttpHandler, Logger, Tenancy };
export { VERSION } from './version.js';

/** What both entry points take. */
export interface McpServerOptions {
  /**
   * Settings by their environment variable names, exactly as the CLI and the Worker read
   * them, e.g. `{ OPENAI_API_KEY, OPENAI_BASE_URL, MCP_AUTH_TOKENS }`. Invalid values throw.
   */
  env?: Record<string, string | undefined>;
  /** Where the `responses` backend keeps its records (see createMemoryStore, createKvStore). */
  store?: ServerDeps['store'];
  /** Default: the global `fetch`. */
  fetch?: FetchLike;
  /** Default: the global `crypto`. */
  crypto?: ServerDeps['crypto'];
  /** Default: `Date.now`. */
  now?: () => number;
  /** Operator log lines (per request with the HTTP handler); default: none. */
  log?: Logger;
}

/** A server for a custom transport: one client session, fed one JSON-RPC message at a time. */
export interface McpServer {
  readonly config: Config;
  /**
   * Handles one JSON-RPC message (text or parsed) and resolves to what goes back: the
   * response to a request, an error for a bad message, or null for a notification.
   */
  handle(message: unknown): Promise<object | null>;
}

export interface McpServerCustomOptions extends McpServerOptions {
  /** `shared` (default): each API key's records in their own namespace; `single-user`: one namespace whatever the key. */
  tenancy?: Tenancy;
  /** Progress and log notifications sent while requests run. */
  onNotification?: (message: object) => void;
}

/** A Web-standard `(Request) => Promise<Response>` serving MCP (Streamable HTTP) on `/mcp`, and `/health`. */
export function createMcpHandler(options: McpServerOptions = {}): HttpHandler {
  return createHttpHandler(loadConfig(options.env ?? {}), deps(options));
}

/** The MCP server without a transport: bring your own (a message port, a queue, a socket…). */
export function createMcpServer(options: McpServerCustomOptions = {}): McpServer {
  const config = loadConfig(options.env ?? {});
  const waiting = new Map<unknown, (reply: object) => void>();
  let loose: object[] = [];
  const connection = createConnection(createServerCore(config, deps(options), options.tenancy ?? 'shared'), (sent) => {
    // Plain JSON values out: some results hold pre-serialized parts (raw-json.ts).
    const message = JSON.parse(serializeMessage(sent)) as object;
    const id = (message as { id?: unknown }).id;
    if ('method' in message) options.onNotification?.(message);
    else if (id !== undefined && id !== null && waiting.has(id)) waiting.get(id)!(message);
    else loose.push(message);
  });
  return {
    config,
    async handle(message) {
      const text = typeof message === 'string' ? message : JSON.stringify(message);
      const request = typeof message === 'string' ? tryParse(message) : message;
      const id = (request as { id?: unknown } | null)?.id;
      if (request && typeof request === 'object' && 'method' in request && id !== undefined && id !== null && !waiting.has(id)) {
        const reply = new Promise<object>((resolve) => waiting.set(id, resolve));
        connection.receive(text);
        try {
          // A cancelled request gets no reply: it resolves to null once the connection is idle.
          return await Promise.race([reply, connection.idle().then(() => null)]);
        } finally {
          waiting.delete(id);
        }
      }
      connection.receive(text);
      await connection.idle();
      const replies = loose;
      loose = [];
      return replies[0] ?? null;
    },
  };
}

function deps(options: McpServerOptions): ServerDeps {
  const fetch: FetchLike = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  return { fetch, store: options.store, crypto: options.crypto, now: options.now, log: options.log };
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
