/** The four functions of a REST-hook trigger for one event type, shared by the per-event and the any-event triggers. */
import type { Bundle, ZObject } from 'zapier-platform-core';
import type { Payload } from '../catalog/eventCatalog.js';
import { recentEventItems } from '../hooks/recentEventItems.js';
import { subscribeWebhook, type SubscribeData } from '../hooks/subscribeWebhook.js';
import { unsubscribeWebhook } from '../hooks/unsubscribeWebhook.js';
import type { EventItem } from '../items/eventItem.js';
import { itemFromHook } from '../items/itemFromHook.js';

export interface HookEventSource {
  /** Which event slug this Zap follows (fixed, or chosen by the user). */
  slug(bundle: Bundle): string;
  /** Its display name, for the relay webhook's name. */
  name(z: ZObject, bundle: Bundle): Promise<string>;
  /** The payload to show when the relay has no event of that type yet. */
  samplePayload(z: ZObject, bundle: Bundle): Promise<Payload>;
}

export interface HookFunctions {
  perform(z: ZObject, bundle: Bundle): Promise<EventItem[]>;
  performList(z: ZObject, bundle: Bundle): Promise<EventItem[]>;
  performSubscribe(z: ZObject, bundle: Bundle): Promise<SubscribeData>;
  performUnsubscribe(z: ZObject, bundle: Bundle): Promise<{ id: string; deleted: boolean }>;
}

export function hookFunctions(source: HookEventSource): HookFunctions {
  return {
    perform: async (_z, bundle) => itemFromHook(bundle, source.slug(bundle)),
    performList: (z, bundle) => recentEventItems(z, bundle, source.slug(bundle), () => source.samplePayload(z, bundle)),
    performSubscribe: async (z, bundle) => subscribeWebhook(z, bundle, source.slug(bundle), await source.name(z, bundle)),
    performUnsubscribe: (z, bundle) => unsubscribeWebhook(z, bundle),
  };
}
