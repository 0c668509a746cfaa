/**
 * Configuration: one table of options, read from environment variables, CLI flags
 * (stdio/Node) or Worker vars, with the same names everywhere.
 */
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
  /** Deepest nesting of objects/arrays accepted in a message's params; deeper is refused before any processing. */
  maxJsonDepth: number;
  /** Largest message accepted, in bytes: a stdio line or an HTTP body. */
  maxMessageBytes: number;
  /** Largest upstream answer read; a bigger one fails the call with a clear error instead of filling memory. */
  maxUpstreamBytes: number;
  /** Stdio: how long calls in flight may still finish after stdin closes before they are cancelled and the process exits. */
  exitGraceMs: number;
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
  parse: (value: string) => Config[keyof Config];
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
  maxJsonDepth: 64,
  maxMessageBytes: 4 * 1024 * 1024,
  maxUpstreamBytes: 32 * 1024 * 1024,
  exitGraceMs: 2000,
  oauth: true,
  oauthAccessTtl: 3600,
  oauthRefreshTtl: 30 * 24 * 3600,
  oauthCheckKey: false,
  oauthLoopbackClientIds: false,
};

export const OPTIONS: readonly Option[] = [
  { env: 'OPENAI_API_KEY', key: 'apiKey', help: 'API key sent upstream (env only, never a flag).', parse: nonEmpty('OPENAI_API_KEY') },
  { env: 'OPENAI_BASE_URL', flag: '--base-url', key: 'baseUrl', help: `Upstream API base URL (default ${DEFAULT_BASE_URL}).`, parse: httpUrl },
  { env: 'OPENAI_ORG_ID', flag: '--org-id', key: 'orgId', help: 'Sent as OpenAI-Organization.', parse: nonEmpty('OPENAI_ORG_ID') },
  { env: 'OPENAI_PROJECT_ID', flag: '--project-id', key: 'projectId', help: 'Sent as OpenAI-Project.', parse: nonEmpty('OPENAI_PROJECT_ID') },
  {
    env: 'OPENAI_AUTH_HEADER',
    flag: '--auth-header',
    key: 'authHeader',
    help: '"authorization" (Bearer, default) or "api-key" (Azure key header).',
    parse: oneOf('OPENAI_AUTH_HEADER', ['authorization', 'api-key']),
  },
  {
    env: 'OPENAI_QUERY_PARAMS',
    flag: '--query-params',
    key: 'queryParams',
    help: 'Query string added to every request, e.g. "api-version=2025-05-01" (Azure).',
    parse: (value) => Object.fromEntries(new URLSearchParams(value)),
  },
  { env: 'OPENAI_TIMEOUT_MS', flag: '--timeout-ms', key: 'timeoutMs', help: 'Per-request timeout in ms (default 60000).', parse: integer('OPENAI_TIMEOUT_MS', 1, 600_000) },
  { env: 'OPENAI_MAX_RETRIES', flag: '--max-retries', key: 'maxRetries', help: 'Retries of safe-to-repeat requests (default 2).', parse: integer('OPENAI_MAX_RETRIES', 0, 10) },
  {
    env: 'MCP_WAIT_TIMEOUT_MS',
    flag: '--wait-timeout-ms',
    key: 'waitTimeoutMs',
    help: 'How long run-and-wait tools wait before returning a still-running run (default 45000, below common client timeouts).',
    parse: integer('MCP_WAIT_TIMEOUT_MS', 1000, 600_000),
  },
  {
    env: 'OPENAI_BACKEND',
    flag: '--backend',
    key: 'backend',
    help: '"responses" (Responses + Conversations API) or "assistants" (Assistants v2 wire API). Default: responses for api.openai.com, assistants for any other base URL.',
    parse: oneOf('OPENAI_BACKEND', ['responses', 'assistants']),
  },
  { env: 'MCP_STORE_DIR', flag: '--store', key: 'storeDir', help: 'Directory of the server\'s own store (responses backend, Node). Default: the user data directory.', parse: nonEmpty('MCP_STORE_DIR') },
  { env: 'MCP_AUTH_TOKENS', key: 'authTokens', help: 'HTTP: comma-separated access tokens; a client sending one as Authorization: Bearer uses the server\'s OPENAI_API_KEY (env only).', parse: list },
  { env: 'MCP_ALLOWED_ORIGINS', flag: '--allowed-origins', key: 'allowedOrigins', help: 'HTTP: comma-separated browser origins allowed (e.g. https://app.example.com, http://localhost:*, or *).', parse: list },
  { env: 'MCP_ALLOWED_HOSTS', flag: '--allowed-hosts', key: 'allowedHosts', help: 'HTTP: comma-separated Host names accepted (default: any; localhost names with --http on a loopback address).', parse: list },
  { env: 'MCP_ALLOW_KEY_IN_PATH', key: 'allowKeyInPath', help: 'HTTP: "true" serves the legacy /mcp/{api-key} path. Unsafe: URLs end up in logs.', parse: boolean('MCP_ALLOW_KEY_IN_PATH') },
  { env: 'MCP_FILE_ROOTS', flag: '--file-roots', key: 'fileRoots', help: 'Node: comma-separated folders that file-upload may read by path and file-content may save into (the client\'s roots are added on stdio). Default: none.', parse: list },
  { env: 'MCP_UPLOAD_MAX_BYTES', flag: '--upload-max-bytes', key: 'uploadMaxBytes', help: 'Largest file file-upload sends by path (default 536870912 = 512 MiB; above 64 MiB it goes in parts).', parse: integer('MCP_UPLOAD_MAX_BYTES', 1, 8 * 1024 ** 3) },
  {
    env: 'MCP_TOOLSETS',
    flag: '--toolsets',
    key: 'toolsets',
    help: `Comma-separated toolsets to publish: ${[...TOOLSETS, 'all', 'default'].join(', ')} (default: default).`,
    parse: (value) => parseNames('toolsets', value),
  },
  { env: 'MCP_TOOLS', flag: '--tools', key: 'tools', help: 'Comma-separated tools to publish (added to --toolsets; alone: only these).', parse: (value) => parseNames('tools', value) },
  { env: 'MCP_EXCLUDE_TOOLS', flag: '--exclude-tools', key: 'excludeTools', help: 'Comma-separated tools never to publish.', parse: (value) => parseNames('tools', value) },
  {
    env: 'MCP_READ_ONLY',
    flag: '--read-only',
    flagAlone: 'true',
    key: 'readOnly',
    help: 'Publish only read-only tools (wins over every other switch).',
    parse: boolean('MCP_READ_ONLY'),
  },
  {
    env: 'MCP_DETAIL',
    flag: '--detail',
    key: 'detail',
    help: 'Tool results: "compact" (default: what a model needs, nulls and echoes left out) or "full" (the API object unchanged).',
    parse: oneOf('MCP_DETAIL', ['compact', 'full']),
  },
  { env: 'MCP_PORT', flag: '--port', key: 'port', help: '--http: port to listen on (default 3000; 0 picks a free one).', parse: integer('MCP_PORT', 0, 65535) },
  { env: 'MCP_HOST', flag: '--host', key: 'host', help: '--http: address to bind (default 127.0.0.1).', parse: nonEmpty('MCP_HOST') },
  { env: 'MCP_MAX_JSON_DEPTH', flag: '--max-json-depth', key: 'maxJsonDepth', help: 'Deepest object/array nesting accepted in a message\'s params (default 64).', parse: integer('MCP_MAX_JSON_DEPTH', 4, 1000) },
  { env: 'MCP_MAX_MESSAGE_BYTES', flag: '--max-message-bytes', key: 'maxMessageBytes', help: 'Largest message accepted: a stdio line or an HTTP body (default 4194304 = 4 MiB).', parse: integer('MCP_MAX_MESSAGE_BYTES', 1024, 256 * 1024 * 1024) },
  { env: 'OPENAI_MAX_RESPONSE_BYTES', flag: '--max-response-bytes', key: 'maxUpstreamBytes', help: 'Largest upstream answer read (default 33554432 = 32 MiB); a bigger one fails the call.', parse: integer('OPENAI_MAX_RESPONSE_BYTES', 1024, 1024 * 1024 * 1024) },
  { env: 'MCP_EXIT_GRACE_MS', flag: '--exit-grace-ms', key: 'exitGraceMs', help: 'Stdio: how long calls in flight may finish after stdin closes before they are cancelled (default 2000).', parse: integer('MCP_EXIT_GRACE_MS', 0, 600_000) },
  { env: 'MCP_PUBLIC_URL', flag: '--public-url', key: 'publicUrl', help: 'HTTP: public base URL when behind a proxy (e.g. https://mcp.example.com); OAuth issuer and resource. Default: the request\'s origin.', parse: publicUrl },
  { env: 'MCP_OAUTH', flag: '--oauth', key: 'oauth', help: 'HTTP: "false" turns off OAuth 2.1 sign-in (header auth only). Default true.', parse: boolean('MCP_OAUTH') },
  { env: 'MCP_OAUTH_SECRET', key: 'oauthSecret', help: 'HTTP: secret (32+ characters) that encrypts the keys users enter at sign-in. --http generates one in the store folder; the Worker needs it as a secret for OAuth (env only).', parse: secret },
  { env: 'MCP_OAUTH_ACCESS_TTL', flag: '--oauth-access-ttl', key: 'oauthAccessTtl', help: 'HTTP: OAuth access token lifetime in seconds (default 3600).', parse: integer('MCP_OAUTH_ACCESS_TTL', 60, 86_400) },
  { env: 'MCP_OAUTH_REFRESH_TTL', flag: '--oauth-refresh-ttl', key: 'oauthRefreshTtl', help: 'HTTP: OAuth refresh token lifetime in seconds (default 2592000, 30 days).', parse: integer('MCP_OAUTH_REFRESH_TTL', 300, 365 * 86_400) },
  { env: 'MCP_OAUTH_CHECK_KEY', flag: '--oauth-check-key', key: 'oauthCheckKey', help: 'HTTP: "true" checks a key entered at sign-in with one GET /models upstream before accepting it.', parse: boolean('MCP_OAUTH_CHECK_KEY') },
  { env: 'MCP_OAUTH_DEV_LOOPBACK_CLIENT_IDS', key: 'oauthLoopbackClientIds', help: 'HTTP, development and tests only: "true" accepts client ID metadata URLs on localhost/127.0.0.1 (https still required).', parse: boolean('MCP_OAUTH_DEV_LOOPBACK_CLIENT_IDS') },
];

