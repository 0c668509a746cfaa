/** Is what the user typed plausibly a key, and (when configured) does the upstream accept it? One place for both rules. */
import type { OAuthContext } from './types.js';

const OPENAI_HOST = 'api.openai.com';

/** Why `key` is refused, in words for the sign-in page; undefined when it is accepted. */
export async function keyProblem(key: string, ctx: OAuthContext): Promise<string | undefined> {
  const format = formatProblem(key, ctx);
  if (format) return format;
  return ctx.config.oauthCheckKey ? upstreamProblem(key, ctx) : undefined;
}

function formatProblem(key: string, ctx: OAuthContext): string | undefined {
  const team = ctx.config.authTokens.length > 0;
  if (!key) return team ? 'Enter your OpenAI API key or a team access token.' : 'Enter your OpenAI API key.';
  if (key.length > 500 || !/^[\x21-\x7e]+$/.test(key)) return 'That is not an API key: a key is one line of letters, digits, "-" and "_", without spaces.';
  const openai = new URL(ctx.config.baseUrl).hostname === OPENAI_HOST;
  if (openai && (!key.startsWith('sk-') || key.length < 20)) {
    return team
      ? 'That is neither an access token of this server nor an OpenAI API key (keys start with sk-). Check the token with your team, or paste your own key from platform.openai.com/api-keys.'
      : 'That is not an OpenAI API key: keys start with sk- (for example sk-proj-…). Copy it from platform.openai.com/api-keys.';
  }
  if (key.length < 8) return 'That key is too short to be an API key.';
  return undefined;
}

/** One GET /models with the key; only a clear refusal rejects it. */
async function upstreamProblem(key: string, ctx: OAuthContext): Promise<string | undefined> {
  const { baseUrl, authHeader, queryParams, timeoutMs } = ctx.config;
  const query = new URLSearchParams(queryParams).toString();
  const headers: Record<string, string> = authHeader === 'api-key' ? { 'api-key': key } : { authorization: `Bearer ${key}` };
  try {
    const response = await ctx.fetch(`${baseUrl}/models${query ? `?${query}` : ''}`, { method: 'GET', headers, signal: AbortSignal.timeout(Math.min(timeoutMs, 10_000)) });
    await response.text();
    if (response.status === 401 || response.status === 403) return `The API refused this key (HTTP ${response.status}). Check that you copied the whole key and that it is still active.`;
    return undefined;
  } catch (error) {
    return `The key could not be checked right now (${(error as Error).name}). Try again in a moment.`;
  }
}
