/** The four functions of a REST-hook trigger for one event type, shared by the per-event and the any-event triggers. */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { itemsFromHook } from '../hooks/hookItems.js';
import { recentEventItems } from '../hooks/recentEventItems.js';
import { subscribeWebhook, type SubscribeData } from '../hooks/subscribeWebhook.js';
import { unsubscribeWebhook } from '../hooks/unsubscribeWebhook.js';
import type { EventItem } from '../items/eventItem.js';

export interface HookEventSource {
  /** Which event slug this Zap follows (fixed, or chosen by the user). */
  slug(bundle: Bundle): string;
  /** Its display name, for the relay webhook's name. */
  name(z: ZObject, bundle: Bundle): Promise<string>;
  /** The item to show when the relay has no event of that type yet. */
  sample(z: ZObject, bundle: Bundle): Promise<EventItem>;
}

export interface HookFunctions {
  perform(z: ZObject, bundle: Bundle): Promise<EventItem[]>;
  performList(z: ZObject, bundle: Bundle): Promise<EventItem[]>;
  performSubscribe(z: ZObject, bundle: Bundle): Promise<SubscribeData>;
  performUnsubscribe(z: ZObject, bundle: Bundle): Promise<{ id: string; deleted: boolean }>;
}

export function hookFunctions(source: HookEventSource): HookFunctions {
  return {
    perform: (z, bundle) => itemsFromHook(z, bundle, source.slug(bundle)),
    performList: (z, bundle) => recentEventItems(z, bundle, source.slug(bundle), () => source.sample(z, bundle)),
    performSubscribe: async (z, bundle) => subscribeWebhook(z, bundle, source.slug(bundle), await source.name(z, bundle)),
    performUnsubscribe: (z, bundle) => unsubscribeWebhook(z, bundle),
  };
}
