import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flagOf } from '../src/config-flags.js';
import { OPTION_HELP, optionsHelp } from '../src/config-help.js';
import { OPTIONS } from '../src/config-options.js';
import { DEFAULTS, loadConfig } from '../src/config.js';
import { createServerCore } from '../src/server.js';
import { CANARY_KEY, jsonResponse, recordingFetch } from './helpers/in-process.js';

test('defaults just work', () => {
  assert.deepEqual(loadConfig({}), { ...DEFAULTS, queryParams: {}, backend: 'responses' });
  assert.equal(loadConfig({ OPENAI_BASE_URL: 'https://example.azure.com/openai' }).backend, 'assistants', 'other hosts speak Assistants v2');
});

test('environment sets every option; flags override it, in both --flag value and --flag=value forms', () => {
  const config = loadConfig(
    {
      OPENAI_API_KEY: ` ${CANARY_KEY} `,
      OPENAI_BASE_URL: 'https://azure.example/openai/',
      OPENAI_ORG_ID: 'org_1',
      OPENAI_PROJECT_ID: 'proj_1',
      OPENAI_AUTH_HEADER: 'api-key',
      OPENAI_QUERY_PARAMS: 'api-version=2025-05-01&x=1',
      OPENAI_TIMEOUT_MS: '5000',
      OPENAI_MAX_RETRIES: '0',
      OPENAI_BACKEND: 'responses',
      MCP_STORE_DIR: '/tmp/store',
      MCP_AUTH_TOKENS: ' a , b,',
      MCP_ALLOWED_ORIGINS: 'https://x.example',
      MCP_ALLOWED_HOSTS: 'x.example',
      MCP_ALLOW_KEY_IN_PATH: 'true',
      MCP_PORT: '8080',
      MCP_HOST: '0.0.0.0',
      MCP_WAIT_TIMEOUT_MS: '30000',
      MCP_FILE_ROOTS: '/data/docs, /srv/files',
      MCP_UPLOAD_MAX_BYTES: '1048576',
      MCP_STORE_NAMESPACE: 'team-a',
      MCP_LOG_LEVEL: 'warning',
      MCP_MAX_JSON_DEPTH: '32',
      MCP_MAX_MESSAGE_BYTES: '65536',
      OPENAI_MAX_RESPONSE_BYTES: '1048576',
      MCP_EXIT_GRACE_MS: '500',
      MCP_SSE_KEEPALIVE_MS: '5000',
      MCP_TOOLSETS: 'runs',
      MCP_TOOLS: 'assistant-get',
      MCP_EXCLUDE_TOOLS: ' run-cancel ,run-update',
      MCP_READ_ONLY: 'false',
      MCP_DETAIL: 'full',
      MCP_PUBLIC_URL: 'https://mcp.example.com/',
      MCP_OAUTH: 'false',
      MCP_OAUTH_SECRET: 's'.repeat(32),
      MCP_OAUTH_ACCESS_TTL: '600',
      MCP_OAUTH_REFRESH_TTL: '86400',
      MCP_OAUTH_CHECK_KEY: 'true',
      MCP_OAUTH_DEV_LOOPBACK_CLIENT_IDS: '1',
    },
    ['--timeout-ms', '7000', '--base-url=http://localhost:8080/v1', '--port', '0', '--toolsets', 'wait,default', '--read-only', '--log-level=debug'],
  );
  assert.deepEqual(config, {
    apiKey: CANARY_KEY,
    baseUrl: 'http://localhost:8080/v1',
    orgId: 'org_1',
    projectId: 'proj_1',
    authHeader: 'api-key',
    queryParams: { 'api-version': '2025-05-01', x: '1' },
    timeoutMs: 7000,
    maxRetries: 0,
    waitTimeoutMs: 30000,
    backend: 'responses',
    storeDir: '/tmp/store',
    authTokens: ['a', 'b'],
    allowedOrigins: ['https://x.example'],
    allowedHosts: ['x.example'],
    allowKeyInPath: true,
    maxJsonDepth: 32,
    maxMessageBytes: 65536,
    maxUpstreamBytes: 1048576,
    exitGraceMs: 500,
    sseKeepAliveMs: 5000,
    port: 0,
    host: '0.0.0.0',
    fileRoots: ['/data/docs', '/srv/files'],
    uploadMaxBytes: 1048576,
    storeNamespace: 'team-a',
    logLevel: 'debug',
    toolsets: ['wait', 'default'],
    tools: ['assistant-get'],
    excludeTools: ['run-cancel', 'run-update'],
    readOnly: true,
    detail: 'full',
    publicUrl: 'https://mcp.example.com',
    oauth: false,
    oauthSecret: 's'.repeat(32),
    oauthAccessTtl: 600,
    oauthRefreshTtl: 86400,
    oauthCheckKey: true,
    oauthLoopbackClientIds: true,
  });
  assert.equal(loadConfig({}, ['--read-only=false']).readOnly, false);
});

