/**
 * OAuth 2.1 on --http: full sign-ins (register, sign-in page, form with the key), then the timed
 * step — authorization code → tokens at /token — beside a bare node:http round trip.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import { figure, section } from '../report.mjs';
import { startBareEmpty } from '../floors.mjs';
import { send } from '../load.mjs';
import { startOurHttp } from '../processes.mjs';
import { KEY, SETTINGS } from '../settings.mjs';
import { spread } from '../stats.mjs';

const REDIRECT = 'http://127.0.0.1:4567/callback';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** Register, open the page, submit the key: resolves to { clientId, code, verifier }. */
async function authorize(origin, agent) {
  const registered = await send(`${origin}/register`, { agent, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: [REDIRECT], client_name: 'bench', token_endpoint_auth_method: 'none' }) });
  if (registered.status !== 201) throw new Error(`/register: ${registered.status} ${registered.text.slice(0, 300)}`);
  const clientId = JSON.parse(registered.text).client_id;
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const query = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: REDIRECT, code_challenge: challenge, code_challenge_method: 'S256', state: 's', resource: `${origin}/mcp` });
  const page = await send(`${origin}/authorize?${query}`, { method: 'GET', agent });
  const field = (name) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page.text)?.[1] ?? '';
  const cookie = /mcp_oauth_csrf=([^;]*)/.exec(String(page.headers['set-cookie'] ?? ''))?.[1];
  if (page.status !== 200 || !cookie) throw new Error(`/authorize page: ${page.status} ${page.text.slice(0, 300)}`);
  const submitted = await send(`${origin}/authorize`, {
    agent,
    headers: { ...FORM, cookie: `mcp_oauth_csrf=${cookie}` },
    body: new URLSearchParams({ request: field('request'), csrf: field('csrf'), key: KEY, action: 'allow' }).toString(),
  });
  const code = submitted.headers.location && new URL(submitted.headers.location).searchParams.get('code');
  if (submitted.status !== 303 || !code) throw new Error(`/authorize form: ${submitted.status} ${submitted.text.slice(0, 300)}`);
  return { clientId, code, verifier };
}

export async function oauthSection({ fake }) {
  section(`OAuth on --http: authorization code → tokens (${SETTINGS.oauthSignIns} sign-ins)`);
  const http = await startOurHttp({ OPENAI_BASE_URL: fake.url });
  const bare = await startBareEmpty();
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const origin = http.url.origin;
    const exchange = [];
    const floor = [];
    for (let i = 0; i < SETTINGS.oauthSignIns + 2; i++) {
      const { clientId, code, verifier } = await authorize(origin, agent);
      const body = new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: verifier, client_id: clientId, redirect_uri: REDIRECT, resource: `${origin}/mcp` }).toString();
      const t0 = performance.now();
      const tokens = await send(`${origin}/token`, { agent, headers: FORM, body });
      const ms = performance.now() - t0;
      if (tokens.status !== 200 || !JSON.parse(tokens.text).access_token) throw new Error(`/token: ${tokens.status} ${tokens.text.slice(0, 300)}`);
      const f0 = performance.now();
      await send(bare.url, { agent, headers: FORM, body });
      const floorMs = performance.now() - f0;
      if (i >= 2) (exchange.push(ms), floor.push(floorMs)); // the first two warm up
    }
    const ours = spread(exchange);
    const bareSpread = spread(floor);
    figure('oauth', 'code → token p50', ours.p50, 'ms', { floor: { label: 'bare node:http round trip p50', value: bareSpread.p50 } });
    figure('oauth', 'code → token p99', ours.p99, 'ms', { floor: { label: 'bare node:http round trip p99', value: bareSpread.p99 } });
  } finally {
    agent.destroy();
    await bare.stop();
    await http.stop();
  }
}
