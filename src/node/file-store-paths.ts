/**
 * The file store's on-disk names: how a key becomes a path under the store folder, and back.
 * This mapping is the on-disk format: changing it orphans existing records (see file-store-legacy.ts).
 */

// Names stay well under the 255-byte limit of common file systems, temp suffix included.
const NAME_MAX = 200;
export const RECORD = '.json';
/** Suffix of a folder that continues a name too long for one component. */
export const CHUNK_DIR = '~';
/** Suffix of a folder holding one key segment (it decodes to the segment and its `/`). */
export const SEGMENT_DIR = '%2F';
export const TEMP = '.tmp';
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;
const ENCODED = /^(?:[a-z0-9_.-]|%[0-9A-F]{2})*$/;

/**
 * The path (relative to the store folder) of a key's record file, as components. Every
 * character outside `[a-z0-9_.-]` becomes `%XX`, so names are distinct on case-insensitive
 * file systems and hold no `/`, `\` or `:`. Each segment but the last is a folder
 * (`<segment>%2F`), so listing a prefix reads only its folders; a name longer than NAME_MAX
 * is split into `<chunk>~` folders, and the file holds the rest.
 */
export function recordPath(key: string): string[] {
  return components(key, true);
}

/**
 * Where releases up to 4.0 kept a key: one flat folder, `/` encoded as `%2F` in the file name.
 * Still read, and moved to {@link recordPath} when the store opens.
 */
export function legacyRecordPath(key: string): string[] {
  return components(key, false);
}

/** What a name keeps as is; anything else is escaped as `%XX` (of its first UTF-16 unit). */
const UNSAFE = /[^a-z0-9_.-]/gu;
const escape = (char: string) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`;
const deviceSafe = (chunk: string) => (WINDOWS_DEVICE.test(chunk) ? escape(chunk) + chunk.slice(1) : chunk);

function components(key: string, folders: boolean): string[] {
  return unsplit(key, folders) ?? split(key, folders);
}

/** The names when no name needs splitting (every key of the backends): one replace per segment, not a test per character. */
function unsplit(key: string, folders: boolean): string[] | undefined {
  const segments = folders ? key.split('/') : [key];
  const names: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const last = i === segments.length - 1;
    const chunk = segments[i].replace(UNSAFE, escape) + (last ? '' : '%2F');
    if (chunk.length > NAME_MAX) return undefined;
    names.push(deviceSafe(chunk) + (last ? RECORD : ''));
  }
  return names;
}

function split(key: string, folders: boolean): string[] {
  const chunks = [''];
  const ends: string[] = [];
  for (const char of key) {
    const encoded = char.replace(UNSAFE, escape);
    if (chunks[chunks.length - 1].length + encoded.length > NAME_MAX) {
      ends.push(CHUNK_DIR);
      chunks.push('');
    }
    chunks[chunks.length - 1] += encoded;
    if (folders && char === '/') {
      ends.push('');
      chunks.push('');
    }
  }
  ends.push(RECORD);
  return chunks.map((chunk, i) => deviceSafe(chunk) + ends[i]);
}

/** What a folder entry is to the store; anything else in the folder is ignored. */
export type Entry =
  | { kind: 'record'; name: string; piece: string }
  | { kind: 'segment' | 'chunk'; name: string; piece: string }
  | { kind: 'temp'; name: string };

/** Classifies a folder entry by its name and type; `piece` is the part of the key it spells. */
export function classify(name: string, isFile: boolean, isDirectory: boolean): Entry | undefined {
  if (name.endsWith(TEMP)) return { kind: 'temp', name };
  if (isFile && name.endsWith(RECORD)) return withPiece('record', name, name.slice(0, -RECORD.length));
  if (isDirectory && name.endsWith(SEGMENT_DIR)) return withPiece('segment', name, name);
  if (isDirectory && name.endsWith(CHUNK_DIR)) return withPiece('chunk', name, name.slice(0, -CHUNK_DIR.length));
  return undefined;
}

function withPiece(kind: 'record' | 'segment' | 'chunk', name: string, stem: string): Entry | undefined {
  if (!ENCODED.test(stem)) return undefined;
  return { kind, name, piece: stem.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) };
}

/** The error code of a failed file system call (`ENOENT`...), if any. */
export const errorCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException)?.code;

/** The call failed because the file or a folder on its path is not there. */
export const isMissing = (error: unknown): boolean => errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR';
