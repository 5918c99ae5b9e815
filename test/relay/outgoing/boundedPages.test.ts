/** The bounded pager every list read from the network goes through, on scripted pages and a clock it controls. */
import { describe, expect, it } from 'vitest';
import { boundedPages, PagingStopped, type PageBudget, type PagingLimits } from '../../../relay/src/outgoing/boundedPages.ts';

const limits: PagingLimits = { perPage: 3, maxPages: 10, deadlineMs: 25_000, maxBytes: 1000 };
const records = (...ids: number[]) => ids.map((id) => ({ id, name: `record ${id}` }));
/** 20 full pages of new records: page n holds 3n-2, 3n-1, 3n. */
const endless = Array.from({ length: 20 }, (_, page) => records(page * 3 + 1, page * 3 + 2, page * 3 + 3));

/** Reads with `pages` (page n is pages[n-1], the last repeating), each page taking `msPerPage` on the clock. */
async function read(pages: Record<string, unknown>[][], options: { limits?: PagingLimits; msPerPage?: number; bytesPerPage?: number; firstPage?: number } = {}) {
  let clock = 0;
  const budgets: PageBudget[] = [];
  const pagesAsked: number[] = [];
  const seen: unknown[][] = [];
  const readPage = async (page: number, perPage: number, budget: PageBudget) => {
    budgets.push(budget);
    pagesAsked.push(page);
    clock += options.msPerPage ?? 0;
    return { records: pages[Math.min(page, pages.length) - 1].slice(0, perPage), bytes: options.bytesPerPage ?? 10 };
  };
  let error: unknown = null;
  try {
    for await (const page of boundedPages(readPage, options.limits ?? limits, { firstPage: options.firstPage, now: () => clock })) seen.push(page.map((record) => record.id));
  } catch (caught) {
    error = caught;
  }
  return { seen, budgets, pagesAsked, error: error instanceof PagingStopped ? `${error.reason}: ${error.message}` : error };
}

describe('boundedPages', () => {
  it('reads until a short page, keeping a record that shifted onto the next page once', async () => {
    expect(await read([records(1, 2, 3), records(3, 4, 5), records(6)])).toEqual({ seen: [[1, 2, 3], [4, 5], [6]], budgets: expect.any(Array), pagesAsked: [1, 2, 3], error: null });
    expect((await read([records(1, 2, 3), []])).seen).toEqual([[1, 2, 3], []]);
  });

  it('stops on a page that repeats an earlier one, not only the one before', async () => {
    expect(await read([records(1, 2, 3), records(1, 2, 3)])).toMatchObject({ seen: [[1, 2, 3]], error: 'repeat: page 2 repeats records of earlier pages: stopped reading' });
    expect(await read([records(1, 2, 3), records(4, 5, 6), records(1, 2, 3)])).toMatchObject({ seen: [[1, 2, 3], [4, 5, 6]], error: 'repeat: page 3 repeats records of earlier pages: stopped reading' });
    // Records without ids are compared whole.
    expect(await read([[{ a: 1 }, { a: 2 }, { a: 3 }]])).toMatchObject({ seen: [[undefined, undefined, undefined]], error: 'repeat: page 2 repeats records of earlier pages: stopped reading' });
  });

  it('stops after maxPages pages of new records', async () => {
    const { seen, error } = await read(endless);
    expect(seen).toHaveLength(10);
    expect(error).toBe('pages: more than 10 pages of 3: stopped reading');
  });

  it('starts at the page asked, counting maxPages as pages read, not as the page number, and spots a repeat from there', async () => {
    expect(await read(endless, { firstPage: 5, limits: { ...limits, maxPages: 3 } })).toMatchObject({
      pagesAsked: [5, 6, 7], seen: [[13, 14, 15], [16, 17, 18], [19, 20, 21]], error: 'pages: more than 3 pages of 3: stopped reading',
    });
    expect(await read([records(1, 2, 3), records(4, 5, 6)], { firstPage: 2 })).toMatchObject({
      pagesAsked: [2, 3], seen: [[4, 5, 6]], error: 'repeat: page 3 repeats records of earlier pages: stopped reading',
    });
  });

  it('gives each page the time left before the deadline, and stops once it has passed', async () => {
    const { seen, budgets, error } = await read(endless, { msPerPage: 10_000 });
    expect(budgets.map((budget) => budget.timeoutMs)).toEqual([25_000, 15_000, 5_000]);
    expect(seen).toHaveLength(3);
    expect(error).toBe('time: not read in full within 25 s (3 pages): stopped reading');
  });

  it('gives each page the bytes left of the whole reading', async () => {
    const { budgets } = await read(endless, { bytesPerPage: 300 });
    expect(budgets.slice(0, 4).map((budget) => budget.maxBytes)).toEqual([1000, 700, 400, 100]);
  });
});
