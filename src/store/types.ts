/**
 * The server's own key-value store, for what the `responses` backend must keep and
 * OpenAI no longer does (assistants, the run index, message metadata).
 * Implementations: memory (tests, embedding), file (Node), Workers KV (Worker).
 */

/**
 * Values are JSON. Keys are `/`-separated segments of `[A-Za-z0-9_.:-]`, at most 400 characters,
 * with no empty, `.` or `..` segment; every method throws for a key outside that grammar
 * (`checkKey` in record.ts). Records are stored as `{"v":1,"value":...}`; `get` throws for a
 * corrupt record or one written by a newer release.
 */
export interface Store {
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Replaces the whole record; readers see the old or the new value, never a mix. */
  put(key: string, value: unknown): Promise<void>;
  /** Deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Every key that starts with `prefix`, sorted ascending (code-unit order). */
  list(prefix: string): Promise<string[]>;
  /**
   * Up to `limit` keys that start with `prefix`, in code-unit order (descending with `reverse`),
   * strictly past `after` in that order: one page of {@link list} without reading the rest.
   * Ascending from the start of a prefix is the cheap direction on every store (one KV list call);
   * `after` and `reverse` may read the keys before the page on KV, which has no seek.
   */
  scan(prefix: string, options: ScanOptions): Promise<string[]>;
  /** Throws (saying why) when the store cannot be used at all, e.g. an unwritable folder; for `/health`. */
  check?(): Promise<void>;
}

/** Which page of keys {@link Store.scan} returns. */
export interface ScanOptions {
  /** At most this many keys (a positive integer). */
  limit: number;
  /** Start strictly past this key (which need not exist). */
  after?: string;
  /** Descending order. */
  reverse?: boolean;
}
