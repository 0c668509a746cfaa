/**
 * The options' help lines, for `--help` and the README, apart from the option table
 * (config-options.ts) so that the Worker bundle, which never prints them, does not carry them.
 */
import { flagOf } from './config-flags.js';
import { OPTIONS, type OptionEnv } from './config-options.js';
import { DEFAULT_BASE_URL } from './config-values.js';
import { SERVER_LOG_LEVELS } from './log.js';
import { TOOLSETS } from './tools/types.js';
import { PROFILE_NAMES } from './upstream/profile.js';

/** What each option does, one line each; the type makes a new option without help a compile error. */
export const OPTION_HELP: Readonly<Record<OptionEnv, string>> = {
  OPENAI_API_KEY: 'API key sent upstream (env only, never a flag).',
  OPENAI_BASE_URL: `Upstream API base URL (default ${DEFAULT_BASE_URL}).`,
  OPENAI_ORG_ID: 'Sent as OpenAI-Organization.',
  OPENAI_PROJECT_ID: 'Sent as OpenAI-Project.',
  OPENAI_AUTH_HEADER: '"authorization" (Bearer, default) or "api-key" (Azure key header).',
  OPENAI_QUERY_PARAMS: 'Query string added to every request, e.g. "api-version=2025-05-01" (Azure).',
  OPENAI_TIMEOUT_MS: 'Per-request timeout in ms (default 60000).',
  OPENAI_MAX_RETRIES: 'Retries of safe-to-repeat requests (default 2).',
  MCP_WAIT_TIMEOUT_MS: 'How long run-and-wait tools wait before returning a still-running run (default 45000, below common client timeouts).',
  OPENAI_BACKEND: '"responses" (Responses + Conversations API) or "assistants" (Assistants v2 wire API). Default: responses for any *.openai.com host, assistants for any other base URL.',
  OPENAI_UPSTREAM_PROFILE: `What the Responses server can do: ${PROFILE_NAMES.join(', ')}. Default: openai for *.openai.com, azure for *.openai.azure.com and *.services.ai.azure.com, else generic (corrected by the server's answers).`,
  MCP_STORE_DIR: 'Directory of the server\'s own store (responses backend, Node). Default: the user data directory.',
  MCP_AUTH_TOKENS: 'HTTP: comma-separated access tokens; a client sending one as Authorization: Bearer uses the server\'s OPENAI_API_KEY (env only).',
  MCP_ALLOWED_ORIGINS: 'HTTP: comma-separated browser origins allowed (e.g. https://app.example.com, http://localhost:*, or *).',
  MCP_ALLOWED_HOSTS: 'HTTP: comma-separated Host names accepted (default: any; localhost names with --http on a loopback address).',
  MCP_ALLOW_KEY_IN_PATH: 'HTTP: "true" serves the legacy /mcp/{api-key} path. Unsafe: URLs end up in logs.',
  MCP_STORE_NAMESPACE: 'Store namespace (letters, digits, _ . : -). Default on stdio: "default", the same whatever the API key; on --http and the Worker each API key gets its own namespace (inside this one when set).',
  MCP_LOG_LEVEL: `Operator log on stderr (Worker: console): ${SERVER_LOG_LEVELS.join(', ')} (default info; --http logs one line per request at info).`,
  MCP_FILE_ROOTS: 'Node: comma-separated folders that file-upload may read by path and file-content may save into (the client\'s roots are added on stdio). Default: none.',
  MCP_UPLOAD_MAX_BYTES: 'Largest file file-upload sends by path (default 536870912 = 512 MiB; above 64 MiB it goes in parts).',
  MCP_TOOLSETS: `Comma-separated toolsets to publish: ${[...TOOLSETS, 'all', 'default'].join(', ')} (default: default).`,
  MCP_TOOLS: 'Comma-separated tools to publish (added to --toolsets; alone: only these).',
  MCP_EXCLUDE_TOOLS: 'Comma-separated tools never to publish.',
  MCP_READ_ONLY: 'Publish only read-only tools (wins over every other switch).',
  MCP_DETAIL: 'Tool results: "compact" (default: what a model needs, nulls and echoes left out) or "full" (the API object unchanged).',
  MCP_PORT: '--http: port to listen on (default 3000; 0 picks a free one).',
  MCP_HOST: '--http: address to bind (default 127.0.0.1).',
  MCP_MAX_JSON_DEPTH: 'Deepest object/array nesting accepted in a message\'s params (default 64).',
  MCP_MAX_MESSAGE_BYTES: 'Largest message accepted: a stdio line or an HTTP body (default 4194304 = 4 MiB).',
  OPENAI_MAX_RESPONSE_BYTES: 'Largest upstream answer read (default 33554432 = 32 MiB); a bigger one fails the call.',
  MCP_EXIT_GRACE_MS: 'Stdio: how long calls in flight may finish after stdin closes before they are cancelled (default 2000).',
  MCP_SSE_KEEPALIVE_MS: 'HTTP: an SSE answer sends a ": keep-alive" comment this often while it waits (default 15000; 0 never). Keeps proxies from closing it, and lets the Worker notice a client that left.',
  MCP_PUBLIC_URL: 'HTTP: public base URL when behind a proxy (e.g. https://mcp.example.com); OAuth issuer and resource. Default: the request\'s origin.',
  MCP_OAUTH: 'HTTP: "false" turns off OAuth 2.1 sign-in (header auth only). Default true.',
  MCP_OAUTH_SECRET: 'HTTP: secret (32+ characters) that encrypts the keys users enter at sign-in. --http generates one in the store folder; the Worker needs it as a secret for OAuth (env only).',
  MCP_OAUTH_ACCESS_TTL: 'HTTP: OAuth access token lifetime in seconds (default 3600).',
  MCP_OAUTH_REFRESH_TTL: 'HTTP: OAuth refresh token lifetime in seconds (default 2592000, 30 days).',
  MCP_OAUTH_CHECK_KEY: 'HTTP: "true" checks a key entered at sign-in with one GET /models upstream before accepting it.',
  MCP_OAUTH_DEV_LOOPBACK_CLIENT_IDS: 'HTTP, development and tests only: "true" accepts client ID metadata URLs on localhost/127.0.0.1 (https still required).',
};

/** The `--help` text's option lines. */
export function optionsHelp(): string {
  return OPTIONS.map((o) => `  ${[flagOf(o), o.env].filter(Boolean).join(' / ')}\n      ${OPTION_HELP[o.env]}`).join('\n');
}
