/**
 * Reading the file store's folders: every key under a prefix (`list`), or a page of them in
 * key order (`scan`), which opens only the folders the page needs.
 */
// fs.promises, not node:fs/promises: that module costs the stdio server ~2 ms of startup, so it loads at the first file operation.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { isValidKey } from '../store/record.js';
import type { ScanOptions } from '../store/types.js';
import { stampOf, type FolderCache } from './file-store-cache.js';
import { classify, isMissing, legacyRecordPath, recordPath, SEGMENT_DIR, type Entry } from './file-store-paths.js';

/** A folder of the store: its path, its components below the store folder, and the key text they spell. */
export interface Place {
  path: string;
  components: string[];
  soFar: string;
  /** Every component is the folder this layout makes for its segment, so an entry's own name decides whether it is a record here. */
  exact: boolean;
}

/** The store folder `dir` itself. */
export const rootOf = (dir: string): Place => ({ path: dir, components: [], soFar: '', exact: true });

/**
 * The deepest folder whose keys all start with the whole segments of `prefix` (the store folder
 * when `prefix` has none, or one of them needs a split name), so a scan need not read its parents.
 */
export function placeOf(dir: string, prefix: string): Place {
  const soFar = prefix.slice(0, prefix.lastIndexOf('/') + 1);
  const components = recordPath(soFar).slice(0, -1);
  if (components.some((name) => !name.endsWith(SEGMENT_DIR))) return rootOf(dir);
  return { path: join(dir, ...components), components, soFar, exact: true };
}

const STALE_TEMP_MS = 60_000;

/** The store's entries in a folder; a missing folder has none. */
export async function entries(place: Place): Promise<Entry[]> {
  let found;
  try {
    found = await fs.readdir(place.path, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
  const out: Entry[] = [];
  for (const entry of found) {
    const classified = classify(entry.name, entry.isFile(), entry.isDirectory());
    if (classified) out.push(classified);
  }
  return out;
}

/** The key a record file holds, when it is the file this store writes for that key (now or in the legacy layout). */
export function recordKey(place: Place, entry: Entry & { kind: 'record' }): string | undefined {
  const key = place.soFar + entry.piece;
  if (!isValidKey(key)) return undefined;
  if (place.exact && isOwnName(entry.piece, entry.name)) return key;
  const path = [...place.components, entry.name].join('/');
  return recordPath(key).join('/') === path || legacyRecordPath(key).join('/') === path ? key : undefined;
}

export function child(place: Place, entry: Entry & { piece: string }): Place {
  const exact = place.exact && entry.kind === 'segment' && isOwnName(entry.piece, entry.name);
  return { path: join(place.path, entry.name), components: [...place.components, entry.name], soFar: place.soFar + entry.piece, exact };
}

/**
 * Whether `name` is the one name this layout gives `piece` (a record's last segment, or a
 * folder's segment and its `/`): names do not depend on the segments before them.
 */
function isOwnName(piece: string, name: string): boolean {
  const names = recordPath(piece);
  return piece.endsWith('/') ? names.length === 2 && names[0] === name : names.length === 1 && names[0] === name;
}

/** Whether the keys under `text` (a folder's key text) may start with `prefix`. */
const mayMatch = (text: string, prefix: string) => text.startsWith(prefix) || prefix.startsWith(text);

/** Collects the keys under `place` that start with `prefix`, removing temp files a killed writer left. */
export async function walk(place: Place, prefix: string, keys: string[], now: number): Promise<void> {
  for (const entry of await entries(place)) {
    if (entry.kind === 'temp') {
      await removeIfStale(join(place.path, entry.name), now);
    } else if (entry.kind === 'record') {
      const key = recordKey(place, entry);
      if (key?.startsWith(prefix)) keys.push(key);
    } else if (mayMatch(place.soFar + entry.piece, prefix)) {
      await walk(child(place, entry), prefix, keys, now);
    }
  }
}

/**
 * Up to `limit` keys under `place` that start with `prefix`, in key order, past `after`.
 * Resolves to undefined when the folders cannot be read in order (a legacy record or a
 * split name among them): the caller then sorts a full listing instead.
 */
export async function scanFolders(place: Place, prefix: string, options: ScanOptions, read: (place: Place) => Promise<Entry[]> = entries): Promise<string[] | undefined> {
  const out: string[] = [];
  return (await visit(place, prefix, options, out, read)) ? out : undefined;
}

/**
 * {@link scanFolders} from the listings `cache` keeps, checked afterwards: the folders the page
 * came from are stat'ed all at once, and only if one of them changed is the page read again.
 */
export async function scanKept(cache: FolderCache, place: Place, prefix: string, options: ScanOptions): Promise<string[] | undefined> {
  const used = new Map<string, string>();
  const page = await scanFolders(place, prefix, options, async (folder) => {
    const kept = cache.entries(folder.path);
    if (!kept) return readAndKeep(cache, folder);
    used.set(folder.path, kept.stamp);
    return kept.entries;
  });
  const changed = (await Promise.all([...used].map(async ([path, stamp]) => ((await stampOf(path))?.value === stamp ? undefined : path)))).filter((path) => path !== undefined);
  if (changed.length === 0) return page;
  for (const path of changed) cache.drop(path);
  return scanFolders(place, prefix, options, (folder) => readAndKeep(cache, folder));
}

/** A folder's entries, kept with the stamp it had before they were read. */
async function readAndKeep(cache: FolderCache, place: Place): Promise<Entry[]> {
  const stamp = await stampOf(place.path);
  const found = await entries(place);
  if (stamp) cache.keep(place.path, stamp, { entries: found });
  return found;
}

async function visit(place: Place, prefix: string, { limit, after, reverse }: ScanOptions, out: string[], read: (place: Place) => Promise<Entry[]>): Promise<boolean> {
  const items: { text: string; folder?: Entry & { piece: string } }[] = [];
  for (const entry of await read(place)) {
    if (entry.kind === 'temp') continue;
    const text = place.soFar + entry.piece;
    if (entry.kind === 'record') {
      const key = recordKey(place, entry);
      if (!key?.startsWith(prefix)) continue;
      // A legacy record holds a whole path in its name: its place among the folders is not its order.
      if (entry.piece.includes('/')) return false;
      items.push({ text: key });
    } else if (mayMatch(text, prefix)) {
      if (entry.kind === 'chunk') return false;
      items.push({ text, folder: entry });
    }
  }
  // A segment folder's text ends with `/` and a record's has none, so sorting these texts sorts
  // every key below them too: no folder's keys fall between two other items.
  items.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  if (reverse) items.reverse();
  const past = (key: string) => after === undefined || (reverse ? key < after : key > after);
  for (const { text, folder } of items) {
    if (out.length >= limit) break;
    if (!folder) {
      if (past(text)) out.push(text);
    } else if (after === undefined || after.startsWith(text) || past(text)) {
      if (!(await visit(child(place, folder), prefix, { limit, after, reverse }, out, read))) return false;
    }
  }
  return true;
}

/** Removes a temp file left by a killed writer; a live write never takes a minute. */
async function removeIfStale(file: string, now: number): Promise<void> {
  try {
    if (now - (await fs.stat(file)).mtimeMs > STALE_TEMP_MS) await fs.unlink(file);
  } catch {
    // Another process cleaned it up or renamed it into place first.
  }
}
