/**
 * Configuration: what the server is told, read from environment variables, CLI flags
 * (stdio/Node) or Worker vars through one option table (`config-options.ts`).
 */
import { applyFlags } from './config-flags.js';
import { OPTIONS, type Option } from './config-options.js';
import { DEFAULT_BASE_URL } from './config-values.js';
import type { ServerLogLevel } from './log.js';
import { isOpenAIHost, type ProfileName } from './upstream/profile.js';

/** Every setting, after defaults, environment and flags. */
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

/** The configuration before the backend is resolved from the base URL. */
type Defaults = Omit<Config, 'backend'> & { backend?: Config['backend'] };

/** Each setting's value when no variable or flag sets it (`backend` follows the base URL). */
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

const UNSET_PLACEHOLDER = /^\$\{user_config\.\w+\}$/;

/** Reads options: environment first, flags override. Throws a user-facing message on bad values. */
export function loadConfig(env: Record<string, string | undefined>, argv: readonly string[] = []): Config {
  const config = fromEnv(env);
  applyFlags(argv, (option, value, name) => set(config, option, value, name));
  return resolved(config);
}

/** Reads options from the environment only (the Worker's vars): the flag parser stays out of the Worker bundle. */
export function loadEnvConfig(env: Record<string, string | undefined>): Config {
  return resolved(fromEnv(env));
}

function fromEnv(env: Record<string, string | undefined>): Defaults {
  const config: Defaults = { ...DEFAULTS, queryParams: {} };
  for (const option of OPTIONS) {
    const value = env[option.env];
    // An MCP Bundle host may pass an optional setting the user left empty as its unexpanded placeholder.
    if (value !== undefined && value !== '' && !UNSET_PLACEHOLDER.test(value)) set(config, option, value, option.env);
  }
  return config;
}

function set(config: Defaults, option: Option, value: string, name: string): void {
  Object.assign(config, { [option.key]: option.parse(value, name) });
}

function resolved(config: Defaults): Config {
  return { ...config, backend: config.backend ?? defaultBackend(config.baseUrl) };
}

/** OpenAI itself no longer serves the Assistants API; everything else is presumed Assistants-compatible. */
function defaultBackend(baseUrl: string): Config['backend'] {
  return isOpenAIHost(baseUrl) ? 'responses' : 'assistants';
}
