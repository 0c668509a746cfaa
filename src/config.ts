/**
 * Configuration: one table of options, read from environment variables, CLI flags
 * (stdio/Node) or Worker vars, with the same names everywhere.
 */

export interface Config {
  apiKey?: string;
  baseUrl: string;
  orgId?: string;
  projectId?: string;
  authHeader: 'authorization' | 'api-key';
  queryParams: Record<string, string>;
  timeoutMs: number;
  maxRetries: number;
}

interface Option {
  env: string;
  /** CLI flag; none for the key, so it never shows in a process list. */
  flag?: string;
  key: keyof Config;
  help: string;
  parse: (value: string) => Config[keyof Config];
}

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export const DEFAULTS: Config = {
  baseUrl: DEFAULT_BASE_URL,
  authHeader: 'authorization',
  queryParams: {},
  timeoutMs: 60_000,
  maxRetries: 2,
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
];

/** Reads options: environment first, flags override. Throws a user-facing message on bad values. */
export function loadConfig(env: Record<string, string | undefined>, argv: readonly string[] = []): Config {
  const config: Config = { ...DEFAULTS, queryParams: {} };
  const set = (option: Option, value: string) => Object.assign(config, { [option.key]: option.parse(value) });
  for (const option of OPTIONS) {
    const value = env[option.env];
    if (value !== undefined && value !== '') set(option, value);
  }
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const option = OPTIONS.find((o) => o.flag === flag);
    if (!option) throw new Error(`Unknown option ${flag}. Run with --help to see the options.`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value.`);
    set(option, value);
  }
  return config;
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
