/**
 * The text content of a result: the same fields as `structuredContent`, written as
 * indented `key: value` lines (YAML-like) for clients that show the model only text.
 * Cheaper to read than JSON, and not a byte-for-byte copy of it.
 */
import { isRecord } from '../jsonrpc.js';

export function renderText(value: unknown): string {
  return lines(value, '').join('\n');
}

function lines(value: unknown, indent: string): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}[]`];
    return value.flatMap((item) => {
      const [first, ...rest] = lines(item, `${indent}  `);
      return [`${indent}- ${first.slice(indent.length + 2)}`, ...rest];
    });
  }
  if (isRecord(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return [`${indent}{}`];
    return entries.flatMap(([key, field]) => {
      if ((isRecord(field) && Object.keys(field).length) || (Array.isArray(field) && field.length)) return [`${indent}${key}:`, ...lines(field, `${indent}  `)];
      return scalar(`${indent}${key}: `, field, indent);
    });
  }
  return scalar(indent, value, indent);
}

/** A scalar after `prefix`; a multi-line string continues on indented lines after `|`. */
function scalar(prefix: string, value: unknown, indent: string): string[] {
  if (typeof value === 'string') {
    if (!value.includes('\n')) return [`${prefix}${value}`];
    return [`${prefix}|`, ...value.split('\n').map((line) => `${indent}  ${line}`)];
  }
  return [`${prefix}${JSON.stringify(value) ?? 'null'}`];
}
