/**
 * What every store shares: the key grammar check and the versioned record format
 * (`{"v":1,"value":...}`), so a record written by a newer release is refused, not misread.
 */

import type { ScanOptions } from './types.js';

/** The record format this release writes; it reads this version and older ones. */
export const RECORD_VERSION = 1;

/** Longest key a store accepts (Workers KV allows 512 bytes; the file store splits long names). */
export const MAX_KEY_LENGTH = 400;

const SEGMENT = /^[A-Za-z0-9_.:-]+$/;
const PREFIX = /^[A-Za-z0-9_.:/-]*$/;

/** True when `key` matches the grammar documented on {@link Store}. */
export function isValidKey(key: unknown): key is string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) return false;
  return key.split('/').every((segment) => SEGMENT.test(segment) && segment !== '.' && segment !== '..');
}

/** Throws unless `key` is a valid store key; every store calls this before touching storage. */
export function checkKey(key: unknown): string {
  if (isValidKey(key)) return key;
  throw new Error(
    `invalid store key ${show(key)}: a key is /-separated segments of A-Z a-z 0-9 _ . : - ` +
      `(no empty, "." or ".." segment), 1 to ${MAX_KEY_LENGTH} characters`,
  );
}

/** Throws unless `prefix` could start a valid key (the empty prefix lists everything). */
export function checkPrefix(prefix: unknown): string {
  if (typeof prefix === 'string' && prefix.length <= MAX_KEY_LENGTH && PREFIX.test(prefix)) return prefix;
  throw new Error(`invalid store prefix ${show(prefix)}: only A-Z a-z 0-9 _ . : - / are allowed, at most ${MAX_KEY_LENGTH} characters`);
}

/** The stored text of a record holding `value`, which must be JSON-serialisable. */
export function encodeRecord(key: string, value: unknown): string {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
    throw new TypeError(`store value for ${show(key)} is not JSON (got ${typeof value})`);
  }
  return JSON.stringify({ v: RECORD_VERSION, value });
}

/** A record whose stored text is not a record (a partial write by hand, disk damage): readable by no release. */
export class CorruptRecordError extends Error {
  override name = 'CorruptRecordError';
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}

/** The value held by a record's stored text; throws for unparsable data ({@link CorruptRecordError}) or a newer record version. */
export function decodeRecord(key: string, text: string): unknown {
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (error) {
    throw new CorruptRecordError(key, `store record ${show(key)} is corrupt: not JSON (${(error as Error).message})`);
  }
  const v = (record as { v?: unknown } | null)?.v;
  if (typeof record !== 'object' || record === null || !Number.isInteger(v) || (v as number) < 1 || !('value' in record)) {
    throw new CorruptRecordError(key, `store record ${show(key)} is corrupt: expected {"v":${RECORD_VERSION},"value":...}`);
  }
  if ((v as number) > RECORD_VERSION) {
    throw new Error(
      `store record ${show(key)} was written by a newer openai-assistants-mcp (record version ${v}); ` +
        `upgrade openai-assistants-mcp to read it (this release reads version ${RECORD_VERSION})`,
    );
  }
  return record.value;
}

function show(value: unknown): string {
  if (typeof value !== 'string') return `(${value === null ? 'null' : typeof value})`;
  const json = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  return value.length > 80 ? `${json} (${value.length} characters)` : json;
}

/** Throws unless `options` describe a page {@link Store.scan} can return (`after` is only compared, so any string does). */
export function checkScan(prefix: unknown, options: ScanOptions): ScanOptions {
  checkPrefix(prefix);
  if (!(options?.limit >= 1 && Number.isInteger(options.limit))) throw new Error(`invalid store scan limit ${options?.limit}: a positive integer is needed`);
  return options;
}

/** The page {@link Store.scan} returns, cut from keys already sorted ascending. */
export function pageOfKeys(sorted: readonly string[], { limit, after, reverse }: ScanOptions): string[] {
  const ordered = reverse ? [...sorted].reverse() : sorted;
  const start = after === undefined ? 0 : ordered.findIndex((key) => (reverse ? key < after : key > after));
  return start < 0 ? [] : ordered.slice(start, start + limit);
}
