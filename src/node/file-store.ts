/**
 * A store on disk for the Node CLI: one JSON record file per key, written atomically
 * (temp file + rename) so concurrent processes and killed writers never corrupt a record.
 */
// fs.promises, not node:fs/promises: that module costs the stdio server ~2 ms of startup, so it loads at the first file operation.
import { constants, promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, posix, win32 } from 'node:path';
import { checkKey, checkPrefix, decodeRecord, encodeRecord, isValidKey } from '../store/record.js';
import type { Store } from '../store/types.js';

/** Where the store lives unless configured: the platform's per-user data folder. */
export function defaultStoreDir(env: Record<string, string | undefined> = process.env, platform: string = process.platform, home: string = homedir()): string {
  if (platform === 'win32') return win32.join(env.APPDATA || win32.join(home, 'AppData', 'Roaming'), 'openai-assistants-mcp');
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'openai-assistants-mcp');
  // The XDG spec says a relative $XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME;
  return posix.join(xdg && xdg.startsWith('/') ? xdg : posix.join(home, '.local', 'share'), 'openai-assistants-mcp');
}

// Names stay well under the 255-byte limit of common file systems, temp suffix included.
const NAME_MAX = 200;
const RECORD = '.json';
const CHUNK_DIR = '~';
const TEMP = '.tmp';
const STALE_TEMP_MS = 60_000;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;
const ENCODED = /^(?:[a-z0-9_.-]|%[0-9A-F]{2})*$/;

/**
 * The path (relative to the store folder) of a key's record file, as components.
 * Every character outside `[a-z0-9_.-]` becomes `%XX`, so names are distinct on
 * case-insensitive file systems and hold no `/`, `\` or `:`. A name longer than
 * NAME_MAX is split into `<chunk>~` folders, and the file holds the rest.
 * This mapping is the on-disk format: changing it orphans existing records.
 */
export function recordPath(key: string): string[] {
  const chunks = [''];
  for (const char of key) {
    const encoded = /[a-z0-9_.-]/.test(char) ? char : `%${char.charCodeAt(0).toString(16).toUpperCase()}`;
    if (chunks[chunks.length - 1].length + encoded.length > NAME_MAX) chunks.push('');
    chunks[chunks.length - 1] += encoded;
  }
  return chunks.map((chunk, i) => {
    const name = WINDOWS_DEVICE.test(chunk) ? `%${chunk.charCodeAt(0).toString(16).toUpperCase()}${chunk.slice(1)}` : chunk;
    return name + (i === chunks.length - 1 ? RECORD : CHUNK_DIR);
  });
}

function decodeName(name: string, suffix: string): string | undefined {
  const stem = name.slice(0, -suffix.length);
  if (!ENCODED.test(stem)) return undefined;
  return stem.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const code = (error: unknown) => (error as NodeJS.ErrnoException)?.code;

/**
 * Creates a store in `dir`, made on first write (mode 0o700; record files 0o600, as they
 * hold user data). Several processes may share one folder: a write lands whole or not at
 * all, and the last rename wins.
 */
export function createFileStore(dir: string): Store {
  const fileOf = (key: string) => join(dir, ...recordPath(key));

  return {
    async get<T>(key: string): Promise<T | undefined> {
      let text: string;
      try {
        text = await fs.readFile(fileOf(checkKey(key)), 'utf8');
      } catch (error) {
        if (code(error) === 'ENOENT') return undefined;
        throw error;
      }
      return decodeRecord(key, text) as T;
    },

    async put(key, value) {
      const file = fileOf(checkKey(key));
      const text = encodeRecord(key, value);
      // pid + random: unique across processes, and across containers sharing the folder.
      const temp = `${file}.${process.pid}.${randomHex()}${TEMP}`;
      try {
        await writeTemp(temp, text);
        await replace(temp, file);
      } catch (error) {
        // Whatever failed (a full disk mid-write, the rename), no partial temp file stays behind.
        await fs.unlink(temp).catch(() => {});
        throw describeWriteFailure(dir, error);
      }
    },

    async delete(key) {
      try {
        await fs.unlink(fileOf(checkKey(key)));
      } catch (error) {
        if (code(error) !== 'ENOENT') throw error;
      }
    },

    async list(prefix) {
      checkPrefix(prefix);
      const keys: string[] = [];
      await walk(dir, [], '', prefix, keys, Date.now());
      return keys.sort();
    },

    async check() {
      await makeDirs(dir);
      await fs.access(dir, constants.R_OK | constants.W_OK | constants.X_OK);
    },
  };
}

/** Collects the keys under `path` (reached through `components`, spelling `soFar`) that start with `prefix`. */
async function walk(path: string, components: string[], soFar: string, prefix: string, keys: string[], now: number): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(path, { withFileTypes: true });
  } catch (error) {
    if (code(error) === 'ENOENT' || code(error) === 'ENOTDIR') return;
    throw error;
  }
  for (const entry of entries) {
    const { name } = entry;
    if (name.endsWith(TEMP)) {
      await removeIfStale(join(path, name), now);
    } else if (name.endsWith(RECORD) && entry.isFile()) {
      const piece = decodeName(name, RECORD);
      const key = piece === undefined ? undefined : soFar + piece;
      // Only files this store would write for that key count; anything else in the folder is ignored.
      if (key?.startsWith(prefix) && isValidKey(key) && recordPath(key).join('/') === [...components, name].join('/')) keys.push(key);
    } else if (name.endsWith(CHUNK_DIR) && entry.isDirectory()) {
      const piece = decodeName(name, CHUNK_DIR);
      const next = piece === undefined ? undefined : soFar + piece;
      if (next !== undefined && (next.startsWith(prefix) || prefix.startsWith(next))) {
        await walk(join(path, name), [...components, name], next, prefix, keys, now);
      }
    }
  }
}

