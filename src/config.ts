import { isOpenAIHost, PROFILE_NAMES, type ProfileName } from './upstream/profile.js';

/**
 * Configuration: one table of options, read from environment variables, CLI flags
 * (stdio/Node) or Worker vars, with the same names everywhere.
 */
import { SERVER_LOG_LEVELS, type ServerLogLevel } from './log.js';
import { parseNames } from './tools/selection.js';

export interface Config {
  apiKey?: string;
  baseUrl: string;
  orgId?: string;
  projectId?: string;
  authHeader: 'authorization' | 'api-key';
  queryParams: Record<string, string>;
  timeoutMs: number;
  maxRetries: number;
  /** How long the run-and-wait tools wait before returning a still-running run. */
  waitTimeoutMs: number;
  /** Which upstream API serves the tools; resolved from the base URL when not set. */
  backend: 'responses' | 'assistants';
  /** What the upstream Responses server can do; guessed from the base URL (`guessProfile`) when not set. */
  upstreamProfile?: ProfileName;
  /** File store directory (Node); the platform's data directory when not set. */
  storeDir?: string;
  /** HTTP: access tokens that unlock the server-held OPENAI_API_KEY. */
  authTokens: string[];
  /** HTTP: browser origins allowed to call (`*` for any, `http://localhost:*` for any port). */
  allowedOrigins: string[];
  /** HTTP: Host header names accepted (empty: any); guards local servers against DNS rebinding. */
  allowedHosts: string[];
  /** HTTP: serve the seed's unsafe `/mcp/{api-key}` path. */
  allowKeyInPath: boolean;
  /** Node: folders that path uploads may read and file-content may save into (the client's roots are added on stdio). */
  fileRoots: string[];
  /** Largest file a path upload sends. */
  uploadMaxBytes: number;
  /** Tool selection (see tools/selection.ts): toolsets and tools enabled, tools excluded, read-only. */
  toolsets?: string[];
  tools?: string[];
  excludeTools: string[];
  readOnly: boolean;
  /** Results: `compact` (default) or `full`, the API object unchanged; a call's `detail` argument overrides it. */
  detail: 'compact' | 'full';
  /** `--http`: where to listen. */
  port: number;
  host: string;
  /** Operator log threshold (stderr on Node, console on the Worker). */
  logLevel: ServerLogLevel;
  /** Store key prefix; on --http and the Worker, each API key still gets its own namespace inside it. */
  storeNamespace?: string;
  /** Deepest nesting of objects/arrays accepted in a message's params; deeper is refused before any processing. */
  maxJsonDepth: number;
  /** Largest message accepted, in bytes: a stdio line or an HTTP body. */
  maxMessageBytes: number;
  /** Largest upstream answer read; a bigger one fails the call with a clear error instead of filling memory. */
  maxUpstreamBytes: number;
  /** Stdio: how long calls in flight may still finish after stdin closes before they are cancelled and the process exits. */
  exitGraceMs: number;
  /** HTTP: an SSE answer sends a comment this often while it waits (0: never); keeps proxies open and lets a runtime notice a client that left. */
  sseKeepAliveMs: number;
  /** HTTP: the server's public base URL (behind a proxy); the request's own origin when not set. */
  publicUrl?: string;
  /** HTTP: serve OAuth 2.1 sign-in (on by default where a secret is available). */
  oauth: boolean;
  /** HTTP: the secret that encrypts stored keys; `--http` generates one in the store folder when not set. */
  oauthSecret?: string;
  /** Lifetime of OAuth access tokens, in seconds. */
  oauthAccessTtl: number;
  /** Lifetime of OAuth refresh tokens, in seconds. */
  oauthRefreshTtl: number;
  /** Check a key entered on the sign-in page with one cheap upstream call before issuing a code. */
  oauthCheckKey: boolean;
  /** Development and tests only: accept client ID metadata URLs on loopback hosts. */
  oauthLoopbackClientIds: boolean;
}

interface Option {
  env: string;
  /** CLI flag; none for the key, so it never shows in a process list. */
  flag?: string;
  key: keyof Config;
  /** The value of the flag given alone (`--read-only`); without it, a flag needs a value. */
  flagAlone?: string;
  /** `name` is how the user spelled the option (flag or variable), for the error message. */
  parse: (value: string, name: string) => Config[keyof Config];
}

