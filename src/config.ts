import { isOpenAIHost, PROFILE_NAMES, type ProfileName } from './upstream/profile.js';

/**
 * Configuration: one table of options, read from environment variables, CLI flags
 * (stdio/Node) or Worker vars, with the same names everywhere.
 */
import { SERVER_LOG_LEVELS, type ServerLogLevel } from './log.js';
import { parseNames } from './tools/selection.js';
import { TOOLSETS } from './tools/types.js';

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
  help: string;
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

/** The `--help` text's option lines. */
export function optionsHelp(): string {
  return OPTIONS.map((o) => `  ${(o.flag ? `${o.flag} / ` : '') + o.env}\n      ${o.help}`).join('\n');
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
