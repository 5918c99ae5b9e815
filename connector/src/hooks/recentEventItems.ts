/** performList ("Test trigger"): the latest real events of a type, newest first; a stable sample when there are none. */
import type { Bundle, ZObject } from 'zapier-platform-core';
import type { Payload } from '../catalog/eventCatalog.js';
import { eventItem, sampleEventId, type EventItem } from '../items/eventItem.js';
import { relayRequest } from '../relay/relayRequest.js';

interface RelayEvent {
  id: string;
  event: string;
  payload: Payload;
}

export async function recentEventItems(z: ZObject, bundle: Bundle, slug: string, samplePayload: () => Promise<Payload>): Promise<EventItem[]> {
  // Zapier wants about three when it loads samples for the editor.
  const limit = bundle.meta?.isLoadingSample ? 3 : 10;
  const { data } = await relayRequest<{ data: RelayEvent[] }>(z, bundle, { path: '/v1/events', params: { event: slug, limit } });
  const events = data?.data ?? [];
  if (events.length > 0) return events.map((event) => eventItem(event.id, event.event, event.payload));
  return [eventItem(sampleEventId(slug), slug, await samplePayload())];
}
