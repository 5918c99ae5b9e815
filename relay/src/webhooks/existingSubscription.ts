/**
 * Subscribing is idempotent for integrations (Zapier and the like): the same target URL for the same events and
 * integration is the same subscription, so a repeated performSubscribe never makes a second webhook (every event
 * would be delivered, and a Zap run, twice). A person adding webhooks by hand (`manual`) gets what they ask for.
 */
import type { Store } from '../store/store.ts';
import type { Webhook } from '../store/types.ts';

export interface SubscriptionKey {
  url: string;
  events: readonly string[];
  integration: string;
}

const sameEvents = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((slug) => b.includes(slug));

export async function existingSubscription(store: Store, key: SubscriptionKey): Promise<Webhook | undefined> {
  if (key.integration === 'manual') return undefined;
  let before: string | undefined;
  for (;;) {
    const page = await store.listWebhooks({ url: key.url, event: key.events[0], integration: key.integration }, { limit: 100, before });
    const match = page.items.find((webhook) => webhook.url === key.url && sameEvents(webhook.events, key.events));
    if (match || !page.nextCursor) return match;
    before = page.nextCursor;
  }
}
