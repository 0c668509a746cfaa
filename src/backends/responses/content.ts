/** Message content both ways: Assistants message parts ↔ conversation message items. */
import { ToolError } from '../../errors.js';
import type { MessageSide } from './records.js';

type Part = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string; detail?: string } } | { type: 'image_file'; image_file: { file_id: string; detail?: string } };

/** An Assistants message (role + content) as a conversation input item. */
export function toInputItem(role: string, content: unknown): Record<string, unknown> {
  const parts: Part[] = typeof content === 'string' ? [{ type: 'text', text: content }] : (content as Part[]);
  if (role === 'assistant') {
    // Assistant-role input takes text only, as Assistants did.
    if (parts.some((p) => p.type !== 'text')) {
      throw new ToolError('Messages with role "assistant" can only contain text.', 'Remove the image parts, or send the message with role "user".');
    }
    return { type: 'message', role, content: parts.map((p) => (p as { text: string }).text).join('\n') };
  }
  return { type: 'message', role, content: parts.map(inputPart) };
}

function inputPart(part: Part): Record<string, unknown> {
  switch (part.type) {
    case 'text':
      return { type: 'input_text', text: part.text };
    case 'image_url':
      return { type: 'input_image', image_url: part.image_url?.url, detail: part.image_url?.detail ?? 'auto' };
    case 'image_file':
      return { type: 'input_image', file_id: part.image_file?.file_id, detail: part.image_file?.detail ?? 'auto' };
    default:
      throw new ToolError(`Message content type ${JSON.stringify((part as { type: unknown }).type)} is not supported.`, 'Use text, image_url or image_file parts.');
  }
}

/** A conversation item of type `message`. */
export interface MessageItem {
  type: 'message';
  id: string;
  role: string;
  status?: string;
  content?: { type: string; [field: string]: unknown }[];
}

export function isThreadMessage(item: { type?: string; role?: unknown }): item is MessageItem {
  return item.type === 'message' && (item.role === 'user' || item.role === 'assistant');
}

/** A conversation message item as an Assistants `thread.message`, with the side table merged in. */
export function messageObject(item: MessageItem, threadId: string, side: MessageSide | undefined, fallbackCreatedAt: number): Record<string, unknown> {
  const created_at = side?.created_at ?? fallbackCreatedAt;
  const status = item.status === 'in_progress' ? 'in_progress' : item.status === 'incomplete' ? 'incomplete' : 'completed';
  return {
    id: item.id,
    object: 'thread.message',
    created_at,
    thread_id: threadId,
    status,
    incomplete_details: status === 'incomplete' ? { reason: 'run_incomplete' } : null,
    completed_at: status === 'completed' ? created_at : null,
    incomplete_at: status === 'incomplete' ? created_at : null,
    role: item.role,
    content: (item.content ?? []).flatMap(messagePart),
    assistant_id: side?.assistant_id ?? null,
    run_id: side?.run_id ?? null,
    attachments: side?.attachments ?? [],
    metadata: side?.metadata ?? {},
  };
}

function messagePart(part: { type: string; [field: string]: unknown }): Record<string, unknown>[] {
  switch (part.type) {
    case 'input_text':
    case 'output_text':
    case 'text':
      return [{ type: 'text', text: { value: String(part.text ?? ''), annotations: ((part.annotations as Annotation[] | undefined) ?? []).flatMap(annotation) } }];
    case 'refusal':
      return [{ type: 'refusal', refusal: String(part.refusal ?? '') }];
    case 'input_image':
      return part.file_id
        ? [{ type: 'image_file', image_file: { file_id: part.file_id, detail: part.detail ?? 'auto' } }]
        : [{ type: 'image_url', image_url: { url: part.image_url, detail: part.detail ?? 'auto' } }];
    default:
      // input_file, audio and other parts have no Assistants content type.
      return [];
  }
}

interface Annotation {
  type: string;
  index?: number;
  start_index?: number;
  end_index?: number;
  file_id?: string;
  filename?: string;
  container_id?: string;
}

/**
 * file_citation and container files map (without the quoted span); url_citation has no Assistants
 * counterpart. A container file keeps its container_id, which file-content needs to read it.
 */
function annotation(a: Annotation): Record<string, unknown>[] {
  const at = a.index ?? a.start_index ?? 0;
  const span = { text: '', start_index: at, end_index: a.end_index ?? at };
  if (a.type === 'file_citation') return [{ type: 'file_citation', ...span, file_citation: { file_id: a.file_id, ...(a.filename ? { filename: a.filename } : {}) } }];
  if (a.type === 'container_file_citation') return [{ type: 'file_path', ...span, file_path: { file_id: a.file_id, container_id: a.container_id } }];
  if (a.type === 'file_path') return [{ type: 'file_path', ...span, file_path: { file_id: a.file_id } }];
  return [];
}
