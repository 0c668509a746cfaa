/** The Cloudflare Worker: the HTTP handler behind `fetch(request, env)`. Vars use the environment variables' names. */
import { loadEnvConfig, type Config } from './config.js';
import { CODES, errorResponse } from './jsonrpc.js';
import { createLogger } from './log.js';
import type { FetchLike } from './openai/fetch-types.js';
import { guardStore, STORE_TIMEOUT_MS } from './store/guard.js';
import type { Store } from './store/types.js';
import { createOAuth, disabledOAuth } from './oauth/index.js';
import { sweepExpired } from './oauth/sweep.js';
import { createKvStore, type KvNamespaceLike } from './store/kv.js';
import { createHttpHandler, type HttpHandler } from './transports/http.js';

/** Worker bindings: string vars and secrets, and the KV namespace `STORE`. */
type Env = Record<string, unknown> & { STORE?: KvNamespaceLike };

// One handler per env object: Workers reuse env across requests of an isolate.
const handlers = new WeakMap<Env, HttpHandler>();

const NO_SECRET =
  'OAuth sign-in (for Claude, ChatGPT and other MCP clients) is off on this Worker: set a secret with ' +
  '`npx wrangler secret put MCP_OAUTH_SECRET` (32+ random characters, e.g. from `openssl rand -base64 32`).';
const NO_STORE = 'OAuth sign-in is off on this Worker: bind a KV namespace as STORE (see wrangler.toml) to keep its tokens.';

/** OAuth on KV when the secret and the store are there; otherwise every 401 says what is missing. */
function workerOAuth(config: Config, deps: { fetch: FetchLike; store?: Store }) {
  if (!config.oauth) return undefined;
  const secret = config.oauthSecret;
  if (!secret) return disabledOAuth(NO_SECRET);
  if (!deps.store) return disabledOAuth(NO_STORE);
  return createOAuth({ config, store: deps.store, fetch: deps.fetch, secret: async () => secret });
}

export default {
  async fetch(request: Request, env: Env = {}): Promise<Response> {
    let handler = handlers.get(env);
    if (!handler) {
      try {
        const vars = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
        const config = loadEnvConfig(vars);
        const store = env.STORE
          ? guardStore(createKvStore(env.STORE), { location: 'KV binding STORE', hint: 'Check the STORE KV namespace binding in wrangler.toml.', timeoutMs: STORE_TIMEOUT_MS })
          : undefined;
        // Workers logs (wrangler tail, the dashboard) collect console output.
        const log = createLogger(config.logLevel, (line) => console.log(line), Date.now, config.apiKey);
        // fetch must be called unbound in Workers.
        const deps = { fetch: (url: string, init: object) => fetch(url, init), store } as const;
        handler = createHttpHandler(config, { ...deps, crypto, now: Date.now, log, oauth: workerOAuth(config, deps) });
      } catch (error) {
        const body = errorResponse(null, CODES.INTERNAL_ERROR, `Server misconfigured: ${(error as Error).message}`);
        return new Response(JSON.stringify(body), { status: 500, headers: { 'content-type': 'application/json' } });
      }
      handlers.set(env, handler);
    }
    return handler(request);
  },

  /** The cron trigger (wrangler.toml): removes expired OAuth records nobody presented again. */
  async scheduled(_event: unknown, env: Env = {}): Promise<void> {
    if (env.STORE) await sweepExpired(createKvStore(env.STORE));
  },
};
