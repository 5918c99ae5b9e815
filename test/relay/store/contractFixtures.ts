/** What the store contract suites share: a moment, an event, an attempt's outcome, a fresh store with a webhook and a claim on it. */
import { afterEach, beforeEach } from 'vitest';
import { newId } from '../../../relay/src/store/ids.ts';
import type { Store } from '../../../relay/src/store/store.ts';
import { recordedTrigger, type AttemptOutcome, type ClaimedDelivery, type NewEvent } from '../../../relay/src/store/types.ts';
import type { StoreFactory } from '../../support/storeFactories.ts';

export const t0 = 1_800_000_000_000;

export const eventOf = (event: string, extra: Partial<NewEvent> = {}): NewEvent => ({
  id: newId('evt'),
  event,
  body: JSON.stringify({ payment_id: 1 }),
  isTest: false,
  source: 'ingest',
  idempotencyKey: null,
  receivedAt: t0,
  ...extra,
});

export function outcomeFor(claimed: ClaimedDelivery, result: Partial<AttemptOutcome> & { ok: boolean; at?: number }): AttemptOutcome {
  const at = result.at ?? t0;
  return {
    attempt: {
      id: newId('att'), deliveryId: claimed.delivery.id, webhookId: claimed.webhook.id, eventId: claimed.delivery.eventId,
      attemptNumber: claimed.delivery.attempts + 1, trigger: recordedTrigger(claimed.trigger), startedAt: at, durationMs: 5,
      ok: result.ok, statusCode: result.ok ? 200 : 500, error: result.ok ? null : 'HTTP 500', responseExcerpt: 'x',
    },
    status: result.status ?? (result.ok ? 'succeeded' : 'pending'),
    nextAttemptAt: result.nextAttemptAt ?? null,
    disableWebhookReason: result.disableWebhookReason ?? null,
  };
}

/** A fresh store for each test of the calling suite (`store()` is the current one), with a webhook and a claim on it. */
export function freshStore(factory: StoreFactory) {
  let current: Store;
  beforeEach(async () => {
    current = await factory.create();
  });
  afterEach(async () => {
    await factory.destroy(current);
  });
  const store = () => current;
  return { store, ...storeHelpers(store) };
}

/** A webhook and a claim on the store under test (read when called: each test has a fresh one). */
export function storeHelpers(store: () => Store) {
  return {
    webhook: (event: string | string[] = 'payment_received', extra: { active?: boolean; integration?: string } = {}) =>
      store().createWebhook({ id: newId('wh'), name: 'Hook', url: 'http://127.0.0.1:9/h', events: typeof event === 'string' ? [event] : event, integration: extra.integration ?? 'manual', active: extra.active ?? true, secret: 'whsec_AAAA', createdAt: t0 }),
    claim: (extra: Partial<Parameters<Store['queue']['claimDueDeliveries']>[0]> = {}) =>
      store().queue.claimDueDeliveries({ workerId: 'w1', now: t0, limit: 100, leaseMs: 30_000, perWebhookLimit: 100, excludeWebhookIds: [], ...extra }),
  };
}
