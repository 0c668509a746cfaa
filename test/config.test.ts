import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULTS, OPTIONS, loadConfig, optionsHelp } from '../src/config.js';
import { createServerCore } from '../src/server.js';
import { CANARY_KEY, jsonResponse, recordingFetch } from './helpers/in-process.js';

test('defaults just work', () => {
  assert.deepEqual(loadConfig({}), { ...DEFAULTS, queryParams: {} });
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
    },
    ['--timeout-ms', '7000', '--base-url=http://localhost:8080/v1'],
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
  });
});

test('bad values are rejected with a message naming the option and the value', () => {
  assert.throws(() => loadConfig({ OPENAI_BASE_URL: 'api.openai.com' }), /OPENAI_BASE_URL must be an absolute URL.*"api\.openai\.com"/);
  assert.throws(() => loadConfig({ OPENAI_BASE_URL: 'ftp://x' }), /must use http or https/);
  assert.throws(() => loadConfig({ OPENAI_AUTH_HEADER: 'cookie' }), /OPENAI_AUTH_HEADER must be one of authorization, api-key; got "cookie"/);
  assert.throws(() => loadConfig({ OPENAI_MAX_RETRIES: '11' }), /OPENAI_MAX_RETRIES must be an integer from 0 to 10/);
  assert.throws(() => loadConfig({}, ['--max-retries']), /--max-retries needs a value/);
  assert.throws(() => loadConfig({}, ['--api-key', 'x']), /Unknown option --api-key/, 'the key is never a flag');
});

test('--help text covers every option', () => {
  const help = optionsHelp();
  for (const option of OPTIONS) assert.ok(help.includes(option.env), option.env);
});

test('organization, project and user-agent headers reach the upstream', async () => {
  const { calls, fetch } = recordingFetch(() => jsonResponse({ data: [] }));
  const core = createServerCore({ ...DEFAULTS, apiKey: CANARY_KEY, orgId: 'org_1', projectId: 'proj_1' }, fetch);
  await core.backend!.call('listAssistants', {}, { idempotent: true });
  assert.equal(calls[0].url, 'https://api.openai.com/v1/assistants');
  assert.equal(calls[0].headers['openai-organization'], 'org_1');
  assert.equal(calls[0].headers['openai-project'], 'proj_1');
  assert.equal(calls[0].headers['openai-beta'], 'assistants=v2');
  assert.match(calls[0].headers['user-agent'], /^openai-assistants-mcp\/\d/);
});
