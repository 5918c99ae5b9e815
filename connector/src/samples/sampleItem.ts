/** The item shown for an event type before the relay has any: its realistic payload through the same field rules. */
import { findCatalogEvent, type Payload } from '../catalog/eventCatalog.js';
import { eventItem, sampleEventId, type EventItem } from '../items/eventItem.js';
import { liveOnlyFields } from '../items/nestedPayload.js';
import { realisticPayload } from './realisticPayload.js';

/** `addOnSample`: for a type the catalog does not know, the latest payload the relay has seen of it. */
export function sampleItem(slug: string, addOnSample: Payload = {}): EventItem {
  const known = findCatalogEvent(slug);
  const payload = known ? realisticPayload(slug, known.sample, liveOnlyFields(slug)) : addOnSample;
  return eventItem(sampleEventId(slug), slug, payload);
}
