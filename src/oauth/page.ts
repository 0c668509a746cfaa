/**
 * The sign-in page: plain HTML that works without JavaScript, one form, a strict
 * Content-Security-Policy (no script at all; the one style block by nonce), and never
 * the key a user typed: an error re-renders the form empty.
 */
import { SERVER_INFO } from '../mcp.js';
import { redirectTarget } from './redirects.js';

/** What the form shows about the request. */
export interface SignInView {
  clientName?: string;
  clientId: string;
  redirectUri: string;
  requestId: string;
  csrf: string;
  /** MCP_AUTH_TOKENS is set: a team access token is accepted too. */
  teamMode: boolean;
  error?: string;
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.4rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
label{display:block;font-weight:600;margin-top:1rem}input[type=password]{width:100%;box-sizing:border-box;font:inherit;padding:.5rem;margin:.3rem 0}
.hint{color:#555;font-size:.9rem}.error{border:2px solid #b00020;background:#fdecee;padding:.5rem .8rem;color:#7a0016}
button{font:inherit;padding:.5rem 1.2rem;margin:1rem .5rem 0 0;cursor:pointer}button.primary{background:#0b57d0;color:#fff;border:0;border-radius:4px}
:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}`;

/** The page asking for a key. `formAction` is the CSP source the redirect after posting needs. */
export function signInPage(view: SignInView, formAction: string, status = 200): Response {
  const client = view.clientName ? `${esc(view.clientName)}` : 'An MCP client';
  const idNote = /^https:\/\//.test(view.clientId) ? `${esc(new URL(view.clientId).host)} (from its client ID URL)` : 'registered with this server (its name is not verified)';
  const label = view.teamMode ? 'Your OpenAI API key, or your team access token' : 'Your OpenAI API key';
  const error = view.error ? `<p class="error" id="error" role="alert">${esc(view.error)}</p>` : '';
  const body = `<h1>Connect ${client} to ${esc(SERVER_INFO.name)}</h1>
<p>${client} wants to use this server's OpenAI Assistants tools on your behalf.</p>
<dl><dt>Client</dt><dd>${idNote}</dd><dt>Sends you back to</dt><dd>${esc(redirectTarget(view.redirectUri))}</dd></dl>
${error}<form method="post" action="/authorize">
<input type="hidden" name="request" value="${esc(view.requestId)}"><input type="hidden" name="csrf" value="${esc(view.csrf)}">
<label for="key">${label}</label>
<input type="password" id="key" name="key" autocomplete="off" spellcheck="false" required aria-describedby="key-hint${view.error ? ' error' : ''}"${view.error ? ' aria-invalid="true" autofocus' : ''}>
<p class="hint" id="key-hint">${view.teamMode ? 'A team access token uses this server\'s key. ' : ''}Your key is stored encrypted on this server, used only for your requests, and deleted when the connection is revoked or expires. It never goes to ${client}.</p>
<button class="primary" type="submit" name="action" value="allow">Allow access</button><button type="submit" name="action" value="deny" formnovalidate>Cancel</button>
</form>`;
  return page(`Connect ${view.clientName ?? 'an MCP client'}`, body, status, formAction);
}

/** A page that only explains (an expired request, a bad client, a missing security token). */
export function messagePage(status: number, title: string, text: string): Response {
  return page(title, `<h1>${esc(title)}</h1>\n<p class="error" role="alert">${esc(text)}</p>`, status, "'none'");
}

function page(title: string, body: string, status: number, formAction: string): Response {
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${esc(title)}</title><style nonce="${nonce}">${STYLE}</style></head>
<body><main>
${body}
</main></body></html>
`;
  return new Response(html, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'none'; style-src 'nonce-${nonce}'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    },
  });
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
