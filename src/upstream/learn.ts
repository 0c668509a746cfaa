/**
 * The profile in use, corrected by what the upstream answers: each correction is
 * applied once and remembered for the life of the process. The one place that
 * reads refusals as missing capabilities.
 */
import { OpenAIError, NOT_A_STREAM } from '../openai/errors.js';
import { PROFILES, type ProfileName, type UpstreamProfile } from './profile.js';

/** The profile of one upstream, as the backend reads and corrects it. */
export interface Upstream {
  /** The profile chosen or guessed at start. */
  readonly name: ProfileName;
  /** What the upstream can do now: the profile plus what its answers taught. */
  readonly caps: Readonly<UpstreamProfile>;
  /** Corrections learned so far, for logs and error advice. */
  readonly learned: readonly string[];
  /** Records that `cap` is `value`; returns false when it already was (so a fallback is tried once). */
  correct(cap: keyof UpstreamProfile, value: boolean, why: string): boolean;
}

export function createUpstream(name: ProfileName, overrides: Partial<UpstreamProfile> = {}): Upstream {
  const caps: UpstreamProfile = { ...PROFILES[name], ...overrides };
  const learned: string[] = [];
  return {
    name,
    caps,
    learned,
    correct(cap, value, why) {
      if (caps[cap] === value) return false;
      caps[cap] = value;
      learned.push(`${cap}=${value}: ${why}`);
      return true;
    },
  };
}

/** Upstreams (and keys) whose corrections this process keeps. */
const MAX_KNOWN_UPSTREAMS = 32;
const known = new Map<string, Upstream>();

/**
 * The upstream at `baseUrl` under profile `name`, as seen with one API key, shared by every
 * request of this process or isolate: `--http` and the Worker build a server core per request,
 * and what one request learned (input required, no background...) must not be learned again, with
 * a refused request, by the next. Per key, because some refusals are the caller's organization's
 * (OpenAI refuses background mode to zero-data-retention organizations), not the endpoint's.
 */
export function upstreamFor(name: ProfileName, baseUrl: string, apiKey: string): Upstream {
  const key = `${name} ${baseUrl} ${tag(apiKey)}`;
  let upstream = known.get(key);
  if (!upstream) {
    upstream = createUpstream(name);
    if (known.size >= MAX_KNOWN_UPSTREAMS) known.delete(known.keys().next().value!);
    known.set(key, upstream);
  }
  return upstream;
}

/** A 53-bit hash of `text` (cyrb53): tells keys apart here without keeping them. */
function tag(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

const REFUSED = new Set([400, 422]);

/** The request parameter a 400/422 refusal names, from `param` or the message. */
function refusedParam(error: unknown, names: readonly string[]): string | undefined {
  if (!(error instanceof OpenAIError) || !REFUSED.has(error.details.status ?? 0)) return undefined;
  const param = error.details.param?.split(/[.[]/)[0];
  if (param && names.includes(param)) return param;
  return names.find((name) => new RegExp(`['"\`]?\\b${name}\\b['"\`]?`, 'i').test(error.message));
}

/**
 * What a refused `POST /responses` teaches: `input` required, or `background` (or
 * `stream` beside it) not supported. Applies the correction and returns the capability
 * changed, or undefined when the refusal is about something else or was already learned.
 */
export function learnFromCreateRefusal(upstream: Upstream, error: unknown): keyof UpstreamProfile | undefined {
  const param = refusedParam(error, ['input', 'background']);
  const why = `the upstream answered: ${(error as Error)?.message?.slice(0, 120)}`;
  if (param === 'input' && /required|missing|must/i.test((error as Error).message) && upstream.correct('inputRequired', true, why)) return 'inputRequired';
  if (param === 'background' && upstream.correct('background', false, why)) return 'background';
  return undefined;
}

/** A stream request answered without a stream (or refused as such): replay is not supported. */
export function learnFromStreamRefusal(upstream: Upstream, error: unknown): boolean {
  const noStream = error instanceof OpenAIError && (error.details.code === NOT_A_STREAM || refusedParam(error, ['stream']) !== undefined);
  return noStream && upstream.correct('streamReplay', false, `GET /responses/{id}?stream=true: ${(error as Error).message.slice(0, 120)}`);
}

/** A 404 for the conversations endpoint itself (not one conversation): the upstream has none. */
export function learnNoConversations(upstream: Upstream, error: unknown): boolean {
  const gone = error instanceof OpenAIError && (error.details.status === 404 || error.details.status === 405) && error.details.path === '/conversations';
  return gone && upstream.correct('conversations', false, `POST /conversations answered ${(error as OpenAIError).details.status}`);
}
