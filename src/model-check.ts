/**
 * The `responses` backend creates assistants in its own store, so without a check a bad
 * API key or model name would only fail at the first run. This asks the upstream once per
 * key and model (`GET /models/{model}`) before an assistant is created or its model changed.
 */
import type { Backend } from './backends/types.js';
import type { Config } from './config.js';
import { ToolError } from './errors.js';
import type { Client } from './openai.js';
import { OpenAIError } from './openai/errors.js';
import { pathSegment } from './openai/request.js';

/** Successful checks are remembered this long, per server process or Worker isolate. */
const CHECK_TTL_MS = 10 * 60_000;
const MAX_CACHED = 256;
const checked = new Map<string, number>();

/** Azure names deployments, not models, and has no `/models/{deployment}`: the first run checks those. */
export function hasModelEndpoint(config: Pick<Config, 'baseUrl' | 'authHeader'>): boolean {
  const host = new URL(config.baseUrl).hostname;
  return config.authHeader !== 'api-key' && !/\.azure\.com$/i.test(host);
}

/**
 * Wraps `backend` so createAssistant and modifyAssistant (with a model) first check the model.
 * @param scope tells keys apart in the cache (a digest of the key, never the key).
 */
export function withModelCheck(backend: Backend, client: Client, scope: () => Promise<string>, now: () => number): Backend {
  const check = async (model: unknown, signal?: AbortSignal) => {
    if (typeof model !== 'string') return;
    const entry = `${await scope()} ${model}`;
    if ((checked.get(entry) ?? -Infinity) > now() - CHECK_TTL_MS) return;
    try {
      await client.request({ method: 'GET', path: `/models/${pathSegment(model, 'model')}`, idempotent: true, signal });
    } catch (error) {
      if (error instanceof OpenAIError && error.details.status === 404) {
        throw new ToolError(
          `the model ${JSON.stringify(model)} is not available to this API key (GET /models/${model} answered 404); nothing was created.`,
          'Pick a model this key can use (e.g. gpt-4o-mini; the models your project can use are listed at https://platform.openai.com/settings) and call again.',
        );
      }
      throw error;
    }
    if (checked.size >= MAX_CACHED) checked.delete(checked.keys().next().value!);
    checked.set(entry, now());
  };
  return {
    ...backend,
    async call(op, args, options) {
      if (op === 'createAssistant' || (op === 'modifyAssistant' && args.model !== undefined)) await check(args.model, options.signal);
      return backend.call(op, args, options);
    },
  };
}
