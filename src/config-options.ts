/** The option table: every setting's environment variable, CLI flag and value check (help lines: config-help.ts). */
import type { Config } from './config.js';
import { boolean, httpUrl, integer, list, nonEmpty, oneOf, publicUrl, secret, storeSegment } from './config-values.js';
import { SERVER_LOG_LEVELS } from './log.js';
import { parseNames } from './tools/selection.js';
import { PROFILE_NAMES } from './upstream/profile.js';

/** One setting, with the same name everywhere: env var (and Worker var), and CLI flag. */
export interface Option {
  env: string;
  /** CLI flag; none for the key, so it never shows in a process list. */
  flag?: string;
  key: keyof Config;
  /** The value of the flag given alone (`--read-only`); without it, a flag needs a value. */
  flagAlone?: string;
  /** `name` is how the user spelled the option (flag or variable), for the error message. */
  parse: (value: string, name: string) => Config[keyof Config];
}

const OPTION_TABLE = [
  { env: 'OPENAI_API_KEY', key: 'apiKey', parse: nonEmpty },
  { env: 'OPENAI_BASE_URL', flag: '--base-url', key: 'baseUrl', parse: httpUrl },
  { env: 'OPENAI_ORG_ID', flag: '--org-id', key: 'orgId', parse: nonEmpty },
  { env: 'OPENAI_PROJECT_ID', flag: '--project-id', key: 'projectId', parse: nonEmpty },
  {
    env: 'OPENAI_AUTH_HEADER',
    flag: '--auth-header',
    key: 'authHeader',
    parse: oneOf(['authorization', 'api-key']),
  },
  {
    env: 'OPENAI_QUERY_PARAMS',
    flag: '--query-params',
    key: 'queryParams',
    parse: (value: string) => Object.fromEntries(new URLSearchParams(value)),
  },
  { env: 'OPENAI_TIMEOUT_MS', flag: '--timeout-ms', key: 'timeoutMs', parse: integer(1, 600_000) },
  { env: 'OPENAI_MAX_RETRIES', flag: '--max-retries', key: 'maxRetries', parse: integer(0, 10) },
  {
    env: 'MCP_WAIT_TIMEOUT_MS',
    flag: '--wait-timeout-ms',
    key: 'waitTimeoutMs',
    parse: integer(1000, 600_000),
  },
  {
    env: 'OPENAI_BACKEND',
    flag: '--backend',
    key: 'backend',
    parse: oneOf(['responses', 'assistants']),
  },
  {
    env: 'OPENAI_UPSTREAM_PROFILE',
    flag: '--upstream-profile',
    key: 'upstreamProfile',
    parse: oneOf(PROFILE_NAMES),
  },
  { env: 'MCP_STORE_DIR', flag: '--store', key: 'storeDir', parse: nonEmpty },
  { env: 'MCP_AUTH_TOKENS', key: 'authTokens', parse: list },
  { env: 'MCP_ALLOWED_ORIGINS', flag: '--allowed-origins', key: 'allowedOrigins', parse: list },
  { env: 'MCP_ALLOWED_HOSTS', flag: '--allowed-hosts', key: 'allowedHosts', parse: list },
  { env: 'MCP_ALLOW_KEY_IN_PATH', key: 'allowKeyInPath', parse: boolean },
  {
    env: 'MCP_STORE_NAMESPACE',
    flag: '--store-namespace',
    key: 'storeNamespace',
    parse: storeSegment,
  },
  {
    env: 'MCP_LOG_LEVEL',
    flag: '--log-level',
    key: 'logLevel',
    parse: oneOf(SERVER_LOG_LEVELS),
  },
  { env: 'MCP_FILE_ROOTS', flag: '--file-roots', key: 'fileRoots', parse: list },
  { env: 'MCP_UPLOAD_MAX_BYTES', flag: '--upload-max-bytes', key: 'uploadMaxBytes', parse: integer(1, 8 * 1024 ** 3) },
  {
    env: 'MCP_TOOLSETS',
    flag: '--toolsets',
    key: 'toolsets',
    parse: (value: string) => parseNames('toolsets', value),
  },
  { env: 'MCP_TOOLS', flag: '--tools', key: 'tools', parse: (value: string) => parseNames('tools', value) },
  { env: 'MCP_EXCLUDE_TOOLS', flag: '--exclude-tools', key: 'excludeTools', parse: (value: string) => parseNames('tools', value) },
  {
    env: 'MCP_READ_ONLY',
    flag: '--read-only',
    flagAlone: 'true',
    key: 'readOnly',
    parse: boolean,
  },
  {
    env: 'MCP_DETAIL',
    flag: '--detail',
    key: 'detail',
    parse: oneOf(['compact', 'full']),
  },
  { env: 'MCP_PORT', flag: '--port', key: 'port', parse: integer(0, 65535) },
  { env: 'MCP_HOST', flag: '--host', key: 'host', parse: nonEmpty },
  { env: 'MCP_MAX_JSON_DEPTH', flag: '--max-json-depth', key: 'maxJsonDepth', parse: integer(4, 1000) },
  { env: 'MCP_MAX_MESSAGE_BYTES', flag: '--max-message-bytes', key: 'maxMessageBytes', parse: integer(1024, 256 * 1024 * 1024) },
  { env: 'OPENAI_MAX_RESPONSE_BYTES', flag: '--max-response-bytes', key: 'maxUpstreamBytes', parse: integer(1024, 1024 * 1024 * 1024) },
  { env: 'MCP_EXIT_GRACE_MS', flag: '--exit-grace-ms', key: 'exitGraceMs', parse: integer(0, 600_000) },
  { env: 'MCP_SSE_KEEPALIVE_MS', flag: '--sse-keepalive-ms', key: 'sseKeepAliveMs', parse: integer(0, 600_000) },
  { env: 'MCP_PUBLIC_URL', flag: '--public-url', key: 'publicUrl', parse: publicUrl },
  { env: 'MCP_OAUTH', flag: '--oauth', key: 'oauth', parse: boolean },
  { env: 'MCP_OAUTH_SECRET', key: 'oauthSecret', parse: secret },
  { env: 'MCP_OAUTH_ACCESS_TTL', flag: '--oauth-access-ttl', key: 'oauthAccessTtl', parse: integer(60, 86_400) },
  { env: 'MCP_OAUTH_REFRESH_TTL', flag: '--oauth-refresh-ttl', key: 'oauthRefreshTtl', parse: integer(300, 365 * 86_400) },
  { env: 'MCP_OAUTH_CHECK_KEY', flag: '--oauth-check-key', key: 'oauthCheckKey', parse: boolean },
  { env: 'MCP_OAUTH_DEV_LOOPBACK_CLIENT_IDS', key: 'oauthLoopbackClientIds', parse: boolean },
] as const satisfies readonly Option[];

/** Every option, in `--help` order; their help lines are in config-help.ts, which the Worker does not bundle. */
export const OPTIONS: readonly (Option & { env: OptionEnv })[] = OPTION_TABLE;

/** An option's environment variable name. */
export type OptionEnv = (typeof OPTION_TABLE)[number]['env'];
