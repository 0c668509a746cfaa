/** Media types by file extension: what uploads declare, and how file-content presents bytes. */

const BY_EXTENSION: Record<string, string> = {
  txt: 'text/plain', md: 'text/markdown', csv: 'text/csv', tsv: 'text/tab-separated-values', html: 'text/html', htm: 'text/html',
  css: 'text/css', xml: 'application/xml', json: 'application/json', jsonl: 'application/jsonl', yaml: 'application/yaml', yml: 'application/yaml',
  js: 'text/javascript', mjs: 'text/javascript', ts: 'application/typescript', py: 'text/x-python', java: 'text/x-java', c: 'text/x-c',
  cpp: 'text/x-c++', cs: 'text/x-csharp', go: 'text/x-golang', rb: 'text/x-ruby', php: 'text/x-php', sh: 'application/x-sh', tex: 'text/x-tex',
  pdf: 'application/pdf', doc: 'application/msword', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', zip: 'application/zip', tar: 'application/x-tar',
};

export function mediaTypeOf(filename: string): string {
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  return (extension && BY_EXTENSION[extension]) || 'application/octet-stream';
}

/** How file-content presents a file: text as text, images as image content, the rest as a blob. */
export function presentationOf(mediaType: string): 'text' | 'image' | 'binary' {
  const type = mediaType.split(';')[0]!.trim().toLowerCase();
  if (/^image\/(png|jpeg|gif|webp)$/.test(type)) return 'image';
  if (type.startsWith('text/') || /^application\/(json|jsonl|xml|yaml|typescript|x-sh|javascript)$/.test(type) || type.endsWith('+json') || type.endsWith('+xml')) return 'text';
  return 'binary';
}
