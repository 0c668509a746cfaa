/**
 * Turns failures of a tool call into text a model can act on: what failed, why,
 * what to do next, and the upstream request id. Also the one place secrets are redacted.
 */
import type { Config } from './config.js';
import { OpenAIError } from './openai/errors.js';
import { guessProfile, isOpenAIHost, PROFILE_NAMES } from './upstream/profile.js';
import type { ToolDef } from './tools/types.js';

/** Where a missing-object error sends the model to find valid IDs. */
const LIST_TOOL_FOR: Record<string, string> = {
  assistant: 'assistant-list',
  message: 'message-list',
  run: 'run-list',
  step: 'run-step-list',
  file: 'file-list',
  vector: 'vector-store-list (and vector-store-file-list for its files)',
};

const THREADS_UNLISTED = 'threads cannot be listed: use a thread_id that thread-create-and-run or thread-create returned.';

/** The objects a 404 names ("No assistant found with id …"), longest first, and the tool that lists each (threads: none). */
const LIST_TOOL_FOR_MISSING: readonly [RegExp, string | null][] = [
  [/^No vector store file\b/i, 'vector-store-file-list'],
  [/^No file batch\b/i, 'vector-store-file-list'],
  [/^No vector store\b/i, 'vector-store-list'],
  [/^No run step\b/i, 'run-step-list'],
  [/^No assistant\b/i, 'assistant-list'],
  [/^No thread\b/i, null],
  [/^No message\b/i, 'message-list'],
  [/^No run\b/i, 'run-list'],
  [/^No file\b/i, 'file-list'],
];

/** Tools of the Files and Vector Stores APIs, which OpenAI still serves. */
const isFileTool = (tool: ToolDef) => /^(file|vector-store)-/.test(tool.name);

export const MISSING_KEY_MESSAGE =
  'OPENAI_API_KEY is not set, so this server cannot call the API. Add it to this server\'s environment in your MCP client ' +
  'config (e.g. "env": {"OPENAI_API_KEY": "sk-..."}) and restart the server.';

/**
 * A failure the server itself detects (a feature the backend cannot serve, a missing
 * store, a record it does not have), with the advice a model needs to go on.
 */
export class ToolError extends Error {
  constructor(
    message: string,
    readonly advice: string,
  ) {
    super(message);
  }
}

/** A ToolError raised before anything was sent upstream or stored: the call changed nothing. */
export class RefusalError extends ToolError {}

/** Explains a failed upstream call. */
export function describeFailure(tool: ToolDef, error: unknown, config: Config): string {
  if (error instanceof ToolError) return `${tool.name} failed: ${error.message}\nWhat to do: ${error.advice}`;
  if (!(error instanceof OpenAIError)) {
    return error instanceof TypeError ? `${tool.name}: ${error.message}.` : `${tool.name} failed unexpectedly: ${String((error as Error)?.message ?? error)}`;
  }
  const { status, type, code, param, requestId, attempts } = error.details;
  const head = status ? `${tool.name} failed: the API answered ${status}${type ? ` (${type}${code ? `/${code}` : ''})` : ''}: ${error.message}` : `${tool.name} failed: ${error.message}`;
  const lines = [head, `What to do: ${advice(tool, error, config)}`];
  if (param) lines.push(`Parameter: ${param}`);
  if (attempts && attempts > 1) lines.push(`Attempts: ${attempts}`);
  if (requestId) lines.push(`Request ID: ${requestId}`);
  return lines.join('\n');
}

