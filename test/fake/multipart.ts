// Parses multipart/form-data bodies for the fake Files server, strictly: a boundary is required,
// every part needs a content-disposition with a name, and the body must end with the closing boundary.
import { bad } from './files-errors.js';

export interface FormPart { name: string; filename?: string; contentType?: string; data: Buffer }

export function parseMultipart(contentType: string, body: Buffer): FormPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!/^multipart\/form-data/i.test(contentType) || !boundary) bad(`Expected a multipart/form-data body with a boundary; got content-type '${contentType}'.`);
  const delimiter = Buffer.from(`--${boundary![1] ?? boundary![2]}`);
  const parts: FormPart[] = [];
  let at = body.indexOf(delimiter);
  if (at !== 0) bad('The multipart body does not start with its boundary.');
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === '--') break;
    if (body.subarray(at, at + 2).toString() !== '\r\n') bad('Malformed multipart body: expected CRLF after a boundary.');
    const headEnd = body.indexOf('\r\n\r\n', at);
    if (headEnd < 0) bad('Malformed multipart body: part headers never end.');
    const head = body.subarray(at + 2, headEnd).toString('utf8');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headEnd + 4);
    if (next < 0) bad('Malformed multipart body: missing the closing boundary.');
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(head)?.[1] ?? '';
    const name = /\bname="([^"]*)"/.exec(disposition)?.[1];
    if (!name) bad('Malformed multipart body: a part has no content-disposition name.');
    const filename = /\bfilename="([^"]*)"/.exec(disposition)?.[1];
    const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim();
    parts.push({ name: name!, ...(filename !== undefined ? { filename: decodeURIComponent(filename) } : {}), ...(type ? { contentType: type } : {}), data: body.subarray(headEnd + 4, next) });
    at = next + 2;
  }
  return parts;
}

/** A form's fields by name, as recorded and checked: a text part's value, or a file part's name and size. */
export function formFields(form: FormPart[]): Record<string, string | { filename: string; bytes: number }> {
  const out: Record<string, string | { filename: string; bytes: number }> = {};
  for (const part of form) out[part.name] = part.filename !== undefined ? { filename: part.filename, bytes: part.data.length } : part.data.toString('utf8');
  return out;
}
