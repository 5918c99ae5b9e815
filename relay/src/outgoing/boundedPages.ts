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

export interface Page<T = Record<string, unknown>> {
  records: T[];
  /** The answer's size, counted against `maxBytes`. */
  bytes: number;
}

/** Where a reading starts, and its clock. */
export interface PagingStart {
  /** The first page read (1-based): a reader resuming mid-list. `maxPages` counts the pages read from it. */
  firstPage?: number;
  now?: () => number;
}

/** Why a reading stopped before the list's end: its page or time bound reached (more may follow), or a page repeating earlier ones. */
export class PagingStopped extends Error {
  readonly reason: 'pages' | 'time' | 'repeat';

  constructor(reason: PagingStopped['reason'], message: string) {
    super(message);
    this.reason = reason;
  }
}

/** A record's identity for spotting repeats: its `id` when it has one, else the whole record. */
const identity = (record: { id?: unknown }) => (record.id !== undefined && record.id !== null ? `id:${String(record.id)}` : JSON.stringify(record));

/** Yields each page's new records; `readPage` fetches page `page` (1-based) with `perPage` records at most. */
export async function* boundedPages<T extends { id?: unknown } = Record<string, unknown>>(
  readPage: (page: number, perPage: number, budget: PageBudget) => Promise<Page<T>>,
  limits: PagingLimits = defaultPagingLimits,
  { firstPage = 1, now = Date.now }: PagingStart = {},
): AsyncGenerator<T[]> {
  const endsAt = now() + limits.deadlineMs;
  const seen = new Set<string>();
  let bytes = 0;
  for (let pagesRead = 0, page = firstPage; ; pagesRead++, page++) {
    if (pagesRead >= limits.maxPages) throw new PagingStopped('pages', `more than ${limits.maxPages} pages of ${limits.perPage}: stopped reading`);
    const left = endsAt - now();
    if (left <= 0) throw new PagingStopped('time', `not read in full within ${limits.deadlineMs / 1000} s (${pagesRead} pages): stopped reading`);
    const answer = await readPage(page, limits.perPage, { timeoutMs: left, maxBytes: limits.maxBytes - bytes });
    bytes += answer.bytes;
    const fresh = answer.records.filter((record) => {
      const key = identity(record);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (answer.records.length > 0 && fresh.length === 0) throw new PagingStopped('repeat', `page ${page} repeats records of earlier pages: stopped reading`);
    yield fresh;
    if (answer.records.length < limits.perPage) return;
  }
}
