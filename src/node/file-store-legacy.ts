/**
 * Records that releases up to 4.0 wrote in one flat folder (`ns%2Fassistants%2Fid%2F….json`)
 * move to their folder-per-segment place when a store opens. Safe to repeat and to run in
 * several processes at once: a record is hard-linked to its new name, which fails if a record
 * is already there (that one is newer and stays), and only then is the old name removed.
 */
// fs.promises, not node:fs/promises: that module costs the stdio server ~2 ms of startup, so it loads at the first file operation.
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { errorCode, legacyRecordPath, recordPath } from './file-store-paths.js';
import { child, entries, recordKey, rootOf, type Place } from './file-store-walk.js';
import { makeDirs } from './file-store-write.js';


/** Moves every legacy record under `dir`; resolves to false when some could not be moved (a read-only folder). */
export async function moveLegacyRecords(dir: string): Promise<boolean> {
  const found: string[] = [];
  const folders: string[] = [];
  await collect(rootOf(dir), found, folders);
  let moved = true;
  for (const key of found) {
    try {
      await move(join(dir, ...legacyRecordPath(key)), join(dir, ...recordPath(key)));
    } catch {
      moved = false;
    }
  }
  // Split-name folders of the old layout, deepest first, once they are empty.
  for (const folder of folders.reverse()) await fs.rmdir(folder).catch(() => {});
  return moved;
}

/** Legacy records live in the store folder and its split-name (`~`) folders, never in segment folders. */
async function collect(place: Place, found: string[], folders: string[]): Promise<void> {
  for (const entry of await entries(place)) {
    if (entry.kind === 'record') {
      const key = recordKey(place, entry);
      if (key && legacyRecordPath(key).join('/') !== recordPath(key).join('/')) found.push(key);
    } else if (entry.kind === 'chunk') {
      const next = child(place, entry);
      folders.push(next.path);
      await collect(next, found, folders);
    }
  }
}

async function move(from: string, to: string): Promise<void> {
  await makeDirs(dirname(to));
  try {
    await fs.link(from, to);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return; // another process moved it first
    if (errorCode(error) !== 'EEXIST') return moveWithoutLinks(from, to, error);
  }
  await fs.unlink(from).catch(() => {});
}

/** For file systems without hard links: rename, unless a newer record is already in place. */
async function moveWithoutLinks(from: string, to: string, linkError: unknown): Promise<void> {
  if (['EROFS', 'EACCES'].includes(errorCode(linkError) ?? '')) throw linkError;
  const there = await fs.stat(to).then(
    () => true,
    () => false,
  );
  if (there) await fs.unlink(from);
  else await fs.rename(from, to);
}
