/** An in-process OAuth harness: the HTTP handler with OAuth on a memory store, a settable clock, and the steps of a sign-in. */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { DEFAULTS, type Config } from '../../src/config.js';
import { createOAuth } from '../../src/oauth/index.js';
import type { FetchLike } from '../../src/openai/fetch-types.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { createHttpHandler } from '../../src/transports/http.js';
import { CANARY_KEY, jsonResponse } from './in-process.js';

export const ORIGIN = 'http://mcp.test';
export const REDIRECT = 'http://127.0.0.1:4567/callback';
export const SECRET = 'test-secret-that-is-at-least-32-characters-long';

export interface HarnessOptions {
  config?: Partial<Config>;
  /** Answers fetches that are not to the upstream (client metadata documents). */
  documents?: FetchLike;
  metadataDocument?: { timeoutMs: number; maxBytes: number };
}

/** Everything a test sees: every response text passes through `seen`, so a test can prove a secret never left. */
export function createHarness(options: HarnessOptions = {}) {
  const records = new Map<string, string>();
  const upstream: Array<{ url: string; authorization?: string }> = [];
  const seen: string[] = [];
  let now = Date.UTC(2026, 0, 1);
  const config: Config = { ...DEFAULTS, backend: 'assistants', baseUrl: 'http://upstream.test/v1', ...options.config };
  const fetch: FetchLike = async (url, init) => {
    if (url.startsWith(config.baseUrl)) {
      upstream.push({ url, authorization: init.headers.authorization });
      if (init.headers.authorization?.includes('revoked')) return jsonResponse({ error: { message: 'Incorrect API key', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } }, 401);
      return jsonResponse({ object: 'list', data: [], first_id: null, last_id: null, has_more: false });
    }
    if (!options.documents) throw new Error(`unexpected fetch ${url}`);
    return options.documents(url, init);
  };
  const oauth = createOAuth({ config, store: createMemoryStore(records), fetch, secret: async () => SECRET, now: () => now, metadataDocument: options.metadataDocument });
  const handler = createHttpHandler(config, { fetch, oauth });

  async function call(path: string, init: RequestInit & { origin?: string } = {}) {
    const response = await handler(new Request((init.origin ?? ORIGIN) + path, init));
    const text = await response.text();
    seen.push(text, JSON.stringify([...response.headers]));
    return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
  }

  const form = (fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });

  async function register(metadata: Record<string, unknown> = { redirect_uris: [REDIRECT], client_name: 'Test Client' }) {
    const reply = await call('/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(metadata) });
    assert.equal(reply.status, 201, reply.text);
    return reply.json() as { client_id: string; client_secret?: string };
  }

  /** GET /authorize; for a page, the form's hidden fields and the CSRF cookie. */
  async function openPage(params: Record<string, string>) {
    const reply = await call(`/authorize?${new URLSearchParams(params)}`);
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(reply.text)?.[1];
    const cookie = /mcp_oauth_csrf=([^;]*)/.exec(reply.headers.get('set-cookie') ?? '')?.[1];
    return { ...reply, request: field('request'), csrf: field('csrf'), cookie };
  }

  /** Posts the sign-in form. */
  function submit(page: { request?: string; csrf?: string; cookie?: string }, key: string, extra: Record<string, string> = {}) {
    const fields: Record<string, string> = { request: page.request ?? '', csrf: page.csrf ?? '', key, action: 'allow', ...extra };
    return call('/authorize', form(fields, page.cookie ? { cookie: `mcp_oauth_csrf=${page.cookie}` } : {}));
  }

  /** A whole sign-in up to the code: register (unless given a client), page, submit. */
  async function authorize(key = CANARY_KEY, clientId?: string, params: Record<string, string> = {}) {
    const id = clientId ?? (await register()).client_id;
    const pkce = createPkce();
    const page = await openPage({ response_type: 'code', client_id: id, redirect_uri: REDIRECT, code_challenge: pkce.challenge, code_challenge_method: 'S256', state: 'st-1', resource: `${ORIGIN}/mcp`, ...params });
    assert.equal(page.status, 200, page.text);
    const reply = await submit(page, key);
    assert.equal(reply.status, 303, reply.text);
    const location = new URL(reply.headers.get('location')!);
    return { clientId: id, verifier: pkce.verifier, code: location.searchParams.get('code')!, location };
  }

  function exchange(fields: Record<string, string>) {
    return call('/token', form({ grant_type: 'authorization_code', redirect_uri: REDIRECT, resource: `${ORIGIN}/mcp`, ...fields }));
  }

  /** A whole sign-in up to tokens. */
  async function signIn(key = CANARY_KEY) {
    const { clientId, verifier, code } = await authorize(key);
    const reply = await exchange({ client_id: clientId, code, code_verifier: verifier });
    assert.equal(reply.status, 200, reply.text);
    return { clientId, ...(reply.json() as { access_token: string; refresh_token: string; expires_in: number }) };
  }

  /** tools/call assistant-list with `headers` on /mcp. */
  function callTool(headers: Record<string, string>, origin?: string) {
    return call('/mcp', {
      origin,
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'assistant-list', arguments: {} } }),
    });
  }

  return { config, records, upstream, seen, call, form, register, openPage, submit, authorize, exchange, signIn, callTool, advance: (ms: number) => (now += ms) };
}

/** A PKCE pair (RFC 7636), computed with node:crypto independently of the server's code. */
export function createPkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}
