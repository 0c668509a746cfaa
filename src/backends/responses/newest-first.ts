/**
 * The indexes behind assistant-list and run-list, read a page at a time. An entry's key spells
 * its order key (creation time, see ids.ts) with every digit complemented, so ascending key
 * order, which every store pages cheaply (one KV list call; a few small folders on disk), is
 * newest first. The digits are split 5/2/2/2/2/2 into segments, so no file-store folder holds
 * more than 100 entries; the id follows a `.` and breaks ties between processes.
 */
import type { Store } from '../../store/types.js';
import { DEFAULT_LIMIT, notInList, type PageArgs } from './pagination.js';

/** One index: where its entries live, where releases up to 4.0 kept them, and how to find a cursor's order key. */
export interface NewestFirst {
  prefix: string;
  /** `<prefix>order/<order>/<id>`, ascending, as earlier releases wrote it; moved on first use. */
  legacyPrefix: string;
  /** The order key of the listed record `id`, or undefined when it cannot be read. */
  orderOf(id: string): Promise<string | undefined>;
  /** The tool that gives valid cursors. */
  listTool: string;
}

const ORDER = /^\d{15}$/;
const CUTS = [0, 5, 7, 9, 11, 13, 15];

/** The index key of the entry for `id`, made at `order` (15 digits, from createOrderClock). */
export function entryKey(prefix: string, order: string, id: string): string {
  if (!ORDER.test(order)) throw new Error(`order key ${order} is not 15 digits`);
  const complement = Array.from(order, (digit) => 9 - Number(digit)).join('');
  const parts = CUTS.slice(1).map((end, i) => complement.slice(CUTS[i], end));
  return `${prefix}${parts.join('/')}.${id}`;
}

/** The id an index key points at. */
export function entryId(key: string): string {
  const last = key.slice(key.lastIndexOf('/') + 1);
  return last.slice(last.indexOf('.') + 1);
}

/** Every entry key of `index` that points at `id`, in either layout: for deleting a record that cannot be read. */
export async function entriesOf(store: Store, index: NewestFirst, id: string): Promise<string[]> {
  const keys = [...(await store.list(index.prefix)), ...(await store.list(index.legacyPrefix))];
  return keys.filter((key) => (key.startsWith(index.legacyPrefix) ? key.slice(key.lastIndexOf('/') + 1) : entryId(key)) === id);
}

/**
 * One page of ids, as `paginate` (pagination.ts) would cut it from the whole index, reading
 * only the page: `after` starts behind its id in the chosen order; `before` ends in front of
 * its id and takes the `limit` ids closest to it.
 */
export async function pageIndex(store: Store, index: NewestFirst, { limit = DEFAULT_LIMIT, order = 'desc', after, before }: PageArgs): Promise<{ ids: string[]; has_more: boolean }> {
  await moveLegacyEntries(store, index);
  const count = Math.max(0, limit);
  // desc (newest first) is ascending key order.
  const reverse = order === 'asc';
  if (before !== undefined && after === undefined) {
    const keys = await store.scan(index.prefix, { limit: count + 1, after: await cursorKey(store, index, before, 'before'), reverse: !reverse });
    return { ids: keys.slice(0, count).reverse().map(entryId), has_more: keys.length > count };
  }
  const start = after === undefined ? undefined : await cursorKey(store, index, after, 'after');
  const end = before === undefined ? undefined : await cursorKey(store, index, before, 'before');
  const keys = await store.scan(index.prefix, { limit: count + 1, ...(start === undefined ? {} : { after: start }), reverse });
  const kept = end === undefined ? keys : keys.filter((key) => (reverse ? key > end : key < end));
  return { ids: kept.slice(0, count).map(entryId), has_more: kept.length > count };
}

/** The index key a cursor id stands at: from its record's order key, else found in the index. */
async function cursorKey(store: Store, index: NewestFirst, id: string, name: 'after' | 'before'): Promise<string> {
  const order = await index.orderOf(id).catch(() => undefined);
  if (order !== undefined && ORDER.test(order)) return entryKey(index.prefix, order, id);
  const found = (await store.list(index.prefix)).find((key) => entryId(key) === id);
  if (found) return found;
  throw notInList(id, name, index.listTool);
}

/** Indexes already checked for entries of the old layout, per store. */
const checked = new WeakMap<Store, Set<string>>();

/** Rewrites the entries an earlier release wrote (`order/<order>/<id>`) as entries of this layout; once per index and process. */
async function moveLegacyEntries(store: Store, index: NewestFirst): Promise<void> {
  const done = checked.get(store) ?? checked.set(store, new Set()).get(store)!;
  if (done.has(index.legacyPrefix)) return;
  for (const key of await store.list(index.legacyPrefix)) {
    const [order, id] = key.slice(index.legacyPrefix.length).split('/');
    if (ORDER.test(order ?? '') && id) await store.put(entryKey(index.prefix, order, id), 1);
    await store.delete(key);
  }
  done.add(index.legacyPrefix);
}
