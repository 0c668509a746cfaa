/**
 * What an upstream Responses-compatible server can do: one plain object per named
 * server, chosen by `--upstream-profile` or guessed from the base URL, and corrected
 * once by what the upstream answers (see `learn.ts`). Backends read it; tools never do.
 */

/** The capabilities the `responses` backend adapts to. */
export interface UpstreamProfile {
  /** `POST /responses` needs `input` even beside `conversation` (send `[]` when nothing is new). */
  inputRequired: boolean;
  /** `background: true` is accepted; without it a run is a streamed foreground response the server drives. */
  background: boolean;
  /** `/conversations` exists; without it a thread's items live in the server's store and go upstream as `input`. */
  conversations: boolean;
  /** `GET /responses/{id}?stream=true` replays a background response's events. */
  streamReplay: boolean;
  /** `POST /responses/{id}/cancel` stops an in_progress response (some only cancel queued ones). */
  cancelRunning: boolean;
  /** Item lists honour `after` (a list that ignores it repeats its first page). */
  itemPaging: boolean;
  /** `GET /responses/{id}` works: responses are stored and can be read back. */
  storedResponses: boolean;
  /** Errors come as `{"error": {...}}` (otherwise `{"detail": ...}` or plain text; both are read). */
  openaiErrors: boolean;
  /** The Files and Uploads APIs (`/files`, `/uploads`) exist. */
  files: boolean;
  /** The Vector Stores API (`/vector_stores`, file batches, search) exists. */
  vectorStores: boolean;
  /** Container files (code interpreter outputs, `/containers/{id}/files`) exist. */
  containers: boolean;
}

export const PROFILE_NAMES = ['openai', 'azure', 'llama-stack', 'vllm', 'ollama', 'lmstudio', 'openrouter', 'generic'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

const FULL: UpstreamProfile = {
  inputRequired: false,
  background: true,
  conversations: true,
  streamReplay: true,
  cancelRunning: true,
  itemPaging: true,
  storedResponses: true,
  openaiErrors: true,
  files: true,
  vectorStores: true,
  containers: true,
};

const STATELESS: UpstreamProfile = {
  ...FULL, background: false, conversations: false, streamReplay: false, cancelRunning: false, storedResponses: false, openaiErrors: false,
  files: false, vectorStores: false, containers: false,
};

/** Named profiles, from each server's documentation and observed behaviour. */
export const PROFILES: Readonly<Record<ProfileName, Readonly<UpstreamProfile>>> = {
  openai: FULL,
  azure: FULL,
  'llama-stack': { ...FULL, inputRequired: true, streamReplay: false, cancelRunning: false, itemPaging: false, openaiErrors: false, containers: false },
  vllm: { ...STATELESS, storedResponses: true },
  ollama: STATELESS,
  lmstudio: { ...STATELESS, storedResponses: true },
  openrouter: STATELESS,
  // Unknown servers: assume OpenAI's feature set and let the answers correct it.
  generic: FULL,
};

/** The profile a base URL suggests: OpenAI and Azure hosts are recognised; local ports say nothing reliable. */
export function guessProfile(baseUrl: string): ProfileName {
  const host = new URL(baseUrl).hostname.toLowerCase();
  if (host === 'openai.com' || host.endsWith('.openai.com')) return 'openai';
  if (host.endsWith('.openai.azure.com') || host.endsWith('.services.ai.azure.com')) return 'azure';
  return 'generic';
}

/** True for any `*.openai.com` host: OpenAI no longer serves the Assistants API there. */
export function isOpenAIHost(baseUrl: string): boolean {
  return guessProfile(baseUrl) === 'openai';
}
