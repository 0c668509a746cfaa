/** The files a message cites: its file_citation, file_path and container-file annotations, with the ids file-content takes. */
import { isRecord } from '../jsonrpc.js';

/** One cited file: what file-content needs to read it. */
export interface Citation {
  type: 'file_citation' | 'file_path';
  file_id: string;
  /** Set for code-interpreter outputs (container files). */
  container_id?: string;
  /** The marker in the text, when the upstream gives one. */
  text?: string;
}

export function citations(annotations: unknown): Citation[] {
  if (!Array.isArray(annotations)) return [];
  return annotations.flatMap((a): Citation[] => {
    if (!isRecord(a) || (a.type !== 'file_citation' && a.type !== 'file_path')) return [];
    const target = a[a.type];
    if (!isRecord(target) || typeof target.file_id !== 'string') return [];
    return [{
      type: a.type,
      file_id: target.file_id,
      ...(typeof target.container_id === 'string' ? { container_id: target.container_id } : {}),
      ...(typeof a.text === 'string' && a.text ? { text: a.text } : {}),
    }];
  });
}
