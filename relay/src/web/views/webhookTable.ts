/**
 * The webhooks table: every webhook with its last 24 h (success rate, failures, pending retries, last delivery),
 * searched, sorted and paged on the server from the query string, so links and the back button keep the view.
 * Webhooks are few (tens to hundreds): the table sorts them in memory, with the activity from one grouped query.
 */
import type { Webhook, WebhookActivity } from '../../store/types.ts';
import { eventName } from '../layout/components.ts';

export const sortKeys = ['name', 'status', 'success', 'failures', 'pending', 'last'] as const;
export type SortKey = (typeof sortKeys)[number];
export type SortDirection = 'asc' | 'desc';

export interface TableQuery {
  search: string;
  sort: SortKey | null;
  direction: SortDirection;
  page: number;
}

export const pageSize = 25;

export interface WebhookRow {
  webhook: Webhook;
  activity: WebhookActivity;
}

/** One choice per sort and direction, each saying what comes first: a sort and an order cannot contradict. */
export const sortOrders: { sort: SortKey; direction: SortDirection; label: string }[] = [
  { sort: 'status', direction: 'asc', label: 'Failing first' },
  { sort: 'name', direction: 'asc', label: 'Name, A to Z' },
  { sort: 'name', direction: 'desc', label: 'Name, Z to A' },
  { sort: 'success', direction: 'asc', label: 'Lowest success rate first' },
  { sort: 'success', direction: 'desc', label: 'Highest success rate first' },
  { sort: 'failures', direction: 'desc', label: 'Most failures first' },
  { sort: 'failures', direction: 'asc', label: 'Fewest failures first' },
  { sort: 'pending', direction: 'desc', label: 'Most retrying first' },
  { sort: 'pending', direction: 'asc', label: 'Fewest retrying first' },
  { sort: 'last', direction: 'desc', label: 'Latest delivery first' },
  { sort: 'last', direction: 'asc', label: 'Oldest delivery first' },
  { sort: 'status', direction: 'desc', label: 'Healthy first' },
];

export function tableQuery(query: Record<string, string | undefined>): TableQuery {
  // The Sort menu sends order=<sort>-<direction>; the column headers sort= and dir=.
  const [orderSort, orderDirection] = (query.order ?? '').split('-');
  if (query.order !== undefined) query = { ...query, sort: orderSort, dir: orderDirection };
  const sort = sortKeys.find((key) => key === query.sort) ?? null;
  const page = Number.parseInt(query.page ?? '1', 10);
  return {
    search: (query.q ?? '').trim().slice(0, 200),
    sort,
    direction: query.dir === 'desc' ? 'desc' : 'asc',
    page: Number.isSafeInteger(page) && page > 0 ? page : 1,
  };
}

/** Share of successful attempts (tests apart), or null with none. */
export const successRate = (activity: WebhookActivity): number | null =>
  activity.succeeded + activity.failed === 0 ? null : activity.succeeded / (activity.succeeded + activity.failed);

/** Failing first, then disabled, then healthy: what needs a look sorts to the top. */
const statusRank = (webhook: Webhook) => (!webhook.active ? 1 : webhook.failingSince ? 0 : 2);

const sortValue: Record<SortKey, (row: WebhookRow) => number | string> = {
  name: (row) => row.webhook.name.toLocaleLowerCase(),
  status: (row) => statusRank(row.webhook),
  success: (row) => successRate(row.activity) ?? 2,
  failures: (row) => row.activity.failed,
  pending: (row) => row.activity.retrying,
  last: (row) => row.activity.lastAttempt?.at ?? 0,
};

function matches(webhook: Webhook, search: string): boolean {
  if (!search) return true;
  const needle = search.toLocaleLowerCase();
  const haystack = [webhook.name, webhook.url, webhook.integration, webhook.id, ...webhook.events, ...webhook.events.map(eventName)];
  return haystack.some((text) => text.toLocaleLowerCase().includes(needle));
}

export function tableRows(rows: WebhookRow[], query: TableQuery): { rows: WebhookRow[]; total: number; pages: number; page: number } {
  const found = rows.filter((row) => matches(row.webhook, query.search));
  if (query.sort) {
    const value = sortValue[query.sort];
    const sign = query.direction === 'asc' ? 1 : -1;
    // Stable: equal values keep the newest-first order the store gave.
    found.sort((a, b) => {
      const [x, y] = [value(a), value(b)];
      return x < y ? -sign : x > y ? sign : 0;
    });
  }
  const pages = Math.max(1, Math.ceil(found.length / pageSize));
  const page = Math.min(query.page, pages);
  return { rows: found.slice((page - 1) * pageSize, page * pageSize), total: found.length, pages, page };
}

/** The query string for a view of the table (empty parts left out). */
export function tableHref(query: TableQuery, change: Partial<TableQuery>): string {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  if (next.search) params.set('q', next.search);
  if (next.sort) (params.set('sort', next.sort), params.set('dir', next.direction));
  if (next.page > 1) params.set('page', String(next.page));
  const text = params.toString();
  return text ? `?${text}` : '?';
}