test('a bad value names the option as the user spelled it: the flag, or the variable', () => {
  assert.throws(() => loadConfig({}, ['--port', 'abc']), /^Error: --port must be an integer from 0 to 65535; got "abc"\.$/);
  assert.throws(() => loadConfig({ MCP_PORT: 'abc' }), /^Error: MCP_PORT must be an integer/);
  assert.throws(() => loadConfig({}, ['--base-url=nope']), /^Error: --base-url must be an absolute URL/);
  assert.throws(() => loadConfig({}, ['--log-level', 'loud']), /--log-level must be one of debug, info, warning, error, off; got "loud"/);
  assert.throws(() => loadConfig({ MCP_STORE_NAMESPACE: 'a/b' }), /MCP_STORE_NAMESPACE must be 1 to 64 of A-Z/);
});

test('bad values are rejected with a message naming the option and the value', () => {
  assert.throws(() => loadConfig({ MCP_TOOLSETS: 'assistants,runz' }), /Unknown toolset "runz"; known: assistants, threads, messages, runs, wait, files, vector-stores, all, default/);
  assert.throws(() => loadConfig({}, ['--tools', 'run-craete']), /Unknown tool "run-craete"; known: assistant-create,/);
  assert.throws(() => loadConfig({}, ['--exclude-tools=nope']), /Unknown tool "nope"/);
  assert.throws(() => loadConfig({ MCP_READ_ONLY: 'yes' }), /MCP_READ_ONLY must be true or false; got "yes"/);
  assert.throws(() => loadConfig({ OPENAI_BASE_URL: 'api.openai.com' }), /OPENAI_BASE_URL must be an absolute URL.*"api\.openai\.com"/);
  assert.throws(() => loadConfig({ OPENAI_BASE_URL: 'ftp://x' }), /must use http or https/);
  assert.throws(() => loadConfig({ OPENAI_AUTH_HEADER: 'cookie' }), /OPENAI_AUTH_HEADER must be one of authorization, api-key; got "cookie"/);
  assert.throws(() => loadConfig({ OPENAI_MAX_RETRIES: '11' }), /OPENAI_MAX_RETRIES must be an integer from 0 to 10/);
  assert.throws(() => loadConfig({}, ['--max-retries']), /--max-retries needs a value/);
  assert.throws(() => loadConfig({ OPENAI_BACKEND: 'chat' }), /OPENAI_BACKEND must be one of responses, assistants/);
  assert.throws(() => loadConfig({ MCP_ALLOW_KEY_IN_PATH: 'yes please' }), /MCP_ALLOW_KEY_IN_PATH must be true or false/);
  assert.throws(() => loadConfig({}, ['--api-key', 'x']), /Unknown option --api-key/, 'the key is never a flag');
  assert.throws(() => loadConfig({ MCP_OAUTH_SECRET: 'short' }), /MCP_OAUTH_SECRET must be at least 32 characters/);
  assert.throws(() => loadConfig({ MCP_PUBLIC_URL: 'https://mcp.example.com/mcp' }), /MCP_PUBLIC_URL is an origin only/);
  assert.throws(() => loadConfig({ MCP_OAUTH_ACCESS_TTL: '5' }), /MCP_OAUTH_ACCESS_TTL must be an integer from 60/);
});

