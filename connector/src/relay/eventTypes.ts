/**
 * The relay's event types (GET /v1/event-types): those that can fire — the catalog's, the connected network's
 * add-on events, and add-on slugs it has received (the relay leaves out events the plugin never posts).
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import type { Payload } from '../catalog/eventCatalog.js';
import { relayRequest } from './relayRequest.js';

export interface RelayEventType {
  slug: string;
  name: string;
  description: string;
  custom: boolean;
  /** False for a type a stock plugin only records and never posts. */
  can_fire?: boolean;
  sample: Payload;
}

export async function listEventTypes(z: ZObject, bundle: Bundle): Promise<RelayEventType[]> {
  const { data } = await relayRequest<{ data: RelayEventType[] }>(z, bundle, { path: '/v1/event-types' });
  return data?.data ?? [];
}
