/** Assistants-style cursor pagination (limit/order/after/before) over lists the server holds itself. */
import { ToolError } from '../../errors.js';

export interface PageArgs {
  limit?: number;
  order?: 'asc' | 'desc';
  after?: string;
  before?: string;
}

export interface ListObject<T> {
  object: 'list';
  data: T[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

export const DEFAULT_LIMIT = 20;

export function pageArgs(args: Record<string, unknown>): PageArgs {
  return { limit: args.limit as number | undefined, order: args.order as PageArgs['order'], after: args.after as string | undefined, before: args.before as string | undefined };
}

/**
 * One page of `ids` (oldest first). `after` starts behind its id in the chosen order;
 * `before` ends in front of its id and takes the `limit` ids closest to it.
 * `listTool` names the tool that gives valid cursors.
 */
export function paginate(ids: readonly string[], { limit = DEFAULT_LIMIT, order = 'desc', after, before }: PageArgs, listTool: string): { ids: string[]; has_more: boolean } {
  const sequence = order === 'asc' ? ids : [...ids].reverse();
  const position = (cursor: string, name: 'after' | 'before') => {
    const index = sequence.indexOf(cursor);
    if (index < 0) throw notInList(cursor, name, listTool);
    return index;
  };
  const start = after === undefined ? 0 : position(after, 'after') + 1;
  const end = before === undefined ? sequence.length : position(before, 'before');
  if (before !== undefined && after === undefined) {
    const from = Math.max(start, end - limit);
    return { ids: sequence.slice(from, end), has_more: from > start };
  }
  const to = Math.min(end, start + limit);
  return { ids: sequence.slice(start, Math.max(start, to)), has_more: to < end };
}

/** A cursor that is no id of the list; `listTool` gives valid ones. */
export function notInList(cursor: string, name: 'after' | 'before', listTool: string): ToolError {
  return new ToolError(`${name}="${cursor}" is not an id in this list.`, `Use the first_id or last_id of a page that ${listTool} returned, or leave ${name} out.`);
}

export function listObject<T extends Record<string, unknown>>(data: T[], has_more: boolean): ListObject<T> {
  const id = (item: T | undefined) => (item?.id as string | undefined) ?? null;
  return { object: 'list', data, first_id: id(data[0]), last_id: id(data[data.length - 1]), has_more };
}
