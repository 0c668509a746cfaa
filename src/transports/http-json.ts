/** The transport's JSON answers: one JSON-RPC message (or error) as a whole body. */
import { errorResponse } from '../jsonrpc.js';
import { encodeMessage } from '../raw-json.js';
import type { HttpReply } from './http-request.js';

/** `value` as a JSON body with `status`; the text goes out as it is (Node writes it in one go). */
export function json(value: unknown, status: number, headers: Record<string, string> = {}): HttpReply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: encodeMessage(value) };
}

/** A JSON-RPC error with a null id: the HTTP request was refused before any message was read. */
export function rpcError(status: number, code: number, message: string, headers?: Record<string, string>): HttpReply {
  return json(errorResponse(null, code, message), status, headers);
}
