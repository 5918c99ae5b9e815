/**
 * Reading a paged list from a network that may misbehave: page after page (`page`, `per_page`) until a short
 * page, and never more than `maxPages` pages, `maxBytes` of answers or `deadlineMs` in all. A page whose records
 * were all seen already (a network ignoring `page`, or cycling) ends the reading with an error; records seen
 * twice across pages (a list shifting while read) are kept once. Every list read from the network goes through it.
 */

export interface PagingLimits {
  perPage: number;
  maxPages: number;
  /** The whole reading, all pages. */
  deadlineMs: number;
  /** All pages' answers together, in bytes. */
  maxBytes: number;
}

/** Lists of webhooks, records and events: 100 per page (the plugin's most), up to 10,000 records. */
export const defaultPagingLimits: PagingLimits = { perPage: 100, maxPages: 100, deadlineMs: 60_000, maxBytes: 32 * 1024 * 1024 };

/** What the reader of one page may spend: the time and bytes left of the whole reading. */
export interface PageBudget {
  timeoutMs: number;
  maxBytes: number;
}

export interface Page {
  records: Record<string, unknown>[];
  /** The answer's size, counted against `maxBytes`. */
  bytes: number;
}

/** Why a reading stopped before the list's end. */
export class PagingStopped extends Error {}

/** A record's identity for spotting repeats: its `id` when it has one, else the whole record. */
const identity = (record: Record<string, unknown>) => (record.id !== undefined && record.id !== null ? `id:${String(record.id)}` : JSON.stringify(record));

/** Yields each page's new records; `readPage` fetches page `page` (1-based) with `perPage` records at most. */
export async function* boundedPages(
  readPage: (page: number, perPage: number, budget: PageBudget) => Promise<Page>,
  limits: PagingLimits = defaultPagingLimits,
  now: () => number = Date.now,
): AsyncGenerator<Record<string, unknown>[]> {
  const endsAt = now() + limits.deadlineMs;
  const seen = new Set<string>();
  let bytes = 0;
  for (let page = 1; ; page++) {
    if (page > limits.maxPages) throw new PagingStopped(`more than ${limits.maxPages} pages of ${limits.perPage}: stopped reading`);
    const left = endsAt - now();
    if (left <= 0) throw new PagingStopped(`not read in full within ${limits.deadlineMs / 1000} s (${page - 1} pages): stopped reading`);
    const answer = await readPage(page, limits.perPage, { timeoutMs: left, maxBytes: limits.maxBytes - bytes });
    bytes += answer.bytes;
    const fresh = answer.records.filter((record) => {
      const key = identity(record);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (answer.records.length > 0 && fresh.length === 0) throw new PagingStopped(`page ${page} repeats records of earlier pages: stopped reading`);
    yield fresh;
    if (answer.records.length < limits.perPage) return;
  }
}
