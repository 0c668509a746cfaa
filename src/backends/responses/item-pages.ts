/**
 * Walking a conversation's items page by page, without trusting the upstream to page:
 * a page that does not advance (it holds the cursor, or items already seen) means the
 * upstream ignores `after`. That is learned once; then the first page is paged here.
 */
import type { Ctx } from './context.js';
import { conversationOf, upstreamConversations, type ItemPage } from './conversation.js';

export interface ListedItem {
  id: string;
  type?: string;
  role?: string;
}

export interface Collected {
  /** Kept items in walk order: up to `want + 1`, so the caller can tell whether there are more. */
  items: ListedItem[];
  /** Said when the list had to stop short of the upstream's end. */
  note?: string;
}

/** Upstream pages read at most per call: 100 items each, so a thread of 10,000 items. */
const MAX_PAGES = 100;
const PAGE = 100;

/** The items after `after` in `order` that `keep` accepts, until `want + 1` are found or the list ends. */
export async function collectItems(ctx: Ctx, threadId: string, order: 'asc' | 'desc', after: string | undefined, keep: (item: ListedItem) => boolean, want: number): Promise<Collected> {
  const conversation = await conversationOf(ctx, threadId);
  const list = (after?: string) => conversation.listItems(ctx, threadId, { order, limit: PAGE, ...(after === undefined ? {} : { after }) });
  const newest = () => conversation.listItems(ctx, threadId, { order: 'desc', limit: PAGE });
  // Item paging is the upstream's to get wrong; a conversation kept here always pages.
  if (!ctx.upstream.caps.itemPaging && conversation === upstreamConversations) return pageLocally(newest, order, after, keep, want);
  const found: ListedItem[] = [];
  const seen = new Set<string>();
  let cursor = after;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const page = await list(cursor);
    if (page.data.some((item) => item.id === cursor || seen.has(item.id))) {
      ctx.upstream.correct('itemPaging', false, 'GET /conversations/{id}/items ignored `after` (a page did not advance)');
      return pageLocally(newest, order, after, keep, want);
    }
    for (const item of page.data) {
      seen.add(item.id);
      if (keep(item)) found.push(item);
      if (found.length > want) return { items: found };
    }
    if (!page.has_more || !page.data.length) return { items: found };
    cursor = page.data[page.data.length - 1].id;
  }
  return { items: found, note: `Stopped after ${MAX_PAGES * PAGE} upstream items; page on from the last id returned.` };
}

/**
 * Paging done here, on the newest page the upstream gives: the whole thread when it fits
 * in one page, else its newest items (what a run's answer is among), with a note.
 */
async function pageLocally(list: () => Promise<ItemPage>, order: 'asc' | 'desc', after: string | undefined, keep: (item: ListedItem) => boolean, want: number): Promise<Collected> {
  const page = await list();
  const newest = page.data;
  let items = order === 'desc' ? newest : [...newest].reverse();
  const partial = page.has_more === true;
  const limited = `This upstream does not page conversation items (it ignores \`after\`), so only the newest ${newest.length} items of the thread can be listed.`;
  if (after !== undefined) {
    const at = items.findIndex((item) => item.id === after);
    if (at < 0) return { items: [], note: `${limited} ${after} is not among them.` };
    items = items.slice(at + 1);
  }
  const found = items.filter(keep).slice(0, want + 1);
  return partial ? { items: found, note: limited } : { items: found };
}