// The CLI's interface: flags are derived from the variables' names (config-flags.ts), so renaming a
// variable must not rename a flag unnoticed. The secrets and switches marked flag: false have none.
const FLAGS: Record<string, string | null> = {
  OPENAI_API_KEY: null, OPENAI_BASE_URL: '--base-url', OPENAI_ORG_ID: '--org-id', OPENAI_PROJECT_ID: '--project-id',
  OPENAI_AUTH_HEADER: '--auth-header', OPENAI_QUERY_PARAMS: '--query-params', OPENAI_TIMEOUT_MS: '--timeout-ms',
  OPENAI_MAX_RETRIES: '--max-retries', MCP_WAIT_TIMEOUT_MS: '--wait-timeout-ms', OPENAI_BACKEND: '--backend',
  OPENAI_UPSTREAM_PROFILE: '--upstream-profile', MCP_STORE_DIR: '--store', MCP_AUTH_TOKENS: null,
  MCP_ALLOWED_ORIGINS: '--allowed-origins', MCP_ALLOWED_HOSTS: '--allowed-hosts', MCP_ALLOW_KEY_IN_PATH: null,
  MCP_STORE_NAMESPACE: '--store-namespace', MCP_LOG_LEVEL: '--log-level', MCP_FILE_ROOTS: '--file-roots',
  MCP_UPLOAD_MAX_BYTES: '--upload-max-bytes', MCP_TOOLSETS: '--toolsets', MCP_TOOLS: '--tools',
  MCP_EXCLUDE_TOOLS: '--exclude-tools', MCP_READ_ONLY: '--read-only', MCP_DETAIL: '--detail', MCP_PORT: '--port',
  MCP_HOST: '--host', MCP_MAX_JSON_DEPTH: '--max-json-depth', MCP_MAX_MESSAGE_BYTES: '--max-message-bytes',
  OPENAI_MAX_RESPONSE_BYTES: '--max-response-bytes', MCP_EXIT_GRACE_MS: '--exit-grace-ms',
  MCP_SSE_KEEPALIVE_MS: '--sse-keepalive-ms', MCP_PUBLIC_URL: '--public-url', MCP_OAUTH: '--oauth', MCP_OAUTH_SECRET: null,
  MCP_OAUTH_ACCESS_TTL: '--oauth-access-ttl', MCP_OAUTH_REFRESH_TTL: '--oauth-refresh-ttl', MCP_OAUTH_CHECK_KEY: '--oauth-check-key',
  MCP_OAUTH_DEV_LOOPBACK_CLIENT_IDS: null,
};

test('every option has the CLI flag it always had, and the help names it', () => {
  assert.deepEqual(Object.fromEntries(OPTIONS.map((o) => [o.env, flagOf(o) ?? null])), FLAGS);
  const help = optionsHelp();
  for (const [env, flag] of Object.entries(FLAGS)) assert.ok(help.includes(`  ${flag ? `${flag} / ` : ''}${env}\n`), env);
  assert.equal(loadConfig({}, ['--store', '/tmp/x', '--sse-keepalive-ms=0']).storeDir, '/tmp/x');
  assert.equal(loadConfig({}, ['--sse-keepalive-ms=0']).sseKeepAliveMs, 0);
  assert.throws(() => loadConfig({}, ['--store-dir', '/tmp/x']), /Unknown option --store-dir/);
});

test('--help text covers every option', () => {
  const help = optionsHelp();
  for (const option of OPTIONS) {
    assert.ok(help.includes(`${option.env}\n      ${OPTION_HELP[option.env]}`), option.env);
    assert.ok(OPTION_HELP[option.env].length > 10, `${option.env} has a help line`);
  }
});

test('organization, project and user-agent headers reach the upstream', async () => {
  const { calls, fetch } = recordingFetch(() => jsonResponse({ data: [] }));
  const core = createServerCore({ ...DEFAULTS, backend: 'assistants', apiKey: CANARY_KEY, orgId: 'org_1', projectId: 'proj_1' }, { fetch });
  await core.backend!.call('listAssistants', {}, { idempotent: true });
  assert.equal(calls[0].url, 'https://api.openai.com/v1/assistants');
  assert.equal(calls[0].headers['openai-organization'], 'org_1');
  assert.equal(calls[0].headers['openai-project'], 'proj_1');
  assert.equal(calls[0].headers['openai-beta'], 'assistants=v2');
  assert.match(calls[0].headers['user-agent'], /^openai-assistants-mcp\/\d/);
});
