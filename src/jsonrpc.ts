/** JSON-RPC 2.0 message shapes, parsing and the protocol error type. */

/** Error codes used on the wire. */
export const CODES = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  /** Legacy-era "resource not found". */
  RESOURCE_NOT_FOUND: -32002,
} as const;

export type Id = string | number;

/** A request (has `id`) or notification (no `id`). */
export interface RpcRequest {
  jsonrpc: '2.0';
  id?: Id;
  method: string;
  params?: Record<string, unknown>;
}

export interface RpcResponse {
  jsonrpc: '2.0';
  id: Id | null;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

export interface RpcNotification {
  jsonrpc: '2.0';
  method: string;
  params?: Record<string, unknown>;
}

/** A protocol-level failure: becomes a JSON-RPC error response. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/** Parsed input: one message, a batch, or a failure that already has its reply. */
export type Parsed =
  | { kind: 'single'; message: unknown }
  | { kind: 'batch'; messages: unknown[] }
  | { kind: 'error'; response: RpcResponse };

/** Parses one JSON text (a stdio line or an HTTP body). */
export function parseJson(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { kind: 'error', response: errorResponse(null, CODES.PARSE_ERROR, `Parse error: ${(error as Error).message}`) };
  }
  return Array.isArray(value) ? { kind: 'batch', messages: value } : { kind: 'single', message: value };
}

/** What one incoming value is, after checking its JSON-RPC envelope. */
export type Classified =
  | { kind: 'request'; message: RpcRequest & { id: Id } }
  | { kind: 'notification'; message: RpcRequest }
  | { kind: 'response'; id: Id | null; result?: unknown; error?: { message?: unknown } }
  | { kind: 'invalid'; response: RpcResponse };

/** How deeply a message's `params` may nest (objects and arrays) unless configured (MCP_MAX_JSON_DEPTH). */
export const DEFAULT_MAX_JSON_DEPTH = 64;

/**
 * True when `value` nests objects/arrays deeper than `max` levels (a scalar is depth 0).
 * Counted with an explicit stack, so any depth JSON.parse accepts is measured without
 * recursion; everything later that recurses (validation, error messages, JSON.stringify)
 * only ever sees values that passed this check.
 */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** Checks the envelope of one message, and that it nests no deeper than `maxDepth` levels below it. */
export function classify(value: unknown, maxDepth: number = DEFAULT_MAX_JSON_DEPTH): Classified {
  if (!isRecord(value)) return invalid(null, 'Invalid Request: expected a JSON-RPC 2.0 object');
  const id = validId(value.id) ? value.id : null;
  if (nestedDeeperThan(value, maxDepth + 1)) {
    const inParams = nestedDeeperThan(value.params, maxDepth);
    const message = `${inParams ? 'Invalid params: "params"' : 'Invalid Request: the message'} nests objects/arrays deeper than ${maxDepth} levels (MCP_MAX_JSON_DEPTH)`;
    return { kind: 'invalid', response: errorResponse(id, inParams ? CODES.INVALID_PARAMS : CODES.INVALID_REQUEST, message) };
  }
  if (value.jsonrpc !== '2.0') return invalid(id, 'Invalid Request: "jsonrpc" must be "2.0"');
  if (!('method' in value) && ('result' in value || 'error' in value)) {
    return { kind: 'response', id, result: value.result, error: isRecord(value.error) ? value.error : undefined };
  }
  if (typeof value.method !== 'string') return invalid(id, 'Invalid Request: "method" must be a string');
  if ('id' in value && !validId(value.id)) return invalid(null, 'Invalid Request: "id" must be a string or an integer');
  if (value.params !== undefined && !isRecord(value.params)) {
    return invalid(id, 'Invalid Request: "params" must be an object');
  }
  const message = value as unknown as RpcRequest;
  return 'id' in value ? { kind: 'request', message: message as RpcRequest & { id: Id } } : { kind: 'notification', message };
}

export function resultResponse(id: Id, result: unknown): RpcResponse {
  return { jsonrpc: '2.0', id, result };
}

export function errorResponse(id: Id | null, code: number, message: string, data?: unknown): RpcResponse {
  return { jsonrpc: '2.0', id, error: data === undefined ? { code, message } : { code, message, data } };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validId(id: unknown): id is Id {
  return typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id));
}

function invalid(id: Id | null, message: string): Classified {
  return { kind: 'invalid', response: errorResponse(id, CODES.INVALID_REQUEST, message) };
}
