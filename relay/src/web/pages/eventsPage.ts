/** Events received, newest first, each with its payload and its deliveries to every webhook. */
import { isCursor } from '../../store/cursor.ts';
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { RelayContext } from '../../relayContext.ts';
import type { Delivery, RelayEvent, Webhook } from '../../store/types.ts';
import { badge, deliveryBadge, eventLabel, jsonBlock, timeTag, type Html } from '../layout/components.ts';
import { listEventTypes } from '../../eventTypes/eventTypeListing.ts';
import { eventFilterQuery, eventFiltersForm, eventFilterValues, storeEventFilter } from '../views/eventFilters.ts';
import { eventSummary } from '../views/eventSummary.ts';
import { layout } from '../layout/layout.ts';
import { uiPath } from '../session/session.ts';
import type { WebEnv } from '../session/webEnv.ts';

function summaryLine(event: RelayEvent): Html {
  const facts = eventSummary(event.body);
  if (facts.length === 0) return html``;
  return html`<dl class="summary">${facts.map((fact) => html`<div><dt>${fact.label}</dt><dd title="${fact.field}">${fact.value}</dd></div>`)}</dl>`;
}

function eventItem(event: RelayEvent, deliveries: Delivery[], webhooks: Map<string, Webhook | null>, open: boolean): Html {
  return html`<li class="card event" data-event-id="${event.id}">
  <div class="row between"><h2>${eventLabel(event.event)} ${event.isTest ? badge('test', 'info') : ''}</h2>
  <span class="muted small">${timeTag(event.receivedAt)} · ${event.source === 'api' ? 'via API' : event.source === 'test' ? 'Send Test Event' : event.source === 'recovered' ? "recovered from the plugin's send log" : 'via ingest URL'} · <code>${event.id}</code></span></div>
  ${summaryLine(event)}
  <div class="row delivered">${deliveries.length
    ? html`<ul class="deliveries">${deliveries.map((delivery) => {
        const webhook = webhooks.get(delivery.webhookId);
        return html`<li>${deliveryBadge(delivery.status)} ${webhook ? html`<a href="${uiPath}/webhooks/${encodeURIComponent(webhook.id)}">${webhook.name}</a>` : html`<span class="muted">deleted webhook</span>`}
          <span class="muted small">${delivery.attempts} ${delivery.attempts === 1 ? 'attempt' : 'attempts'}${delivery.lastStatusCode ? `, HTTP ${delivery.lastStatusCode}` : ''}</span></li>`;
      })}</ul>`
    : html`<span class="muted small">${event.isTest ? 'A test event: not fanned out to webhooks.' : 'No webhook subscribed to this event when it arrived.'}</span>`}
  <details${open ? html` open` : ''}><summary>Payload</summary>${jsonBlock(event.body, 'payload')}</details></div>
</li>`;
}

export function eventsPage(relay: RelayContext) {
  return new Hono<WebEnv>().get('/events', async (c) => {
    const eventId = c.req.query('event_id');
    const slugs = (await listEventTypes(relay, { all: true })).map((eventType) => eventType.slug);
    const filters = eventFilterValues(c.req.query(), slugs);
    const before = c.req.query('before');
    let events: RelayEvent[];
    let nextCursor: string | null = null;
    if (eventId) {
      const one = await relay.store.getEvent(eventId);
      events = one ? [one] : [];
    } else {
      const page = await relay.store.listEvents(storeEventFilter(filters), { limit: 20, before: isCursor(before) ? before : undefined });
      events = page.items;
      nextCursor = page.nextCursor;
    }
    // Tests hidden by default: say so when there are some, with the way to see them.
    const hiddenTests = !eventId && filters.kind === '' && (await relay.store.listEvents({ ...storeEventFilter(filters), test: true }, { limit: 1 })).items.length > 0;
    const webhooks = new Map<string, Webhook | null>();
    const withDeliveries = await Promise.all(
      events.map(async (event) => ({ event, deliveries: (await relay.store.listDeliveries({ eventId: event.id }, { limit: 100 })).items })),
    );
    for (const { deliveries } of withDeliveries) {
      for (const delivery of deliveries) if (!webhooks.has(delivery.webhookId)) webhooks.set(delivery.webhookId, await relay.store.getWebhook(delivery.webhookId));
    }
    const body = html`<div class="row between"><h1>${eventId ? 'Event' : 'Recent events'}</h1><a class="button small" href="${uiPath}/events">${eventId ? 'All events' : 'Refresh'}</a></div>
${eventId ? '' : html`<p class="lead">What the relay received, newest first, and where each went. Ingest URLs are on <a href="${uiPath}/event-types">Event types</a>.</p>
${eventFiltersForm(`${uiPath}/events`, filters, slugs)}
${hiddenTests ? html`<p class="hint">Test events (Send Test Event) are hidden: <a href="?${eventFilterQuery({ ...filters, kind: 'all' })}">show them too</a>.</p>` : ''}`}
${withDeliveries.length
  ? html`<ul class="cards">${withDeliveries.map(({ event, deliveries }) => eventItem(event, deliveries, webhooks, Boolean(eventId)))}</ul>`
  : html`<p class="card empty">${eventId ? 'This event does not exist.' : eventFilterQuery(filters) ? 'No event matches these filters.' : 'No events received yet. Connect your network, or paste an ingest URL into Ultimate Multisite.'}</p>`}
${nextCursor ? html`<p><a href="?${eventFilterQuery(filters) ? `${eventFilterQuery(filters)}&` : ''}before=${nextCursor}">Older events →</a></p>` : ''}`;
    return c.html(layout({ title: 'Events', nav: { active: 'events', csrfToken: c.get('csrfToken') } }, body));
  });
}
