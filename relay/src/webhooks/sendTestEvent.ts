/** "Send Test Event": the event type's sample, signed, to one webhook only, now; logged as a test attempt. */
import { findEventType } from '../../../shared/events/catalog.ts';
import { attemptOutcome } from '../delivery/attemptOutcome.ts';
import type { WebhookSender } from '../delivery/httpClient.ts';
import { buildOutgoingRequest } from '../delivery/outgoingRequest.ts';
import type { RetryPolicy } from '../delivery/retryPolicy.ts';
import { newId } from '../store/ids.ts';
import type { Store } from '../store/store.ts';
import type { DeliveryAttempt, Webhook } from '../store/types.ts';

/** What Send Test Event needs: the store, the sender, the policy that judges the answer, the clock. */
export interface TestEventDependencies {
  store: Store;
  client: WebhookSender;
  policy: RetryPolicy;
  now: () => number;
}

export interface TestEventResult {
  attempt: DeliveryAttempt;
  eventId: string;
  deliveryId: string;
}

/**
 * The sample for an event type: the catalog's; for an add-on's, the sample the connected network registers, else
 * the latest real payload seen (else a bare one).
 */
export async function samplePayloadFor(relay: Pick<TestEventDependencies, 'store'>, slug: string): Promise<string> {
  const known = findEventType(slug);
  if (known) return JSON.stringify(known.sample);
  const registered = (await relay.store.network.get())?.registeredEvents.find((event) => event.slug === slug);
  if (registered) return JSON.stringify(registered.sample);
  const latest = await relay.store.listEvents({ event: slug }, { limit: 1 });
  return latest.items[0]?.body ?? JSON.stringify({ wu_version: 'test' });
}

export async function sendTestEvent(relay: TestEventDependencies, webhook: Webhook, eventSlug?: string): Promise<TestEventResult> {
  // Without a choice, the sample of its first event (of Payment Received for a webhook of every event).
  const slug = eventSlug ?? (webhook.events[0] === '*' ? 'payment_received' : webhook.events[0]);
  const body = await samplePayloadFor(relay, slug);
  const now = relay.now();
  const { event } = await relay.store.insertEvent({ id: newId('evt'), event: slug, body, isTest: true, source: 'test', idempotencyKey: null, receivedAt: now });
  const delivery = await relay.store.insertDelivery({ id: newId('dlv'), eventId: event.id, webhookId: webhook.id, event: slug, createdAt: now, status: 'pending' });
  const startedAt = relay.now();
  const response = await relay.client.send(
    buildOutgoingRequest({ webhook, eventId: event.id, eventType: slug, deliveryId: delivery.id, attemptNumber: 1, body, now: startedAt }),
  );
  const outcome = attemptOutcome({ claimed: { delivery, webhook, trigger: 'test' }, response, startedAt, policy: relay.policy, now: relay.now() });
  await relay.store.queue.recordDirectAttempt(delivery.id, outcome);
  return { attempt: outcome.attempt, eventId: event.id, deliveryId: delivery.id };
}
