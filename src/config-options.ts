/** The option table: every setting's environment variable, CLI flag, value check and help line. */
import type { Config } from './config.js';
import { boolean, DEFAULT_BASE_URL, httpUrl, integer, list, nonEmpty, oneOf, publicUrl, secret, storeSegment } from './config-values.js';
import { SERVER_LOG_LEVELS } from './log.js';
import { parseNames } from './tools/selection.js';
import { TOOLSETS } from './tools/types.js';
import { PROFILE_NAMES } from './upstream/profile.js';

/** One setting, with the same name everywhere: env var (and Worker var), and CLI flag. */
export interface Option {
  env: string;
  /** CLI flag; none for the key, so it never shows in a process list. */
  flag?: string;
  key: keyof Config;
  help: string;
  /** The value of the flag given alone (`--read-only`); without it, a flag needs a value. */
  flagAlone?: string;
  /** `name` is how the user spelled the option (flag or variable), for the error message. */
  parse: (value: string, name: string) => Config[keyof Config];
}

export const OPTIONS: readonly Option[] = [
  { env: 'OPENAI_API_KEY', key: 'apiKey', help: 'API key sent upstream (env only, never a flag).', parse: nonEmpty },
  { env: 'OPENAI_BASE_URL', flag: '--base-url', key: 'baseUrl', help: `Upstream API base URL (default ${DEFAULT_BASE_URL}).`, parse: httpUrl },
  { env: 'OPENAI_ORG_ID', flag: '--org-id', key: 'orgId', help: 'Sent as OpenAI-Organization.', parse: nonEmpty },
  { env: 'OPENAI_PROJECT_ID', flag: '--project-id', key: 'projectId', help: 'Sent as OpenAI-Project.', parse: nonEmpty },
  {
    env: 'OPENAI_AUTH_HEADER',
    flag: '--auth-header',
    key: 'authHeader',
    help: '"authorization" (Bearer, default) or "api-key" (Azure key header).',
    parse: oneOf(['authorization', 'api-key']),
  },
  {
    env: 'OPENAI_QUERY_PARAMS',
    flag: '--query-params',
    key: 'queryParams',
    help: 'Query string added to every request, e.g. "api-version=2025-05-01" (Azure).',
    parse: (value: string) => Object.fromEntries(new URLSearchParams(value)),
  },
  { env: 'OPENAI_TIMEOUT_MS', flag: '--timeout-ms', key: 'timeoutMs', help: 'Per-request timeout in ms (default 60000).', parse: integer(1, 600_000) },
  { env: 'OPENAI_MAX_RETRIES', flag: '--max-retries', key: 'maxRetries', help: 'Retries of safe-to-repeat requests (default 2).', parse: integer(0, 10) },
  {
    env: 'MCP_WAIT_TIMEOUT_MS',
    flag: '--wait-timeout-ms',
    key: 'waitTimeoutMs',
    help: 'How long run-and-wait tools wait before returning a still-running run (default 45000, below common client timeouts).',
    parse: integer(1000, 600_000),
  },
  {
    env: 'OPENAI_BACKEND',
    flag: '--backend',
    key: 'backend',
    help: '"responses" (Responses + Conversations API) or "assistants" (Assistants v2 wire API). Default: responses for any *.openai.com host, assistants for any other base URL.',
    parse: oneOf(['responses', 'assistants']),
  },
  {
    env: 'OPENAI_UPSTREAM_PROFILE',
    flag: '--upstream-profile',
    key: 'upstreamProfile',
    help: `What the Responses server can do: ${PROFILE_NAMES.join(', ')}. Default: openai for *.openai.com, azure for *.openai.azure.com and *.services.ai.azure.com, else generic (corrected by the server's answers).`,
    parse: oneOf(PROFILE_NAMES),
  },
  { env: 'MCP_STORE_DIR', flag: '--store', key: 'storeDir', help: 'Directory of the server\'s own store (responses backend, Node). Default: the user data directory.', parse: nonEmpty },
  { env: 'MCP_AUTH_TOKENS', key: 'authTokens', help: 'HTTP: comma-separated access tokens; a client sending one as Authorization: Bearer uses the server\'s OPENAI_API_KEY (env only).', parse: list },
  { env: 'MCP_ALLOWED_ORIGINS', flag: '--allowed-origins', key: 'allowedOrigins', help: 'HTTP: comma-separated browser origins allowed (e.g. https://app.example.com, http://localhost:*, or *).', parse: list },
  { env: 'MCP_ALLOWED_HOSTS', flag: '--allowed-hosts', key: 'allowedHosts', help: 'HTTP: comma-separated Host names accepted (default: any; localhost names with --http on a loopback address).', parse: list },
  { env: 'MCP_ALLOW_KEY_IN_PATH', key: 'allowKeyInPath', help: 'HTTP: "true" serves the legacy /mcp/{api-key} path. Unsafe: URLs end up in logs.', parse: boolean },
  {
    env: 'MCP_STORE_NAMESPACE',
    flag: '--store-namespace',
    key: 'storeNamespace',
    help: 'Store namespace (letters, digits, _ . : -). Default on stdio: "default", the same whatever the API key; on --http and the Worker each API key gets its own namespace (inside this one when set).',
    parse: storeSegment,
  },
  {
    env: 'MCP_LOG_LEVEL',
    flag: '--log-level',
    key: 'logLevel',
    help: `Operator log on stderr (Worker: console): ${SERVER_LOG_LEVELS.join(', ')} (default info; --http logs one line per request at info).`,
    parse: oneOf(SERVER_LOG_LEVELS),
  },
  { env: 'MCP_FILE_ROOTS', flag: '--file-roots', key: 'fileRoots', help: 'Node: comma-separated folders that file-upload may read by path and file-content may save into (the client\'s roots are added on stdio). Default: none.', parse: list },
  { env: 'MCP_UPLOAD_MAX_BYTES', flag: '--upload-max-bytes', key: 'uploadMaxBytes', help: 'Largest file file-upload sends by path (default 536870912 = 512 MiB; above 64 MiB it goes in parts).', parse: integer(1, 8 * 1024 ** 3) },
  {
    env: 'MCP_TOOLSETS',
    flag: '--toolsets',
    key: 'toolsets',
    help: `Comma-separated toolsets to publish: ${[...TOOLSETS, 'all', 'default'].join(', ')} (default: default).`,
    parse: (value: string) => parseNames('toolsets', value),
  },
  { env: 'MCP_TOOLS', flag: '--tools', key: 'tools', help: 'Comma-separated tools to publish (added to --toolsets; alone: only these).', parse: (value: string) => parseNames('tools', value) },
  { env: 'MCP_EXCLUDE_TOOLS', flag: '--exclude-tools', key: 'excludeTools', help: 'Comma-separated tools never to publish.', parse: (value: string) => parseNames('tools', value) },
  {
    env: 'MCP_READ_ONLY',
    flag: '--read-only',
    flagAlone: 'true',
    key: 'readOnly',
    help: 'Publish only read-only tools (wins over every other switch).',
    parse: boolean,
  },
  {
    env: 'MCP_DETAIL',
    flag: '--detail',
    key: 'detail',
    help: 'Tool results: "compact" (default: what a model needs, nulls and echoes left out) or "full" (the API object unchanged).',
    parse: oneOf(['compact', 'full']),
  },
  { env: 'MCP_PORT', flag: '--port', key: 'port', help: '--http: port to listen on (default 3000; 0 picks a free one).', parse: integer(0, 65535) },
  { env: 'MCP_HOST', flag: '--host', key: 'host', help: '--http: address to bind (default 127.0.0.1).', parse: nonEmpty },
  { env: 'MCP_MAX_JSON_DEPTH', flag: '--max-json-depth', key: 'maxJsonDepth', help: 'Deepest object/array nesting accepted in a message\'s params (default 64).', parse: integer(4, 1000) },
  { env: 'MCP_MAX_MESSAGE_BYTES', flag: '--max-message-bytes', key: 'maxMessageBytes', help: 'Largest message accepted: a stdio line or an HTTP body (default 4194304 = 4 MiB).', parse: integer(1024, 256 * 1024 * 1024) },
  { env: 'OPENAI_MAX_RESPONSE_BYTES', flag: '--max-response-bytes', key: 'maxUpstreamBytes', help: 'Largest upstream answer read (default 33554432 = 32 MiB); a bigger one fails the call.', parse: integer(1024, 1024 * 1024 * 1024) },
  { env: 'MCP_EXIT_GRACE_MS', flag: '--exit-grace-ms', key: 'exitGraceMs', help: 'Stdio: how long calls in flight may finish after stdin closes before they are cancelled (default 2000).', parse: integer(0, 600_000) },
  { env: 'MCP_SSE_KEEPALIVE_MS', flag: '--sse-keepalive-ms', key: 'sseKeepAliveMs', help: 'HTTP: an SSE answer sends a ": keep-alive" comment this often while it waits (default 15000; 0 never). Keeps proxies from closing it, and lets the Worker notice a client that left.', parse: integer(0, 600_000) },
  { env: 'MCP_PUBLIC_URL', flag: '--public-url', key: 'publicUrl', help: 'HTTP: public base URL when behind a proxy (e.g. https://mcp.example.com); OAuth issuer and resource. Default: the request\'s origin.', parse: publicUrl },
  { env: 'MCP_OAUTH', flag: '--oauth', key: 'oauth', help: 'HTTP: "false" turns off OAuth 2.1 sign-in (header auth only). Default true.', parse: boolean },
  { env: 'MCP_OAUTH_SECRET', key: 'oauthSecret', help: 'HTTP: secret (32+ characters) that encrypts the keys users enter at sign-in. --http generates one in the store folder; the Worker needs it as a secret for OAuth (env only).', parse: secret },
  { env: 'MCP_OAUTH_ACCESS_TTL', flag: '--oauth-access-ttl', key: 'oauthAccessTtl', help: 'HTTP: OAuth access token lifetime in seconds (default 3600).', parse: integer(60, 86_400) },
  { env: 'MCP_OAUTH_REFRESH_TTL', flag: '--oauth-refresh-ttl', key: 'oauthRefreshTtl', help: 'HTTP: OAuth refresh token lifetime in seconds (default 2592000, 30 days).', parse: integer(300, 365 * 86_400) },
  { env: 'MCP_OAUTH_CHECK_KEY', flag: '--oauth-check-key', key: 'oauthCheckKey', help: 'HTTP: "true" checks a key entered at sign-in with one GET /models upstream before accepting it.', parse: boolean },
  { env: 'MCP_OAUTH_DEV_LOOPBACK_CLIENT_IDS', key: 'oauthLoopbackClientIds', help: 'HTTP, development and tests only: "true" accepts client ID metadata URLs on localhost/127.0.0.1 (https still required).', parse: boolean },
];

/** The `--help` text's option lines. */
export function optionsHelp(): string {
  return OPTIONS.map((o) => `  ${(o.flag ? `${o.flag} / ` : '') + o.env}\n      ${o.help}`).join('\n');
}
