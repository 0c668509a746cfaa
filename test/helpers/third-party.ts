/**
 * Third-party clients for the OAuth end-to-end tests, installed pinned into the git-ignored
 * .cache/ at test time (as the conformance suite is), so package.json gains no dependency.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CACHE = join(ROOT, '.cache', 'oauth-clients');
export const SDK_VERSION = '1.32.2';
export const PLAYWRIGHT_VERSION = '1.65.1';

async function ensure(name: string, version: string): Promise<string> {
  const tools = await import(pathToFileURL(join(ROOT, 'scripts', 'conformance', 'tools.mjs')).href);
  return tools.ensurePackage(CACHE, name, version, (line: string) => process.stderr.write(`${line}\n`));
}

/** The official MCP TypeScript SDK's client, client auth and Streamable HTTP transport. */
export async function loadSdk() {
  const dir = await ensure('@modelcontextprotocol/sdk', SDK_VERSION);
  const load = (path: string) => import(pathToFileURL(join(dir, 'dist', 'esm', path)).href);
  const [client, auth, transport] = await Promise.all([load('client/index.js'), load('client/auth.js'), load('client/streamableHttp.js')]);
  return { Client: client.Client, auth: auth.auth, UnauthorizedError: auth.UnauthorizedError, StreamableHTTPClientTransport: transport.StreamableHTTPClientTransport };
}

/** playwright-core (no bundled browser: the test drives Debian's Chromium). */
export async function loadPlaywright() {
  const dir = await ensure('playwright-core', PLAYWRIGHT_VERSION);
  return (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as any;
}

/** A self-signed certificate for `localhost` made with openssl, for a local https server. */
export function localhostCertificate(): { key: string; cert: string; certFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'oauth-cert-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'], { stdio: 'ignore' });
  if (!existsSync(certFile)) throw new Error('openssl did not write a certificate');
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}
