/** JSON serialized once and spliced into every message that carries it (the tool list of a selection). */
import { isRecord } from './jsonrpc.js';

/** A value whose JSON text is already known. */
export class RawJson {
  constructor(readonly text: string) {}
}

// A NUL character cannot come from our own result keys; JSON.stringify writes it as \u0000.
const MARK = '\u0000raw:';

/** A JSON-RPC message (or batch) as text, with the RawJson values of its `result` spliced in as they are. */
export function serializeMessage(message: unknown): string {
  if (Array.isArray(message)) return `[${message.map(serializeMessage).join(',')}]`;
  if (!isRecord(message) || !isRecord(message.result)) return JSON.stringify(message);
  const raws: RawJson[] = [];
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(message.result)) {
    result[key] = value instanceof RawJson ? `${MARK}${raws.push(value) - 1}` : value;
  }
  let text = JSON.stringify({ ...message, result });
  raws.forEach((raw, i) => {
    text = text.replace(JSON.stringify(`${MARK}${i}`), () => raw.text);
  });
  return text;
}
