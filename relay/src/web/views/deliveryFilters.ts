/** The filters above a webhook's deliveries (status, event type, time), read from and written to the query string. */
import { html } from 'hono/html';
import type { DeliveryFilter, DeliveryStatus } from '../../store/types.ts';
import { eventName, type Html } from '../layout/components.ts';

const statuses: DeliveryStatus[] = ['pending', 'succeeded', 'failed', 'cancelled'];
export const periods: { value: string; label: string; ms: number }[] = [
  { value: '1h', label: 'Last hour', ms: 3_600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { value: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
];

export interface DeliveryFilterValues {
  status: string;
  event: string;
  period: string;
}

export function deliveryFilterValues(query: Record<string, string | undefined>, events: readonly string[]): DeliveryFilterValues {
  return {
    status: statuses.find((status) => status === query.status) ?? '',
    event: events.find((event) => event === query.event) ?? '',
    period: periods.find((period) => period.value === query.period)?.value ?? '',
  };
}

export function storeFilter(values: DeliveryFilterValues, now: number): Omit<DeliveryFilter, 'webhookId'> {
  const period = periods.find((candidate) => candidate.value === values.period);
  return {
    ...(values.status ? { status: values.status as DeliveryStatus } : {}),
    ...(values.event ? { event: values.event } : {}),
    ...(period ? { createdSince: now - period.ms } : {}),
  };
}

/** The filters as query parameters, for paging links that keep them. */
export function filterQuery(values: DeliveryFilterValues): string {
  return new URLSearchParams(Object.entries(values).filter(([, value]) => value)).toString();
}

const option = (value: string, label: string, selected: string) => html`<option value="${value}"${value === selected ? html` selected` : ''}>${label}</option>`;

export function deliveryFiltersForm(action: string, values: DeliveryFilterValues, events: readonly string[]): Html {
  return html`<form method="get" action="${action}" class="filters" aria-label="Filter deliveries">
  <label>Status<select name="status">${option('', 'Any status', values.status)}${statuses.map((status) => option(status, status, values.status))}</select></label>
  <label>Event<select name="event">${option('', 'Any event', values.event)}${events.map((event) => option(event, eventName(event), values.event))}</select></label>
  <label>Created<select name="period">${option('', 'Any time', values.period)}${periods.map((period) => option(period.value, period.label, values.period))}</select></label>
  <button>Filter</button>${values.status || values.event || values.period ? html`<a class="button" href="${action}">Clear</a>` : ''}
</form>`;
}
