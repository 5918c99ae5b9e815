/**
 * performList ("Test trigger"): the newest real events of the type (those the trigger's filters let through),
 * newest first; else the newest test event the network sent (the plugin's "Send Test Event": it carries the
 * network's own URLs); else the realistic sample. Always the same items perform gives.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import type { Payload } from '../catalog/eventCatalog.js';
import { eventItem, type EventItem } from '../items/eventItem.js';
import { mappingContext } from '../items/mappingContext.js';
import { relayRequest } from '../relay/relayRequest.js';
import { eventItemWithKnown } from './knownRecords.js';
import { filteredOutBecause } from '../triggers/triggerFilters.js';

interface RelayEvent {
  id: string;
  event: string;
  payload: Payload;
  test?: boolean;
}

async function listEvents(z: ZObject, bundle: Bundle, params: Record<string, string | number>): Promise<RelayEvent[]> {
  const { data } = await relayRequest<{ data: RelayEvent[] }>(z, bundle, { path: '/v1/events', params });
  return data?.data ?? [];
}

export async function recentEventItems(z: ZObject, bundle: Bundle, slug: string, sample: () => Promise<EventItem>): Promise<EventItem[]> {
  const context = mappingContext(bundle);
  // Zapier wants about three when it loads samples for the editor.
  const limit = bundle.meta?.isLoadingSample ? 3 : 10;
  const events = await listEvents(z, bundle, { event: slug, limit });
  const real = (await Promise.all(events.map((event) => eventItemWithKnown(z, bundle, event.id, event.event, event.payload, context))))
    .filter((item) => filteredOutBecause(item, bundle.inputData) === null);
  if (real.length > 0) return real;
  const [newest] = await listEvents(z, bundle, { event: slug, limit: 1, include_tests: 'true' });
  if (newest?.test) return [eventItem(newest.id, newest.event, newest.payload, context)];
  return [await sample()];
}
