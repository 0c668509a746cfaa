/** Newline-delimited framing: splits a character stream into messages. Web-standard, no I/O. */

/** Lines longer than this are dropped (with an error) instead of buffered without bound. */
export const MAX_LINE_CHARS = 10 * 1024 * 1024;

export interface LineSplitter {
  /** Feeds a chunk; returns the complete, non-blank lines it finished (without `\r\n`/`\n`). */
  push(chunk: string): string[];
  /** True when the line being read was over the limit; the caller reports it once. */
  takeOverflow(): boolean;
}

export function createLineSplitter(maxChars = MAX_LINE_CHARS): LineSplitter {
  let parts: string[] = [];
  let length = 0;
  let skipping = false;
  let overflowed = false;

  return {
    push(chunk) {
      const lines: string[] = [];
      let start = 0;
      for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
        const piece = chunk.slice(start, nl);
        start = nl + 1;
        if (skipping) {
          skipping = false;
          continue;
        }
        const line = parts.length ? parts.join('') + piece : piece;
        parts = [];
        length = 0;
        if (line.length > maxChars) {
          overflowed = true;
          continue;
        }
        const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
        if (trimmed.trim() !== '') lines.push(trimmed);
      }
      const rest = chunk.slice(start);
      if (!skipping && rest) {
        parts.push(rest);
        length += rest.length;
        if (length > maxChars) {
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