/** Writes a new temp file, making its folders on first use. */
async function writeTemp(temp: string, text: string): Promise<void> {
  try {
    await fs.writeFile(temp, text, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if (code(error) !== 'ENOENT') throw error;
    await makeDirs(dirname(temp));
    await fs.writeFile(temp, text, { mode: 0o600, flag: 'wx' });
  }
}

/**
 * `mkdir -p`, one level at a time: a recursive mkdir reports ENOENT on a read-only file system,
 * where this reports the real cause (EROFS, EACCES) of the level that could not be made; and
 * it never returns for a path under /proc (the kernel answers ENOENT forever).
 */
async function makeDirs(path: string): Promise<void> {
  try {
    await fs.mkdir(path, { mode: 0o700 });
  } catch (error) {
    if (code(error) === 'EEXIST') return;
    if (code(error) !== 'ENOENT' || dirname(path) === path) throw error;
    await makeDirs(dirname(path));
    await fs.mkdir(path, { mode: 0o700 }).catch((again: unknown) => {
      if (code(again) !== 'EEXIST') throw again;
    });
  }
}

const NOT_WRITABLE = new Set(['EROFS', 'EACCES', 'EPERM', 'ENOENT', 'ENOTDIR']);
const FULL = new Set(['ENOSPC', 'EDQUOT']);

/** A write failure as the user can act on it: which folder, what is wrong with it, and what to do. */
function describeWriteFailure(dir: string, error: unknown): unknown {
  const errno = code(error) ?? '';
  const why = `${errno}: ${(error as Error).message}`;
  if (NOT_WRITABLE.has(errno)) {
    return new Error(`store directory ${dir} is not writable (${why}); make it writable, or choose another with --store DIR (MCP_STORE_DIR).`, { cause: error });
  }
  if (FULL.has(errno)) {
    return new Error(`store directory ${dir} is on a full disk (${why}); nothing was written. Free some space, or choose another with --store DIR (MCP_STORE_DIR).`, { cause: error });
  }
  return error;
}

/** Removes a temp file left by a killed writer; a live write never takes a minute. */
async function removeIfStale(file: string, now: number): Promise<void> {
  try {
    if (now - (await fs.stat(file)).mtimeMs > STALE_TEMP_MS) await fs.unlink(file);
  } catch {
    // Another process cleaned it up or renamed it into place first.
  }
}

/** rename() over the target; Windows refuses while another process has it open, so retry briefly there. */
async function replace(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fs.rename(from, to);
    } catch (error) {
      const busy = process.platform === 'win32' && ['EPERM', 'EACCES', 'EBUSY'].includes(code(error) ?? '');
      if (!busy || attempt >= 8) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * 2 ** attempt));
    }
  }
}

/** 16 random hex digits; Web Crypto, so node:crypto stays off the startup path. */
function randomHex(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
}
