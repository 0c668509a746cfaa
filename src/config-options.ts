/** The option table: every setting's environment variable, CLI flag and value check (flags: config-flags.ts; help lines: config-help.ts). */
import type { Config } from './config.js';
import { boolean, httpUrl, integer, list, nonEmpty, oneOf, publicUrl, secret, storeSegment } from './config-values.js';
import { SERVER_LOG_LEVELS } from './log.js';
import { parseNames } from './tools/selection.js';
import { PROFILE_NAMES } from './upstream/profile.js';

/** One setting, with the same name everywhere: env var (and Worker var), and CLI flag. */
export interface Option {
  env: string;
  /**
   * CLI flag when it is not the variable's name without its OPENAI_/MCP_ prefix, lower case with dashes
   * (`flagOf` in config-flags.ts, which the Worker does not bundle); `false` for none: the key never shows in a process list.
   */
  flag?: string | false;
  key: keyof Config;
  /** The value of the flag given alone (`--read-only`); without it, a flag needs a value. */
  flagAlone?: string;
  /** `name` is how the user spelled the option (flag or variable), for the error message. */
  parse: (value: string, name: string) => Config[keyof Config];
}

const OPTION_TABLE = [
  { env: 'OPENAI_API_KEY', flag: false, key: 'apiKey', parse: nonEmpty },
  { env: 'OPENAI_BASE_URL', key: 'baseUrl', parse: httpUrl },
  { env: 'OPENAI_ORG_ID', key: 'orgId', parse: nonEmpty },
  { env: 'OPENAI_PROJECT_ID', key: 'projectId', parse: nonEmpty },
  { env: 'OPENAI_AUTH_HEADER', key: 'authHeader', parse: oneOf(['authorization', 'api-key']) },
  { env: 'OPENAI_QUERY_PARAMS', key: 'queryParams', parse: (value: string) => Object.fromEntries(new URLSearchParams(value)) },
  { env: 'OPENAI_TIMEOUT_MS', key: 'timeoutMs', parse: integer(1, 600_000) },
  { env: 'OPENAI_MAX_RETRIES', key: 'maxRetries', parse: integer(0, 10) },
  { env: 'MCP_WAIT_TIMEOUT_MS', key: 'waitTimeoutMs', parse: integer(1000, 600_000) },
  { env: 'OPENAI_BACKEND', key: 'backend', parse: oneOf(['responses', 'assistants']) },
  { env: 'OPENAI_UPSTREAM_PROFILE', key: 'upstreamProfile', parse: oneOf(PROFILE_NAMES) },
  { env: 'MCP_STORE_DIR', flag: '--store', key: 'storeDir', parse: nonEmpty },
  { env: 'MCP_AUTH_TOKENS', flag: false, key: 'authTokens', parse: list },
  { env: 'MCP_ALLOWED_ORIGINS', key: 'allowedOrigins', parse: list },
  { env: 'MCP_ALLOWED_HOSTS', key: 'allowedHosts', parse: list },
  { env: 'MCP_ALLOW_KEY_IN_PATH', flag: false, key: 'allowKeyInPath', parse: boolean },
  { env: 'MCP_STORE_NAMESPACE', key: 'storeNamespace', parse: storeSegment },
  { env: 'MCP_LOG_LEVEL', key: 'logLevel', parse: oneOf(SERVER_LOG_LEVELS) },
  { env: 'MCP_FILE_ROOTS', key: 'fileRoots', parse: list },
  { env: 'MCP_UPLOAD_MAX_BYTES', key: 'uploadMaxBytes', parse: integer(1, 8 * 1024 ** 3) },
  { env: 'MCP_TOOLSETS', key: 'toolsets', parse: (value: string) => parseNames('toolsets', value) },
  { env: 'MCP_TOOLS', key: 'tools', parse: (value: string) => parseNames('tools', value) },
  { env: 'MCP_EXCLUDE_TOOLS', key: 'excludeTools', parse: (value: string) => parseNames('tools', value) },
  { env: 'MCP_READ_ONLY', flagAlone: 'true', key: 'readOnly', parse: boolean },
  { env: 'MCP_DETAIL', key: 'detail', parse: oneOf(['compact', 'full']) },
  { env: 'MCP_PORT', key: 'port', parse: integer(0, 65535) },
  { env: 'MCP_HOST', key: 'host', parse: nonEmpty },
  { env: 'MCP_MAX_JSON_DEPTH', key: 'maxJsonDepth', parse: integer(4, 1000) },
  { env: 'MCP_MAX_MESSAGE_BYTES', key: 'maxMessageBytes', parse: integer(1024, 256 * 1024 * 1024) },
  { env: 'OPENAI_MAX_RESPONSE_BYTES', key: 'maxUpstreamBytes', parse: integer(1024, 1024 * 1024 * 1024) },
  { env: 'MCP_EXIT_GRACE_MS', key: 'exitGraceMs', parse: integer(0, 600_000) },
  { env: 'MCP_SSE_KEEPALIVE_MS', key: 'sseKeepAliveMs', parse: integer(0, 600_000) },
  { env: 'MCP_PUBLIC_URL', key: 'publicUrl', parse: publicUrl },
  { env: 'MCP_OAUTH', key: 'oauth', parse: boolean },
  { env: 'MCP_OAUTH_SECRET', flag: false, key: 'oauthSecret', parse: secret },
  { env: 'MCP_OAUTH_ACCESS_TTL', key: 'oauthAccessTtl', parse: integer(60, 86_400) },
  { env: 'MCP_OAUTH_REFRESH_TTL', key: 'oauthRefreshTtl', parse: integer(300, 365 * 86_400) },
  { env: 'MCP_OAUTH_CHECK_KEY', key: 'oauthCheckKey', parse: boolean },
  { env: 'MCP_OAUTH_DEV_LOOPBACK_CLIENT_IDS', flag: false, key: 'oauthLoopbackClientIds', parse: boolean },
] as const satisfies readonly Option[];

/** Every option, in `--help` order; their help lines are in config-help.ts, which the Worker does not bundle. */
export const OPTIONS: readonly (Option & { env: OptionEnv })[] = OPTION_TABLE;

/** An option's environment variable name. */
export type OptionEnv = (typeof OPTION_TABLE)[number]['env'];
