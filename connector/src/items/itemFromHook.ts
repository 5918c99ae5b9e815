/** perform: the relay's POST to a Zap's hook URL, as Zapier hands it over, turned into one item. */
import { createHash } from 'node:crypto';
import type { Bundle } from 'zapier-platform-core';
import type { Payload } from '../catalog/eventCatalog.js';
import { eventItem, type EventItem } from './eventItem.js';

/** Zapier renames request headers ("webhook-id" → "Http-Webhook-Id"); accept either spelling, any case. */
function header(bundle: Bundle, name: string): string | undefined {
  const headers = bundle.rawRequest?.headers ?? {};
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase().replace(/^http-/, '') === name) return value;
  }
  return undefined;
}

function isPayload(value: unknown): value is Payload {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function itemFromHook(bundle: Bundle, expectedSlug: string): EventItem[] {
  const body: unknown = bundle.cleanedRequest;
  if (!isPayload(body)) throw new Error('The relay posted something that is not a JSON object; expected an Ultimate Multisite event payload.');
  // The relay always sends webhook-id; a POST without it did not come from the relay, but still gets an id that
  // is the same each time the same body arrives, so that a repeat is recognisable downstream.
  const id = header(bundle, 'webhook-id') ?? `body_${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 24)}`;
  const slug = header(bundle, 'x-um-event') ?? expectedSlug;
  return [eventItem(id, slug, body)];
}
