/** JSON serialized once and spliced into every message that carries it (the tool list of a selection). */
import { isRecord } from './jsonrpc.js';

const encoder = new TextEncoder();

/** A value whose JSON text is already known. */
export class RawJson {
  #bytes: Uint8Array | undefined;
  constructor(readonly text: string) {}
  /** The text as UTF-8, encoded on first use and kept: every answer that carries it copies these bytes. */
  get bytes(): Uint8Array {
    return (this.#bytes ??= encoder.encode(this.text));
  }
}

// A NUL character cannot come from our own result keys; JSON.stringify writes it as \u0000.
const MARK = '\u0000raw:';

/** A message as JSON text pieces with the RawJson values to splice between them (a batch: text only). */
function pieces(message: unknown): (string | RawJson)[] {
  if (Array.isArray(message)) return [`[${message.map(serializeMessage).join(',')}]`];
  if (!isRecord(message) || !isRecord(message.result)) return [JSON.stringify(message)];
  const raws: RawJson[] = [];
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(message.result)) {
    result[key] = value instanceof RawJson ? `${MARK}${raws.push(value) - 1}` : value;
  }
  const text = JSON.stringify({ ...message, result });
  // Split at the markers: every odd piece is the index of a RawJson.
  return raws.length ? text.split(/"\\u0000raw:(\d+)"/).map((piece, i) => (i % 2 ? raws[Number(piece)] : piece)) : [text];
}

/** A JSON-RPC message (or batch) as text, with the RawJson values of its `result` spliced in as they are. */
export function serializeMessage(message: unknown): string {
  return pieces(message).map((piece) => (typeof piece === 'string' ? piece : piece.text)).join('');
}

/**
 * The same JSON as {@link serializeMessage}, for a transport that writes bytes: text when the
 * message holds no RawJson; otherwise UTF-8 bytes, the RawJson parts copied from their kept
 * encoding instead of encoding them again.
 */
export function encodeMessage(message: unknown): string | Uint8Array {
  const parts = pieces(message);
  if (parts.length === 1) return parts[0] as string;
  const chunks = parts.map((part) => (typeof part === 'string' ? encoder.encode(part) : part.bytes));
  const bytes = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.byteLength, 0));
  chunks.reduce((offset, chunk) => (bytes.set(chunk, offset), offset + chunk.byteLength), 0);
  return bytes;
}