/** Reads options: environment first, flags override. Throws a user-facing message on bad values. */
export function loadConfig(env: Record<string, string | undefined>, argv: readonly string[] = []): Config {
  const config: Defaults = { ...DEFAULTS, queryParams: {} };
  const set = (option: Option, value: string) => Object.assign(config, { [option.key]: option.parse(value) });
  for (const option of OPTIONS) {
    const value = env[option.env];
    if (value !== undefined && value !== '') set(option, value);
  }
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const option = OPTIONS.find((o) => o.flag === flag);
    if (!option) throw new Error(`Unknown option ${flag}. Run with --help to see the options.`);
    const value = inline ?? option.flagAlone ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value.`);
    set(option, value);
  }
  return { ...config, backend: config.backend ?? defaultBackend(config.baseUrl) };
}

/** OpenAI itself no longer serves the Assistants API; everything else is presumed Assistants-compatible. */
function defaultBackend(baseUrl: string): Config['backend'] {
  return new URL(baseUrl).hostname === 'api.openai.com' ? 'responses' : 'assistants';
}

/** The `--help` text's option lines. */
export function optionsHelp(): string {
  return OPTIONS.map((o) => `  ${(o.flag ? `${o.flag} / ` : '') + o.env}\n      ${o.help}`).join('\n');
}

function nonEmpty(name: string) {
  return (value: string) => {
    if (!value.trim()) throw new Error(`${name} must not be empty.`);
    return value.trim();
  };
}

function list(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter(Boolean);
}

function boolean(name: string) {
  return (value: string) => {
    if (!/^(true|false|1|0)$/i.test(value)) throw new Error(`${name} must be true or false; got ${JSON.stringify(value)}.`);
    return /^(true|1)$/i.test(value);
  };
}

function httpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`OPENAI_BASE_URL must be an absolute URL such as ${DEFAULT_BASE_URL}; got ${JSON.stringify(value)}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`OPENAI_BASE_URL must use http or https; got ${url.protocol}`);
  return value.replace(/\/+$/, '');
}

function publicUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`MCP_PUBLIC_URL must be an absolute URL such as https://mcp.example.com; got ${JSON.stringify(value)}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`MCP_PUBLIC_URL must use http or https; got ${url.protocol}`);
  if (url.pathname !== '/' || url.search || url.hash) throw new Error(`MCP_PUBLIC_URL is an origin only (no path, query or fragment); got ${JSON.stringify(value)}.`);
  return url.origin;
}

function secret(value: string): string {
  if (value.length < 32) throw new Error(`MCP_OAUTH_SECRET must be at least 32 characters (try: openssl rand -base64 32); got ${value.length}.`);
  return value;
}

function oneOf<T extends string>(name: string, values: readonly T[]) {
  return (value: string): T => {
    if (!values.includes(value as T)) throw new Error(`${name} must be one of ${values.join(', ')}; got ${JSON.stringify(value)}.`);
    return value as T;
  };
}

function integer(name: string, min: number, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}; got ${JSON.stringify(value)}.`);
    return n;
  };
}
