/**
 * Discovery: protected resource metadata (RFC 9728) and authorization server metadata
 * (RFC 8414). The server is its own authorization server; its issuer is its origin.
 */
import type { Config } from '../config.js';
import { SERVER_INFO } from '../mcp.js';

export const PATHS = {
  resourceMetadata: '/.well-known/oauth-protected-resource',
  serverMetadata: '/.well-known/oauth-authorization-server',
  authorize: '/authorize',
  token: '/token',
  register: '/register',
  revoke: '/revoke',
} as const;

/** The server's public origin: MCP_PUBLIC_URL, or the origin the request was sent to. */
export function issuerOf(request: { readonly url: string }, config: Pick<Config, 'publicUrl'>): string {
  return config.publicUrl ?? new URL(request.url).origin;
}

/** The canonical resource identifier tokens are bound to (RFC 8707): the MCP endpoint. */
export function resourceOf(issuer: string): string {
  return `${issuer}/mcp`;
}

/**
 * The canonical resource a client's `resource` parameter names, or undefined when it names
 * another server. The origin alone also names this server (the root metadata says so).
 */
export function canonicalResource(value: string | null, issuer: string): string | undefined {
  if (value === null || value === '') return resourceOf(issuer);
  return [issuer, `${issuer}/`, resourceOf(issuer), `${resourceOf(issuer)}/`].includes(value) ? resourceOf(issuer) : undefined;
}

/** Where a 401 on `pathname` points clients: the path-suffixed metadata for `/mcp`, the root one for `/`. */
export function resourceMetadataUrl(issuer: string, pathname: string): string {
  return `${issuer}${PATHS.resourceMetadata}${pathname === '/' ? '' : '/mcp'}`;
}

/** RFC 9728 metadata for `/.well-known/oauth-protected-resource[/mcp]`. */
export function protectedResourceMetadata(issuer: string, suffixed: boolean) {
  return {
    resource: suffixed ? resourceOf(issuer) : issuer,
    authorization_servers: [issuer],
    bearer_methods_supported: ['header'],
    resource_name: SERVER_INFO.name,
  };
}

/** RFC 8414 metadata; `client_id_metadata_document_supported` advertises client ID metadata documents. */
export function authorizationServerMetadata(issuer: string) {
  return {
    issuer,
    authorization_endpoint: issuer + PATHS.authorize,
    token_endpoint: issuer + PATHS.token,
    registration_endpoint: issuer + PATHS.register,
    revocation_endpoint: issuer + PATHS.revoke,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_post', 'client_secret_basic'],
    revocation_endpoint_auth_methods_supported: ['none', 'client_secret_post', 'client_secret_basic'],
    client_id_metadata_document_supported: true,
    authorization_response_iss_parameter_supported: true,
  };
}
