/**
 * multipart/form-data bodies without dependencies: text fields and one file part whose
 * bytes come whole (content uploads, the Worker) or as a stream of known size (from disk).
 */
import type { RawBody } from '../../openai/request.js';

/** The file part of a multipart body. */
export interface FilePart {
  /** Form field name (`file` for POST /files, `data` for upload parts). */
  field: string;
  filename: string;
  contentType: string;
  size: number;
  /** The bytes; called once per attempt. */
  open(): Uint8Array<ArrayBuffer> | AsyncIterable<Uint8Array>;
}

const encoder = new TextEncoder();

export function multipartBody(fields: Record<string, string>, file: FilePart): RawBody {
  const boundary = `----openai-assistants-mcp-${Array.from({ length: 4 }, () => Math.random().toString(36).slice(2, 10)).join('')}`;
  let head = '';
  for (const [name, value] of Object.entries(fields)) {
    head += `--${boundary}\r\ncontent-disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`;
  }
  head += `--${boundary}\r\ncontent-disposition: form-data; name="${quote(file.field)}"; filename="${quote(file.filename)}"\r\ncontent-type: ${file.contentType.replace(/[\r\n]/g, '')}\r\n\r\n`;
  const before = encoder.encode(head);
  const after = encoder.encode(`\r\n--${boundary}--\r\n`);
  return {
    raw: true,
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: before.length + file.size + after.length,
    open() {
      const bytes = file.open();
      if (!(bytes instanceof Uint8Array)) return chain(before, bytes, after);
      const whole = new Uint8Array(before.length + bytes.length + after.length);
      whole.set(before, 0);
      whole.set(bytes, before.length);
      whole.set(after, before.length + bytes.length);
      return whole;
    },
  };
}

async function* chain(before: Uint8Array, middle: AsyncIterable<Uint8Array>, after: Uint8Array): AsyncGenerator<Uint8Array> {
  yield before;
  yield* middle;
  yield after;
}

/** Quotes and line breaks would end the header value early; browsers percent-encode them, so do we. */
function quote(value: string): string {
  return value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
