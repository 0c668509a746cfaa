/**
 * A store on disk for the Node CLI: one JSON record file per key, written atomically
 * (temp file + rename) so concurrent processes and killed writers never corrupt a record.
 * Each key segment but the last is a folder, so a list or a page reads only its own folders.
 */
// fs.promises, not node:fs/promises: that module costs the stdio server ~2 ms of startup, so it loads at the first file operation.
import { constants, promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, posix, win32 } from 'node:path';
import { checkKey, checkPrefix, checkScan, decodeRecord, encodeRecord, pageOfKeys } from '../store/record.js';
import type { Store } from '../store/types.js';
import { moveLegacyRecords } from './file-store-legacy.js';
import { isMissing, legacyRecordPath, recordPath } from './file-store-paths.js';
import { readSmallFile } from './file-store-read.js';
import { createFolderCache, stampOf, type Stamp } from './file-store-cache.js';
import { placeOf, rootOf, scanKept, walk } from './file-store-walk.js';
import { makeDirs, removeEmptyFolders, writeRecord } from './file-store-write.js';

export { legacyRecordPath, recordPath } from './file-store-paths.js';

/** Where the store lives unless configured: the platform's per-user data folder. */
export function defaultStoreDir(env: Record<string, string | undefined> = process.env, platform: string = process.platform, home: string = homedir()): string {
  if (platform === 'win32') return win32.join(env.APPDATA || win32.join(home, 'AppData', 'Roaming'), 'openai-assistants-mcp');
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'openai-assistants-mcp');
  // The XDG spec says a relative $XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME;
  return posix.join(xdg && xdg.startsWith('/') ? xdg : posix.join(home, '.local', 'share'), 'openai-assistants-mcp');
}

/** The text of `file`, or undefined when there is none. */
async function readText(file: string): Promise<string | undefined> {
  try {
    return await readSmallFile(file);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/**
 * Creates a store in `dir`, made on first write (mode 0o700; record files 0o600, as they
 * hold user data). Several processes may share one folder: a write lands whole or not at
 * all, and the last rename wins. Records of the flat layout of releases up to 4.0 move to
 * their folders on first use; where they cannot (a read-only folder) they are read in place.
 * A server of such a release must not write to the folder at the same time.
 */
export function createFileStore(dir: string): Store {
  const fileOf = (key: string) => join(dir, ...recordPath(key));
  const legacyFileOf = (key: string) => join(dir, ...legacyRecordPath(key));
  const root = rootOf(dir);
  let opened: Promise<boolean> | undefined;
  /** Resolves to true while records of the old layout remain (they could not be moved). */
  const legacyLeft = () =>
    (opened ??= moveLegacyRecords(dir).then(
      (moved) => !moved,
      () => true,
    ));

  const list = async (prefix: string) => {
    const keys: string[] = [];
    await walk(root, prefix, keys, Date.now());
    // A record an older release wrote after this store opened may sit under both names.
    return [...new Set(keys)].sort();
  };

  const cache = createFolderCache();
  // Reads begun in one run of the microtask queue (a list page's records) share one stat of their
  // folder: no event from outside is handled in between, so none of them can know of a newer write.
  const stamping = new Map<string, Promise<Stamp | undefined>>();
  const stampNow = (folder: string) => {
    let stamp = stamping.get(folder);
    if (!stamp) {
      stamping.set(folder, (stamp = stampOf(folder)));
      queueMicrotask(() => stamping.delete(folder));
    }
    return stamp;
  };
  /** A record's text: one stat of its folder when this process has read it since the folder last changed. */
  const readRecord = async (file: string) => {
    const folder = dirname(file);
    const name = basename(file);
    const stamp = await stampNow(folder);
    if (!stamp) return undefined;
    const kept = cache.text(folder, stamp.value, name);
    if (kept !== undefined) return kept;
    const text = await readText(file);
    if (text !== undefined) cache.keep(folder, stamp, { name, text });
    return text;
  };

  return {
    async get<T>(key: string): Promise<T | undefined> {
      checkKey(key);
      const old = await legacyLeft();
      const text = (await readRecord(fileOf(key))) ?? (old ? await readText(legacyFileOf(key)) : undefined);
      return text === undefined ? undefined : (decodeRecord(key, text) as T);
    },

    async put(key, value) {
      const file = fileOf(checkKey(key));
      const text = encodeRecord(key, value);
      const old = await legacyLeft();
      await writeRecord(dir, file, text);
      cache.drop(dirname(file));
      if (old) await fs.unlink(legacyFileOf(key)).catch(() => {});
    },

    async delete(key) {
      const file = fileOf(checkKey(key));
      const old = await legacyLeft();
      for (const path of old ? [file, legacyFileOf(key)] : [file]) {
        try {
          await fs.unlink(path);
        } catch (error) {
          if (!isMissing(error)) throw error;
        }
      }
      cache.drop(dirname(file));
      await removeEmptyFolders(dir, dirname(file));
    },

    async list(prefix) {
      checkPrefix(prefix);
      await legacyLeft();
      return list(prefix);
    },

    async scan(prefix, options) {
      checkScan(prefix, options);
      const page = (await legacyLeft()) ? undefined : await scanKept(cache, placeOf(dir, prefix), prefix, options);
      return page ?? pageOfKeys(await list(prefix), options);
    },

    async check() {
      await makeDirs(dir);
      await fs.access(dir, constants.R_OK | constants.W_OK | constants.X_OK);
      await legacyLeft();
    },
  };
}
