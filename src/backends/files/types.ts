/** Types of the files module: the API it offers the tools, what it uploads, and the local-file capability only Node provides. */
import type { Download } from '../../openai.js';
import type { CallOptions } from '../types.js';
import type { DownloadOperationName, FileOperationName } from './routes.js';

/** Bytes to upload: from a tool argument, or from disk (Node). */
export interface UploadSource {
  filename: string;
  contentType: string;
  size: number;
  /** Bytes `start` (inclusive) to `end` (exclusive); may be called again on a retry. */
  read(start: number, end: number): Uint8Array<ArrayBuffer> | AsyncIterable<Uint8Array>;
}

/** Progress of an upload in parts. */
export type UploadProgress = (message: string) => void;

/** The Files / Uploads / Vector Stores / container-file operations, the same on both backends. */
export interface FilesApi {
  call(op: FileOperationName, args: Record<string, unknown>, options: CallOptions): Promise<unknown>;
  download(op: DownloadOperationName, args: Record<string, unknown>, options: CallOptions): Promise<Download>;
  /** The same bytes as they arrive, for saving files of any size. */
  downloadStream(op: DownloadOperationName, args: Record<string, unknown>, options: CallOptions): Promise<{ chunks: AsyncIterable<Uint8Array>; contentType: string | null }>;
  /** POST /files in one request, or the Uploads API in parts above the single-request limit. Returns the File object. */
  upload(source: UploadSource, purpose: string, options: CallOptions & { progress?: UploadProgress }): Promise<Record<string, unknown>>;
}

/** A local file opened inside an allowed root: checked once, read through the same handle. */
export interface LocalFile extends UploadSource {
  /** The resolved real path. */
  path: string;
  close(): Promise<void>;
}

/**
 * Reading and writing local files for path uploads and saved downloads: provided by
 * src/node/ only (stdio and --http on Node), sandboxed to the allowed roots. The Worker has none.
 */
export interface LocalFiles {
  /** Opens a regular file inside one of `roots` (plus the configured ones); throws a ToolError saying why not. */
  open(path: string, clientRoots: readonly string[], maxBytes: number): Promise<LocalFile>;
  /** Writes a new file `name` in `directory` (inside a root); never overwrites. Returns its path. */
  save(directory: string, name: string, bytes: Uint8Array | AsyncIterable<Uint8Array>, clientRoots: readonly string[]): Promise<string>;
  /** The configured roots (MCP_FILE_ROOTS), for messages. */
  configuredRoots(): readonly string[];
}
