/**
 * Writing the file store's files: a record lands whole or not at all (temp file + rename),
 * folders are made on demand and removed once empty, and failures say what to do.
 */
// fs.promises, not node:fs/promises: that module costs the stdio server ~2 ms of startup, so it loads at the first file operation.
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import { errorCode, TEMP } from './file-store-paths.js';


/** Writes `text` to `file` atomically; the store folder `dir` is named in the error when it fails. */
export async function writeRecord(dir: string, file: string, text: string): Promise<void> {
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
}

/** Writes a new temp file, making its folders on first use (again, if a delete just removed an empty one). */
async function writeTemp(temp: string, text: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fs.writeFile(temp, text, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if (errorCode(error) !== 'ENOENT' || attempt >= 3) throw error;
      await makeDirs(dirname(temp));
    }
  }
}

/**
 * `mkdir -p`, one level at a time: a recursive mkdir reports ENOENT on a read-only file system,
 * where this reports the real cause (EROFS, EACCES) of the level that could not be made; and
 * it never returns for a path under /proc (the kernel answers ENOENT forever).
 */
export async function makeDirs(path: string): Promise<void> {
  try {
    await fs.mkdir(path, { mode: 0o700 });
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return;
    if (errorCode(error) !== 'ENOENT' || dirname(path) === path) throw error;
    await makeDirs(dirname(path));
    await fs.mkdir(path, { mode: 0o700 }).catch((again: unknown) => {
      if (errorCode(again) !== 'EEXIST') throw again;
    });
  }
}

/** Removes `folder` and its parents up to (not including) the store folder `dir`, while they are empty. */
export async function removeEmptyFolders(dir: string, folder: string): Promise<void> {
  for (let path = folder; path.length > dir.length && path.startsWith(dir); path = dirname(path)) {
    try {
      await fs.rmdir(path);
    } catch {
      return; // not empty (the usual case), or already gone
    }
  }
}

const NOT_WRITABLE = new Set(['EROFS', 'EACCES', 'EPERM', 'ENOENT', 'ENOTDIR']);
const FULL = new Set(['ENOSPC', 'EDQUOT']);

/** A write failure as the user can act on it: which folder, what is wrong with it, and what to do. */
export function describeWriteFailure(dir: string, error: unknown): unknown {
  const errno = errorCode(error) ?? '';
  const why = `${errno}: ${(error as Error).message}`;
  if (NOT_WRITABLE.has(errno)) {
    return new Error(`store directory ${dir} is not writable (${why}); make it writable, or choose another with --store DIR (MCP_STORE_DIR).`, { cause: error });
  }
  if (FULL.has(errno)) {
    return new Error(`store directory ${dir} is on a full disk (${why}); nothing was written. Free some space, or choose another with --store DIR (MCP_STORE_DIR).`, { cause: error });
  }
  return error;
}

/** rename() over the target; Windows refuses while another process has it open, so retry briefly there. */
async function replace(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fs.rename(from, to);
    } catch (error) {
      const busy = process.platform === 'win32' && ['EPERM', 'EACCES', 'EBUSY'].includes(errorCode(error) ?? '');
      if (!busy || attempt >= 8) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * 2 ** attempt));
    }
  }
}

/** 16 random hex digits; Web Crypto, so node:crypto stays off the startup path. */
function randomHex(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
}
