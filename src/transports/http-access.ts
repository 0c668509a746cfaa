/**
 * Who may talk to the HTTP endpoint from where: Host and Origin checks (DNS
 * rebinding, cross-site calls) and the CORS headers browser clients need.
 */
import type { Config } from '../config.js';
import type { HttpReply, RequestHead } from './http-request.js';
import { SELECTION_HEADERS } from './http-selection.js';

/** Headers a browser client may send, and read back. */
const ALLOWED_REQUEST_HEADERS = ['content-type, accept, authorization, x-openai-api-key, mcp-protocol-version, mcp-method, mcp-name, mcp-session-id, last-event-id', ...SELECTION_HEADERS].join(', ');
const EXPOSED_RESPONSE_HEADERS = 'mcp-session-id, mcp-protocol-version, www-authenticate';

type Access = Pick<Config, 'allowedOrigins' | 'allowedHosts'>;

/**
 * Why a request must be refused with 403, or undefined when it may proceed. `anyOrigin` is for
 * the OAuth endpoints: they act on no ambient credentials (the sign-in form checks its own CSRF token).
 */
export function accessDenied(request: RequestHead, access: Access, anyOrigin = false): string | undefined {
  if (access.allowedHosts.length) {
    const host = hostName(request.headers.get('host') ?? new URL(request.url).host);
    if (!access.allowedHosts.some((allowed) => allowed.toLowerCase() === host)) {
      return `Host "${host}" is not allowed. Add it to MCP_ALLOWED_HOSTS if this is intended.`;
    }
  }
  const origin = request.headers.get('origin');
  // Requests without Origin come from non-browser clients, which DNS rebinding cannot drive.
  if (origin !== null && !anyOrigin && !originAllowed(origin, access.allowedOrigins)) {
    return `Origin "${origin}" is not allowed. Add it to MCP_ALLOWED_ORIGINS if this browser client should have access.`;
  }
  return undefined;
}

/** CORS headers for an allowed cross-origin request (none without an Origin). */
export function corsHeaders(request: RequestHead): Record<string, string> {
  const origin = request.headers.get('origin');
  if (origin === null) return {};
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSED_RESPONSE_HEADERS, vary: 'Origin' };
}

/** The answer to a CORS preflight (`OPTIONS`) that passed `accessDenied`. */
export function preflight(request: RequestHead): HttpReply {
  return {
    status: 204,
    headers: {
      ...corsHeaders(request),
      'access-control-allow-methods': 'POST, GET, OPTIONS',
      'access-control-allow-headers': ALLOWED_REQUEST_HEADERS,
      'access-control-max-age': '86400',
    },
    body: null,
  };
}

function originAllowed(origin: string, allowed: readonly string[]): boolean {
  return allowed.some((pattern) => {
    if (pattern === '*') return true;
    if (!pattern.endsWith(':*')) return pattern.toLowerCase() === origin.toLowerCase();
    // `http://localhost:*` allows any port of that scheme and host, and no port.
    const base = pattern.slice(0, -2).toLowerCase();
    const lower = origin.toLowerCase();
    return lower === base || (lower.startsWith(`${base}:`) && /^\d+$/.test(lower.slice(base.length + 1)));
  });
}

/** The host name of a Host header, without its port; IPv6 keeps its brackets. */
function hostName(host: string): string {
  const lower = host.toLowerCase();
  return lower.startsWith('[') ? lower.slice(0, lower.indexOf(']') + 1) : lower.replace(/:\d*$/, '');
}
