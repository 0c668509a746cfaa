/**
 * The text content of a result: the same fields as `structuredContent`, written as
 * indented `key: value` lines (YAML-like) for clients that show the model only text.
 * Cheaper to read than JSON, and not a byte-for-byte copy of it.
 */
import { isRecord } from '../jsonrpc.js';

export function renderText(value: unknown): string {
  const out: string[] = [];
  write(out, value, '');
  return out.join('\n');
}

/** Appends the lines of `value` to `out` (one array for the whole result: this runs on every tool call). */
function write(out: string[], value: unknown, indent: string): void {
  if (Array.isArray(value)) {
    if (value.length === 0) return void out.push(`${indent}[]`);
    for (const item of value) {
      const first = out.length;
      write(out, item, `${indent}  `);
      out[first] = `${indent}- ${out[first].slice(indent.length + 2)}`;
    }
    return;
  }
  if (isRecord(value)) {
    let empty = true;
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      empty = false;
      const field = value[key];
      if ((isRecord(field) && Object.keys(field).length) || (Array.isArray(field) && field.length)) {
        out.push(`${indent}${key}:`);
        write(out, field, `${indent}  `);
      } else scalar(out, `${indent}${key}: `, field, indent);
    }
    if (empty) out.push(`${indent}{}`);
    return;
  }
  scalar(out, indent, value, indent);
}

/** A scalar after `prefix`; a multi-line string continues on indented lines after `|`. */
function scalar(out: string[], prefix: string, value: unknown, indent: string): void {
  if (typeof value !== 'string') return void out.push(`${prefix}${JSON.stringify(value) ?? 'null'}`);
  if (!value.includes('\n')) return void out.push(`${prefix}${value}`);
  out.push(`${prefix}|`);
  for (const line of value.split('\n')) out.push(`${indent}  ${line}`);
}
