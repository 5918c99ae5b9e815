/**
 * One Zapier item per relay event, the same shape from a live hook (perform) and from "Test trigger" (performList):
 * every payload field, plus `id` (the relay's event id, also the deliveries' webhook-id header, so the same event
 * always has the same id) and `event` (its slug). A payload's own `id`/`event` move to `payload_id`/`payload_event`.
 */
import type { Payload } from '../catalog/eventCatalog.js';

export interface EventItem extends Payload {
  id: string;
  event: string;
}

const renamedPayloadKeys: Record<string, string> = { id: 'payload_id', event: 'payload_event' };

export function eventItem(id: string, slug: string, payload: Payload): EventItem {
  const item: EventItem = { id, event: slug };
  for (const [key, value] of Object.entries(payload)) item[renamedPayloadKeys[key] ?? key] = value;
  return item;
}

/** The id of a sample shown when the relay has no event of that type yet: stable, and never a real event's. */
export function sampleEventId(slug: string): string {
  return `sample_${slug}`;
}
