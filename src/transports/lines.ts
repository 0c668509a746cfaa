/** Newline-delimited framing: splits a byte stream into messages. Web-standard, no I/O. */

/** Lines longer than this many bytes are dropped (with an error) instead of buffered without bound (MCP_MAX_MESSAGE_BYTES's default). */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

const LF = 0x0a;
const encoder = new TextEncoder();

export interface LineSplitter {
  /** Feeds a chunk (kept by reference until its line completes: do not reuse it); returns the complete, non-blank lines it finished (without `\r\n`/`\n`), decoded as UTF-8. */
  push(chunk: Uint8Array | string): string[];
  /** True when the line being read was over the limit; the caller reports it once. */
  takeOverflow(): boolean;
}

/**
 * Works on bytes, not text: a line is decoded once, when complete, and the bytes of a line over
 * the limit are skipped without ever becoming a string. (A LF byte never occurs inside a UTF-8
 * sequence, so splitting bytes is safe.) Huge inputs then cost no heap that outlives them.
 */
export function createLineSplitter(maxBytes = MAX_LINE_BYTES): LineSplitter {
  const decoder = new TextDecoder();
  let parts: Uint8Array[] = [];
  let length = 0;
  let skipping = false;
  let overflowed = false;

  function finish(piece: Uint8Array): string | undefined {
    const total = length + piece.byteLength;
    const kept = parts;
    parts = [];
    length = 0;
    if (total > maxBytes) {
      overflowed = true;
      return undefined;
    }
    // Decoded piece by piece: one big native buffer per line would fragment the allocator for good.
    let line = '';
    for (const part of kept) line += decoder.decode(part, { stream: true });
    line += decoder.decode(piece);
    const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
    return trimmed.trim() === '' ? undefined : trimmed;
  }

  return {
    push(chunk) {
      const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      const lines: string[] = [];
      let start = 0;
      for (let nl = bytes.indexOf(LF); nl !== -1; nl = bytes.indexOf(LF, start)) {
        const piece = bytes.subarray(start, nl);
        start = nl + 1;
        if (skipping) {
          skipping = false;
          continue;
        }
        const line = finish(piece);
        if (line !== undefined) lines.push(line);
      }
      if (!skipping && start < bytes.byteLength) {
        // Kept as a view, not copied: a copy per chunk doubles the allocator churn of a huge line,
        // and glibc keeps those freed pages (RSS). Callers hand over their chunks (Node streams do).
        const rest = bytes.subarray(start);
        length += rest.byteLength;
        parts.push(rest);
        if (length > maxBytes) {
          parts = [];
          length = 0;
          skipping = true;
          overflowed = true;
        }
      }
      return lines;
    },
    takeOverflow() {
      const was = overflowed;
      overflowed = false;
      return was;
    },
  };
}
