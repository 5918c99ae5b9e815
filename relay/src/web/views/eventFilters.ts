/**
 * The filters above the events list (type; real, test or both), read from and written to the query string. Real
 * events by default: the plugin's Send Test Event samples would crowd the top of the list.
 */
import { html } from 'hono/html';
import type { EventFilter } from '../../store/store.ts';
import { eventName, type Html } from '../layout/components.ts';

/** '' is the default: real events only. */
export type EventKind = '' | 'all' | 'test';

export interface EventFilterValues {
  event: string;
  kind: EventKind;
}

export function eventFilterValues(query: Record<string, string | undefined>, slugs: readonly string[]): EventFilterValues {
  // ?test=1 is the older link to "only test events".
  const kind: EventKind = query.kind === 'all' || query.kind === 'test' ? query.kind : query.test === '1' ? 'test' : '';
  return { event: slugs.find((slug) => slug === query.event) ?? '', kind };
}

export function storeEventFilter(values: EventFilterValues): EventFilter {
  return {
    ...(values.event ? { event: values.event } : {}),
    ...(values.kind === 'all' ? { includeTests: true } : { test: values.kind === 'test' }),
  };
}

export function eventFilterQuery(values: EventFilterValues): string {
  return new URLSearchParams(Object.entries(values).filter(([, value]) => value)).toString();
}

const option = (value: string, label: string, selected: string) => html`<option value="${value}"${value === selected ? html` selected` : ''}>${label}</option>`;

export function eventFiltersForm(action: string, values: EventFilterValues, slugs: readonly string[]): Html {
  return html`<form method="get" action="${action}" class="filters" aria-label="Filter events">
  <label>Event type<select name="event">${option('', 'Any type', values.event)}${slugs.map((slug) => option(slug, eventName(slug), values.event))}</select></label>
  <label>Kind<select name="kind">${option('', 'Real events', values.kind)}${option('all', 'Real and test', values.kind)}${option('test', 'Test only (Send Test Event)', values.kind)}</select></label>
  <button>Filter</button>${values.event || values.kind ? html`<a class="button" href="${action}">Clear</a>` : ''}
</form>`;
}
