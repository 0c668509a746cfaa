/** The 2026-07-28 Streamable HTTP request headers that mirror the body, and their validation. */
import type { RpcRequest } from '../jsonrpc.js';
import { META } from '../modern.js';
import type { HeaderReader } from './http-request.js';

/** Methods whose target (`params.name` or `params.uri`) is mirrored in `Mcp-Name`. */
const NAMED_METHODS: Readonly<Record<string, 'name' | 'uri'>> = { 'tools/call': 'name', 'prompts/get': 'name', 'resources/read': 'uri' };

/** Describes the first header that is missing or disagrees with the body; undefined when all agree. */
export function headerMismatch(headers: HeaderReader, message: RpcRequest): string | undefined {
  const meta = message.params?._meta as Record<string, unknown>;
  const checks: [string, unknown][] = [
    ['MCP-Protocol-Version', meta[META.protocolVersion]],
    ['Mcp-Method', message.method],
  ];
  const field = NAMED_METHODS[message.method];
  if (field) checks.push(['Mcp-Name', message.params?.[field]]);
  for (const [name, expected] of checks) {
    const raw = headers.get(name);
    if (raw === null) return `Header mismatch: required header ${name} is missing`;
    const value = name === 'Mcp-Name' ? decodeSentinel(raw) : raw;
    if (value === undefined) return `Header mismatch: ${name} header has a malformed =?base64?…?= value`;
    if (value !== expected) return `Header mismatch: ${name} header value ${JSON.stringify(raw)} does not match body value ${JSON.stringify(expected)}`;
  }
  return undefined;
}

/** Decodes `=?base64?…?=` header values (UTF-8); plain values pass through; undefined when malformed. */
export function decodeSentinel(value: string): string | undefined {
  const match = /^=\?base64\?(.*)\?=$/.exec(value);
  if (!match) return value;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(match[1]) || match[1].length % 4 !== 0) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(match[1]), (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}
