/**
 * What this process has read from the file store's folders (listings and record texts), reused
 * while the folder is unchanged. Every change to the store is a rename into a folder or an unlink
 * from it, and both move the folder's modification and change times; so one stat of a folder says
 * whether all it held can be reused, whichever process wrote. A folder changed too recently for
 * its times to tell two changes apart is read again every time (the "racy" rule git uses).
 */
// fs.promises, not node:fs/promises: that module costs the stdio server ~2 ms of startup, so it loads at the first file operation.
import { promises as fs } from 'node:fs';
import { isMissing, type Entry } from './file-store-paths.js';

/** A folder's identity and last change; a new value whenever an entry is added, replaced or removed. */
export interface Stamp {
  value: string;
  /** Changed long enough before it was read that a later change cannot carry the same times. */
  settled: boolean;
}

/** Longer than one tick of any file system clock that keeps fractions of a second (FAT's 2 s ticks have none: see settledAfter). */
const FINE_SETTLE_MS = 100;
const COARSE_SETTLE_MS = 4_000;

/** The cache keeps at most this many characters (record texts, and listings by {@link listingChars}), and this many folders. */
export const CACHE_LIMITS = { chars: 1_000_000, folders: 512 } as const;

/** The stamp of `folder`, or undefined when it does not exist. */
export async function stampOf(folder: string): Promise<Stamp | undefined> {
  const before = Date.now();
  let stats;
  try {
    // Milliseconds as doubles keep a quarter of a microsecond, far finer than any file system clock ticks; bigint stats cost more.
    stats = await fs.stat(folder);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  const changed = Math.max(stats.mtimeMs, stats.ctimeMs);
  const whole = changed % 1000 === 0;
  return { value: `${stats.dev}:${stats.ino}:${stats.mtimeMs}:${stats.ctimeMs}`, settled: before - changed > (whole ? COARSE_SETTLE_MS : FINE_SETTLE_MS) };
}

interface Folder {
  stamp: string;
  entries?: Entry[];
  texts: Map<string, string>;
  /** What it counts against the budget. */
  chars: number;
}

/** A listing's weight against the character budget: its names and pieces, and an object per entry. */
export const listingChars = (entries: Entry[]) => entries.reduce((sum, entry) => sum + 2 * entry.name.length + 40, 0);

/** Listings and record texts by folder, each valid for one stamp of its folder. */
export interface FolderCache {
  /** The listing kept for `folder`, whatever its stamp (the caller checks it with {@link FolderCache.stampIs}). */
  entries(folder: string): { stamp: string; entries: Entry[] } | undefined;
  /** The text of record file `name` in `folder` when it was read at this stamp. */
  text(folder: string, stamp: string, name: string): string | undefined;
  /** Keeps what was read at a settled `stamp`; anything kept for another stamp of the folder is dropped. */
  keep(folder: string, stamp: Stamp, what: { entries: Entry[] } | { name: string; text: string }): void;
  /** Forgets a folder (this process changed it). */
  drop(folder: string): void;
}

export function createFolderCache(limits: { chars: number; folders: number } = CACHE_LIMITS): FolderCache {
  const folders = new Map<string, Folder>();
  let chars = 0;
  const drop = (path: string) => {
    const folder = folders.get(path);
    if (!folder) return;
    chars -= folder.chars;
    folders.delete(path);
  };
  // Most recently used last: a hit moves the folder to the end, so the oldest go first.
  const touch = (path: string, folder: Folder) => {
    folders.delete(path);
    folders.set(path, folder);
    return folder;
  };
  return {
    entries(path) {
      const folder = folders.get(path);
      return folder?.entries ? { stamp: folder.stamp, entries: touch(path, folder).entries! } : undefined;
    },
    text(path, stamp, name) {
      const folder = folders.get(path);
      return folder?.stamp === stamp ? touch(path, folder).texts.get(name) : undefined;
    },
    keep(path, stamp, what) {
      if (folders.get(path)?.stamp !== stamp.value) drop(path);
      const weight = 'entries' in what ? listingChars(what.entries) : what.text.length;
      if (!stamp.settled || weight > limits.chars / 4) return;
      const folder = touch(path, folders.get(path) ?? { stamp: stamp.value, texts: new Map(), chars: 0 });
      const before = folder.chars;
      if ('entries' in what) {
        folder.chars += weight - (folder.entries ? listingChars(folder.entries) : 0);
        folder.entries = what.entries;
      } else {
        folder.chars += what.text.length - (folder.texts.get(what.name)?.length ?? 0);
        folder.texts.set(what.name, what.text);
      }
      chars += folder.chars - before;
      for (const [oldest] of folders) {
        if (chars <= limits.chars && folders.size <= limits.folders) break;
        drop(oldest);
      }
    },
    drop,
  };
}
