/** Manual redelivery, shared by the API and the web page: one delivery now, or a webhook's failures since a moment. */
import type { Store } from '../store/store.ts';
import { RelayError } from '../relayError.ts';
import type { Delivery, Webhook } from '../store/types.ts';

export interface RetryOptions {
  /** Send again even though the receiver already accepted it (a Zap runs a second time). */
  force?: boolean;
}

/** What redelivery needs: the store, a way to wake this process's worker, the clock. */
export interface RedeliveryDependencies {
  store: Store;
  notifyWorker: () => void;
  now: () => number;
}

export async function retryDelivery(relay: RedeliveryDependencies, deliveryId: string, options: RetryOptions = {}): Promise<{ delivery: Delivery; webhook: Webhook }> {
  const delivery = await relay.store.getDelivery(deliveryId);
  if (!delivery) throw new RelayError(404, 'not_found', `delivery ${JSON.stringify(deliveryId)} does not exist`);
  // A receiver that answered 2xx has acted on it (Zapier ran the Zap): another copy would act twice.
  if (delivery.status === 'succeeded' && !options.force) {
    throw new RelayError(409, 'already_delivered', 'The receiver already accepted this delivery; sending it again would run it twice. Retry with force=true to send it anyway.');
  }
  const webhook = await relay.store.getWebhook(delivery.webhookId);
  if (!webhook) throw new RelayError(409, 'webhook_deleted', 'The webhook of this delivery was deleted.');
  if (!webhook.active) throw new RelayError(409, 'webhook_inactive', 'The webhook is disabled: enable it before retrying.');
  const requeued = await relay.store.queue.requeueDeliveries({ deliveryId: delivery.id }, relay.now());
  if (requeued === 0) throw new RelayError(409, 'in_flight', 'The delivery is being attempted right now; try again in a moment.');
  relay.notifyWorker();
  return { delivery: (await relay.store.getDelivery(delivery.id))!, webhook };
}

/** Deliveries looked at when counting what failed while a webhook was off (newest first); more reads as "at least". */
const countedAtMost = 1000;

/**
 * What failed while a disabled webhook was failing or off, to offer redelivering it when it is switched back on:
 * failed and cancelled deliveries last updated since its run of failures began (or since it was turned off).
 * Null when nothing did.
 */
export async function failedWhileOff(store: Store, webhook: Webhook): Promise<{ since: number; count: number; atLeast: boolean } | null> {
  if (webhook.active) return null;
  const since = webhook.failingSince ?? webhook.updatedAt;
  let count = 0;
  let atLeast = false;
  for (const status of ['failed', 'cancelled'] as const) {
    let before: string | undefined;
    for (let read = 0; ; read += 100) {
      const page = await store.listDeliveries({ webhookId: webhook.id, status }, { limit: 100, before });
      count += page.items.filter((delivery) => delivery.updatedAt >= since).length;
      // Older pages hold deliveries created before the run began: the ones that failed in it are rarely there.
      if (!page.nextCursor || page.items.every((delivery) => delivery.createdAt < since)) break;
      if (read + 100 >= countedAtMost) {
        atLeast = true;
        break;
      }
      before = page.nextCursor;
    }
  }
  return count > 0 ? { since, count, atLeast } : null;
}

/** Requeues the webhook's failed and cancelled deliveries last attempted at or after `since`; how many. */
export async function redeliverFailed(relay: RedeliveryDependencies, webhook: Webhook, since: number): Promise<number> {
  if (!webhook.active) throw new RelayError(409, 'webhook_inactive', 'The webhook is disabled: enable it before redelivering.');
  const requeued = await relay.store.queue.requeueDeliveries({ webhookId: webhook.id, failedSince: since }, relay.now());
  if (requeued > 0) relay.notifyWorker();
  return requeued;
}
