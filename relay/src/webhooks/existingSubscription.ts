/**
 * Subscribing is idempotent for integrations (Zapier and the like): the same target URL for the same events and
 * integration is the same subscription, so a repeated performSubscribe never makes a second webhook (every event
 * would be delivered, and a Zap run, twice). A person adding webhooks by hand (`manual`) gets what they ask for.
 */
import type { Webhook } from '../store/types.ts';

export interface SubscriptionKey {
  url: string;
  events: readonly string[];
  integration: string;
}

export const isIdempotentSubscription = (key: SubscriptionKey) => key.integration !== 'manual';

/** The rule the store applies, under its lock, to the webhooks with the same URL and integration. */
export function isSameSubscription(key: SubscriptionKey): (webhook: Webhook) => boolean {
  const wanted = new Set(key.events);
  return (webhook) =>
    webhook.url === key.url && webhook.integration === key.integration &&
    webhook.events.length === key.events.length && webhook.events.every((slug) => wanted.has(slug));
}