type Defaults = Omit<Config, 'backend'> & { backend?: Config['backend'] };

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export const DEFAULTS: Readonly<Defaults> = {
  baseUrl: DEFAULT_BASE_URL,
  authHeader: 'authorization',
  queryParams: {},
  timeoutMs: 60_000,
  maxRetries: 2,
  waitTimeoutMs: 45_000,
  authTokens: [],
  allowedOrigins: [],
  allowedHosts: [],
  allowKeyInPath: false,
  fileRoots: [],
  uploadMaxBytes: 512 * 1024 * 1024,
  excludeTools: [],
  readOnly: false,
  detail: 'compact',
  port: 3000,
  host: '127.0.0.1',
  logLevel: 'info',
  maxJsonDepth: 64,
  maxMessageBytes: 4 * 1024 * 1024,
  maxUpstreamBytes: 32 * 1024 * 1024,
  exitGraceMs: 2000,
  sseKeepAliveMs: 15_000,
  oauth: true,
  oauthAccessTtl: 3600,
  oauthRefreshTtl: 30 * 24 * 3600,
  oauthCheckKey: false,
  oauthLoopbackClientIds: false,
};

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

/** Every option, in `--help` order; their help lines are in src/config-help.ts. */
export const OPTIONS: readonly (Option & { env: OptionEnv })[] = OPTION_TABLE;

/** An option's environment variable name. */
export type OptionEnv = (typeof OPTION_TABLE)[number]['env'];

const UNSET_PLACEHOLDER = /^\$\{user_config\.\w+\}$/;

/** Reads options: environment first, flags override. Throws a user-facing message on bad values. */
export function loadConfig(env: Record<string, string | undefined>, argv: readonly string[] = []): Config {
  const config: Defaults = { ...DEFAULTS, queryParams: {} };
  const set = (option: Option, value: string, name: string) => Object.assign(config, { [option.key]: option.parse(value, name) });
  for (const option of OPTIONS) {
    const value = env[option.env];
    // An MCP Bundle host may pass an optional setting the user left empty as its unexpanded placeholder.
    if (value !== undefined && value !== '' && !UNSET_PLACEHOLDER.test(value)) set(option, value, option.env);
  }
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const option = OPTIONS.find((o) => o.flag === flag);
    if (!option) throw new Error(`Unknown option ${flag}. Run with --help to see the options.`);
    const value = inline ?? option.flagAlone ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value.`);
    set(option, value, flag);
  }
  return { ...config, backend: config.backend ?? defaultBackend(config.baseUrl) };
}

/** OpenAI itself no longer serves the Assistants API; everything else is presumed Assistants-compatible. */
function defaultBackend(baseUrl: string): Config['backend'] {
  return isOpenAIHost(baseUrl) ? 'responses' : 'assistants';
}

function nonEmpty(value: string, name: string): string {
  if (!value.trim()) throw new Error(`${name} must not be empty.`);
  return value.trim();
}

/** One store key segment, short enough to leave room for the rest of the key. */
function storeSegment(value: string, name: string): string {
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(value) || value === '.' || value === '..') {
    throw new Error(`${name} must be 1 to 64 of A-Z a-z 0-9 _ . : - (not "." or ".."); got ${JSON.stringify(value)}.`);
  }
  return value;
}

function list(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter(Boolean);
}

function boolean(value: string, name: string): boolean {
  if (!/^(true|false|1|0)$/i.test(value)) throw new Error(`${name} must be true or false; got ${JSON.stringify(value)}.`);
  return /^(true|1)$/i.test(value);
}

function httpUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be an absolute URL such as ${DEFAULT_BASE_URL}; got ${JSON.stringify(value)}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${name} must use http or https; got ${url.protocol}`);
  return value.replace(/\/+$/, '');
}

function publicUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be an absolute URL such as https://mcp.example.com; got ${JSON.stringify(value)}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${name} must use http or https; got ${url.protocol}`);
  if (url.pathname !== '/' || url.search || url.hash) throw new Error(`${name} is an origin only (no path, query or fragment); got ${JSON.stringify(value)}.`);
  return url.origin;
}

function secret(value: string, name: string): string {
  if (value.length < 32) throw new Error(`${name} must be at least 32 characters (try: openssl rand -base64 32); got ${value.length}.`);
  return value;
}

function oneOf<T extends string>(values: readonly T[]) {
  return (value: string, name: string): T => {
    if (!values.includes(value as T)) throw new Error(`${name} must be one of ${values.join(', ')}; got ${JSON.stringify(value)}.`);
    return value as T;
  };
}

function integer(min: number, max: number) {
  return (value: string, name: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}; got ${JSON.stringify(value)}.`);
    return n;
  };
}
