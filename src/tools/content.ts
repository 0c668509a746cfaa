/**
 * Content blocks beyond the JSON text of a result: what a handler attaches (file-content's
 * text, image or blob) and the `resource_link`s of the files a result names.
 */
import { isRecord } from '../jsonrpc.js';

/** An MCP content block of a tool result. */
export type ContentBlock =
  | { type: 'text'; text: string }
  | { type: 'image'; data: string; mimeType: string }
  | { type: 'resource'; resource: { uri: string; mimeType: string; blob: string } | { uri: string; mimeType: string; text: string } }
  | { type: 'resource_link'; uri: string; name: string; mimeType?: string; description?: string };

/** Key under which a handler's result carries extra content blocks (a symbol: never part of structuredContent). */
export const CONTENT = Symbol('content');

/** Revisions that know `resource_link` content (added in 2025-06-18). */
const WITHOUT_LINKS = new Set(['2024-11-05', '2025-03-26']);
const MAX_LINKS = 20;

export function fileUri(fileId: string, containerId?: string): string {
  return containerId ? `openai://containers/${containerId}/files/${fileId}` : `openai://files/${fileId}`;
}

/** `resource_link`s for the files a result names: File objects, `file_id` fields, list items and cited files. */
export function fileLinks(value: Record<string, unknown>, protocolVersion: string): ContentBlock[] {
  if (WITHOUT_LINKS.has(protocolVersion)) return [];
  const links = new Map<string, string>();
  const visit = (item: unknown) => {
    if (!isRecord(item)) return;
    if (item.object === 'file' && typeof item.id === 'string') links.set(item.id, typeof item.filename === 'string' ? item.filename : item.id);
    else if (item.object === 'vector_store.file' && typeof item.id === 'string') links.set(item.id, item.id);
    else if (typeof item.file_id === 'string' && !item.container_id) links.set(item.file_id, typeof item.filename === 'string' ? item.filename : item.file_id);
  };
  visit(value);
  for (const item of Array.isArray(value.data) ? value.data : []) visit(item);
  for (const id of Array.isArray(value.cited_file_ids) ? value.cited_file_ids : []) if (typeof id === 'string' && !links.has(id)) links.set(id, id);
  return [...links].slice(0, MAX_LINKS).map(([id, name]) => ({ type: 'resource_link', uri: fileUri(id), name, description: `Content of file ${id} (resources/read or file-content)` }));
}
