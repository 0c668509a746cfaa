/**
 * The sign-in page in a real browser: Debian's headless Chromium, driven by playwright-core
 * (installed into .cache/ at test time), against `dist/cli.cjs --http`. Opens the page, shows
 * the error states, enters a key, and lands on the client's redirect with a code. Screenshots go
 * to .cache/artifacts/. In CI a missing Chromium fails this test; elsewhere it skips, saying why.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startFakeAssistants, type FakeAssistants } from '../fake/assistants-server.js';
import { startHttpCli, type HttpProcess } from '../helpers/http-process.js';
import { CANARY_KEY } from '../helpers/in-process.js';
import { createPkce } from '../helpers/oauth.js';
import { ROOT, loadPlaywright } from '../helpers/third-party.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(ROOT, '.cache', 'artifacts');
const missing = !existsSync(CHROMIUM);
if (missing && process.env.CI) throw new Error(`Chromium is not installed at ${CHROMIUM}: the sign-in page browser test needs it in CI (apt-get install -y chromium; .ci/run does this).`);

let fake: FakeAssistants;
let cli: HttpProcess;
let callback: Server;
let redirectUri: string;
let context: any;

before(async () => {
  if (missing) return;
  fake = await startFakeAssistants({ apiKey: CANARY_KEY });
  cli = await startHttpCli({ OPENAI_BASE_URL: fake.url, MCP_STORE_DIR: mkdtempSync(join(tmpdir(), 'oauth-browser-')) });
  callback = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Signed in</title><h1>Signed in</h1>'));
  await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
  redirectUri = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/callback`;
  const { chromium } = await loadPlaywright();
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'chromium-profile-')), { executablePath: CHROMIUM, headless: true, args: FLAGS });
  mkdirSync(ARTIFACTS, { recursive: true });
});

after(async () => {
  await context?.close();
  await cli?.stop();
  await new Promise((resolve) => (callback ? callback.close(resolve) : resolve(undefined)));
  await fake?.close();
});

async function authorizationUrl(): Promise<{ url: string; verifier: string; clientId: string }> {
  const origin = new URL(cli.url).origin;
  const registration = await fetch(`${origin}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_name: 'Browser Test App', redirect_uris: [redirectUri] }) });
  const { client_id } = (await registration.json()) as { client_id: string };
  const pkce = createPkce();
  const query = new URLSearchParams({ response_type: 'code', client_id, redirect_uri: redirectUri, code_challenge: pkce.challenge, code_challenge_method: 'S256', state: 'browser-state', resource: cli.url });
  return { url: `${origin}/authorize?${query}`, verifier: pkce.verifier, clientId: client_id };
}

test('Chromium: the sign-in page, its error states, and the redirect with a code', { skip: missing && `Chromium not found at ${CHROMIUM} (not in CI, so skipped; apt-get install -y chromium to run it)` }, async () => {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message: any) => problems.push(message.text()));
  page.on('pageerror', (error: Error) => problems.push(error.message));
  const { url, verifier, clientId } = await authorizationUrl();

  await page.goto(url);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Connect Browser Test App to openai-assistants-mcp');
  assert.match(await page.locator('dl').innerText(), new RegExp(`Sends you back to\\s+127\\.0\\.0\\.1:${new URL(redirectUri).port}`));
  const keyField = page.getByLabel('Your OpenAI API key');
  assert.equal(await keyField.getAttribute('type'), 'password');
  // The nonce'd style applied under the strict CSP: the primary button is blue.
  assert.equal(await page.locator('button.primary').evaluate((el: Element) => getComputedStyle(el).backgroundColor), 'rgb(11, 87, 208)');

  // Error state: a wrong key format re-renders the form with an alert, without what was typed.
  await keyField.fill('sk-has a space 0000');
  await page.getByRole('button', { name: 'Allow access' }).click();
  assert.match(await page.getByRole('alert').innerText(), /without spaces/);
  assert.equal(await page.getByLabel('Your OpenAI API key').getAttribute('aria-invalid'), 'true');
  assert.ok(!(await page.content()).includes('sk-has a space'), 'the typed text is not in the page');
  await page.screenshot({ path: join(ARTIFACTS, 'oauth-sign-in-error.png'), fullPage: true });

  // Error state: the form without its CSRF token.
  await page.locator('input[name=csrf]').evaluate((input: HTMLInputElement) => input.remove());
  await page.getByLabel('Your OpenAI API key').fill(CANARY_KEY);
  await page.getByRole('button', { name: 'Allow access' }).click();
  assert.match(await page.getByRole('heading', { level: 1 }).textContent(), /security token is missing or wrong/);

  // Error state: a request the server no longer knows (expired or used).
  await page.goto(url);
  await page.locator('input[name=request]').evaluate((input: HTMLInputElement) => (input.value = 'mcp_rq_expired'));
  await page.getByLabel('Your OpenAI API key').fill(CANARY_KEY);
  await page.getByRole('button', { name: 'Allow access' }).click();
  assert.match(await page.getByRole('heading', { level: 1 }).textContent(), /This sign-in request has expired/);

  // Success: a fresh page, the key, and the browser lands on the client's redirect with a code.
  await page.goto(url);
  await page.getByLabel('Your OpenAI API key').fill(CANARY_KEY);
  await page.screenshot({ path: join(ARTIFACTS, 'oauth-sign-in.png'), fullPage: true });
  await Promise.all([page.waitForURL((landed: URL) => landed.href.startsWith(redirectUri)), page.getByRole('button', { name: 'Allow access' }).click()]);
  const landed = new URL(page.url());
  assert.equal(landed.searchParams.get('state'), 'browser-state');
  assert.match(landed.searchParams.get('code')!, /^mcp_ac_/);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Signed in');
  assert.ok(!landed.href.includes(CANARY_KEY));

  // The code the browser carried is good for tokens.
  const tokens = await fetch(new URL('/token', cli.url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: landed.searchParams.get('code')!, code_verifier: verifier, client_id: clientId, redirect_uri: redirectUri }),
  });
  assert.equal(tokens.status, 200);
  // The error states answer 400/403 on purpose; anything else (a CSP violation, a script error) fails.
  assert.deepEqual(problems.filter((text) => !/^Failed to load resource: the server responded with a status of 40[03] /.test(text)), [], 'no CSP violations or other console errors');
  assert.ok(!cli.stderr().includes(CANARY_KEY));
});
