/**
 * Local files for path uploads and saved downloads, sandboxed to the allowed roots
 * (MCP_FILE_ROOTS and the client's roots/list). A path is checked lexically before the
 * file system is touched, then by its real path (symlinks resolved), and the file is read
 * through the same handle whose type and size were checked.
 */
// fs.promises, not node:fs/promises: that module costs the stdio server ~2 ms of startup, so it loads at the first file operation.
import { constants, promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { basename, extname, isAbsolute, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LocalFile, LocalFiles } from '../backends/files/types.js';
import { mediaTypeOf } from '../backends/files/media-types.js';
import { ToolError } from '../errors.js';

/** Pseudo file systems whose "regular files" are views of the machine, never documents. */
const PSEUDO = ['/proc', '/sys', '/dev'];
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

interface Root {
  lexical: string;
  real: string;
}

export function createLocalFiles(configured: readonly string[]): LocalFiles {
  async function roots(clientRoots: readonly string[]): Promise<Root[]> {
    const paths = [...configured, ...clientRoots.flatMap((uri) => (uri.startsWith('file:') ? [safeFileUrl(uri)] : []))].filter((p): p is string => !!p);
    const found: Root[] = [];
    for (const path of paths) {
      const real = await fs.realpath(path).catch(() => undefined);
      if (real) found.push({ lexical: resolve(path), real });
    }
    if (!found.length) {
      throw new ToolError(
        'Reading local files is off: no allowed folder is configured.',
        'Ask whoever runs this server to set MCP_FILE_ROOTS to the folders files may come from (comma-separated absolute paths), or use a client that shares its roots; or pass the file as content (text, or base64 with filename and media_type) instead of path.',
      );
    }
    return found;
  }

  /** Lexically, then for real, inside a root; returns the real path. */
  async function inside(path: string, allowed: Root[]): Promise<string> {
    const list = allowed.map((r) => r.lexical).join(', ');
    if (typeof path !== 'string' || path.includes('\0') || !isAbsolute(path)) {
      throw new ToolError(`path must be an absolute path inside an allowed folder (${list}); got ${JSON.stringify(path)}.`, 'Give the full path of the file, e.g. a path starting with one of the allowed folders.');
    }
    const lexical = resolve(path);
    if (!allowed.some((r) => within(lexical, r.lexical) || within(lexical, r.real))) {
      throw new ToolError(`${path} is outside the allowed folders (${list}); nothing was read.`, 'Use a file inside an allowed folder, or ask whoever runs this server to add its folder to MCP_FILE_ROOTS.');
    }
    const real = await fs.realpath(lexical).catch(() => {
      throw new ToolError(`${path} does not exist.`, 'Check the path; list the folder in your client to find the file.');
    });
    if (!allowed.some((r) => within(real, r.real)) || PSEUDO.some((p) => within(real, p))) {
      throw new ToolError(`${path} leads outside the allowed folders (through a symbolic link); nothing was read.`, 'Use the file itself, inside an allowed folder, not a link to somewhere else.');
    }
    return real;
  }

  return {
    configuredRoots: () => configured,
    async open(path, clientRoots, maxBytes): Promise<LocalFile> {
      const real = await inside(path, await roots(clientRoots));
      let handle: FileHandle;
      try {
        handle = await fs.open(real, READ_FLAGS);
      } catch (error) {
        throw new ToolError(`${path} cannot be opened: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, 'Check that the file is readable by this server.');
      }
      const stats = await handle.stat().catch(async (error: Error) => {
        await handle.close();
        throw error;
      });
      if (!stats.isFile()) {
        await handle.close();
        const kind = stats.isDirectory() ? 'a directory' : stats.isFIFO() ? 'a pipe' : stats.isSocket() ? 'a socket' : 'a device';
        throw new ToolError(`${path} is ${kind}, not a regular file; nothing was read.`, 'Give the path of one regular file.');
      }
      if (stats.size > maxBytes) {
        await handle.close();
        throw new ToolError(`${path} has ${stats.size} bytes; uploads take at most ${maxBytes}.`, 'Split the file, or ask whoever runs this server to raise MCP_UPLOAD_MAX_BYTES.');
      }
      const filename = basename(real);
      return {
        path: real,
        filename,
        contentType: mediaTypeOf(filename),
        size: stats.size,
        read: (start, end) => (end <= start ? new Uint8Array(0) : handle.createReadStream({ start, end: end - 1, autoClose: false, highWaterMark: 1 << 20 })),
        close: () => handle.close(),
      };
    },
    async save(directory, name, bytes, clientRoots) {
      const real = await inside(directory, await roots(clientRoots));
      const safe = basename(name).replace(/[^\w.-]/g, '_').replace(/^\.+/, '') || 'download';
      const extension = extname(safe);
      for (let n = 0; n < 100; n++) {
        const target = join(real, n ? `${safe.slice(0, safe.length - extension.length)}-${n}${extension}` : safe);
        // O_EXCL: never overwrite, never follow a link planted at the name.
        const handle = await fs.open(target, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'EEXIST') return undefined;
          if (error.code === 'ENOTDIR') throw new ToolError(`${directory} is not a folder.`, 'Give the path of a folder inside an allowed folder.');
          throw error;
        });
        if (!handle) continue;
        try {
          if (bytes instanceof Uint8Array) await handle.writeFile(bytes);
          else for await (const chunk of bytes) await handle.write(chunk);
        } catch (error) {
          // A half-written file is worse than none.
          await handle.close();
          await fs.unlink(target).catch(() => {});
          throw error;
        }
        await handle.close();
        return target;
      }
      throw new ToolError(`${directory} already holds ${safe} and 99 numbered copies.`, 'Choose another folder.');
    },
  };
}

function within(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

function safeFileUrl(uri: string): string | undefined {
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
