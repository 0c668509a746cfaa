/** The Cloudflare Worker: the HTTP handler behind `fetch(request, env)`. Vars use the environment variables' names. */
import { loadConfig } from './config.js';
import { CODES, errorResponse } from './jsonrpc.js';
import { createLogger } from './log.js';
import { guardStore, STORE_TIMEOUT_MS } from './store/guard.js';
import { createKvStore, type KvNamespaceLike } from './store/kv.js';
import { createHttpHandler, type HttpHandler } from './transports/http.js';

/** Worker bindings: string vars and secrets, and the KV namespace `STORE`. */
type Env = Record<string, unknown> & { STORE?: KvNamespaceLike };

// One handler per env object: Workers reuse env across requests of an isolate.
const handlers = new WeakMap<Env, HttpHandler>();

export default {
  async fetch(request: Request, env: Env = {}): Promise<Response> {
    let handler = handlers.get(env);
    if (!handler) {
      try {
        const vars = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
        const config = loadConfig(vars);
        const store = env.STORE
          ? guardStore(createKvStore(env.STORE), { location: 'KV binding STORE', hint: 'Check the STORE KV namespace binding in wrangler.toml.', timeoutMs: STORE_TIMEOUT_MS })
          : undefined;
        // Workers logs (wrangler tail, the dashboard) collect console output.
        const log = createLogger(config.logLevel, (line) => console.log(line), Date.now, config.apiKey);
        // fetch must be called unbound in Workers.
        handler = createHttpHandler(config, { fetch: (url, init) => fetch(url, init), store, crypto, now: Date.now, log });
      } catch (error) {
        const body = errorResponse(null, CODES.INTERNAL_ERROR, `Server misconfigured: ${(error as Error).message}`);
        return new Response(JSON.stringify(body), { status: 500, headers: { 'content-type': 'application/json' } });
      }
      handlers.set(env, handler);
    }
    return handler(request);
  },
};