function advice(tool: ToolDef, error: OpenAIError, config: Config): string {
  const { status } = error.details;
  const idempotent = tool.annotations.idempotentHint;
  const maybeDone = `It may have taken effect: check with ${listToolFor(tool)} before calling ${tool.name} again, so nothing is created twice.`;
  if (error.kind === 'aborted') return 'The call was cancelled; nothing more will happen on this side.';
  if (error.kind === 'network' && error.details.sent === false) {
    return `Nothing reached the upstream, so calling again is safe. Check that OPENAI_BASE_URL (${safeBaseUrl(config)}) names a running server and that this machine can reach ${error.details.host ?? 'it'}.`;
  }
  if (error.kind === 'timeout' || error.kind === 'network') {
    return idempotent ? 'Retries were exhausted. Check OPENAI_BASE_URL and the network, then call again.' : maybeDone;
  }
  if (isFileTool(tool) && status === 404 && /^Invalid URL/i.test(error.message)) {
    return `This upstream (${config.baseUrl}) does not serve this endpoint of the Files / Vector Stores API. Use an upstream that has files and vector stores (OpenAI, Azure OpenAI), or do without ${tool.name}.`;
  }
  if (!isFileTool(tool) && isAssistantsApiGone(status, error.message, config)) {
    return 'OpenAI shut the Assistants API down on 2026-08-26, so this upstream no longer serves assistants, threads or runs. ' +
      'Start this server with --backend responses (OPENAI_BACKEND=responses), which serves the same tools on the Responses API, ' +
      'or point OPENAI_BASE_URL at an Assistants-compatible backend (for example Azure AI Foundry Agent Service, with ' +
      'OPENAI_AUTH_HEADER=api-key and OPENAI_QUERY_PARAMS=api-version=...).';
  }
  if (config.backend === 'responses' && (status === 400 || status === 422) && error.details.param && SENT_BY_SERVER.has(error.details.param.split(/[.[]/)[0])) {
    const profile = config.upstreamProfile ?? guessProfile(config.baseUrl);
    return `The upstream refused "${error.details.param}", which this server sends for the "${profile}" upstream profile, not an argument you gave. ` +
      `Start the server with the profile of your upstream: --upstream-profile (OPENAI_UPSTREAM_PROFILE) ${PROFILE_NAMES.join(' | ')} (see the README's table).`;
  }
  // OpenAI reports a busy thread as a 400 ("Thread … already has an active run …"), others as 409.
  if (status === 409 || (status === 400 && /active run/i.test(error.message))) {
    return 'A run is still active on this thread. Wait until run-get shows it finished, or stop it with run-cancel, then call again.';
  }
  switch (status) {
    case 400: return 'Fix the argument the message names and call again.';
    case 401: return 'The API key was rejected. Set a valid OPENAI_API_KEY in this server\'s environment and restart it.';
    case 403: return 'The key may not use this model or resource. Check the key\'s project (OPENAI_PROJECT_ID, OPENAI_ORG_ID) and permissions.';
    case 404: return missingV1(config) ?? `Check the ID; ${findValid(error.message, tool)}`;
    case 429: return error.details.code === 'insufficient_quota' ? 'The account is out of quota: add credit or raise limits, then call again.' : 'Rate limited even after retrying. Wait a little and call again.';
  }
  if (status !== undefined && status >= 500) return idempotent ? 'The API failed; retries were exhausted. Call again later.' : `The API failed. ${maybeDone}`;
  return 'Check the message above.';
}

/** Parameters the responses backend chooses itself: a refusal of one is the profile's fault, not the caller's. */
const SENT_BY_SERVER: ReadonlySet<string> = new Set(['input', 'background', 'stream', 'conversation', 'store', 'previous_response_id', 'context_management']);

/** On OpenAI's hosts, 404/410 for these endpoints means the API itself is gone, not the object; others say so in the message. */
function isAssistantsApiGone(status: number | undefined, message: string, config: Config): boolean {
  if (status !== 404 && status !== 410) return false;
  return /assistants api[^.]*(shut down|deprecated|no longer|retired)/i.test(message) || (config.backend === 'assistants' && isOpenAIHost(config.baseUrl));
}

/** A 404 from a base URL without /v1 (e.g. http://localhost:8321) is most likely a wrong base URL. */
function missingV1(config: Config): string | undefined {
  const { pathname } = new URL(config.baseUrl);
  if (/\/v1(\/|$)/.test(pathname)) return undefined;
  return `OPENAI_BASE_URL (${safeBaseUrl(config)}) has no /v1; most servers serve the API under it. Try ${safeBaseUrl(config).replace(/\/+$/, '')}/v1 (Azure: https://NAME.openai.azure.com/openai/v1).`;
}

/** The base URL without credentials or query, fit to show. */
function safeBaseUrl(config: Config): string {
  const url = new URL(config.baseUrl);
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function listToolFor(tool: ToolDef): string {
  return LIST_TOOL_FOR[tool.name.split('-')[tool.name.startsWith('run-step') ? 1 : 0]] ?? 'the list tools';
}

/** Where valid ids come from: for the object the 404 names if it names one (a run's 404 may be about its assistant), else for the tool's own object. */
function findValid(message: string, tool: ToolDef): string {
  const named = LIST_TOOL_FOR_MISSING.find(([pattern]) => pattern.test(message));
  const list = named ? named[1] : tool.name.startsWith('thread-') ? null : listToolFor(tool);
  return list === null ? THREADS_UNLISTED : `find valid ones with ${list}.`;
}

/** Removes the API key, and anything shaped like an OpenAI key, from text leaving the server. */
export function redact(text: string, apiKey: string | undefined): string {
  const withoutKey = apiKey ? text.split(apiKey).join('[redacted]') : text;
  return withoutKey.replace(/\b(sk-[A-Za-z0-9_*-]{3})[A-Za-z0-9_*-]+/g, '$1…[redacted]');
}
