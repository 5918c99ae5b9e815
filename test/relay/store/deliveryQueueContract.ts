/** The delivery queue (`store.queue`): the behaviour every backend must have. Each backend's test file runs it against itself. */
import { describe, expect, it } from 'vitest';
import { newId } from '../../../relay/src/store/ids.ts';
import type { StoreFactory } from '../../support/storeFactories.ts';
import { freshStore, t0, eventOf, outcomeFor } from './contractFixtures.ts';

export function describeDeliveryQueueContract(name: string, factory: StoreFactory) {
  describe(`${name} delivery queue contract`, () => {
    const { store, webhook, claim } = freshStore(factory);

    it('claims due deliveries under a lease, once, and again after the lease expires', async () => {
      const hook = await webhook();
      await store().insertEvent(eventOf('payment_received'));
      await store().insertEvent(eventOf('payment_received', { receivedAt: t0 + 60_000 }));
      const claimed = await claim();
      expect(claimed).toHaveLength(1);
      expect(claimed[0]).toMatchObject({ webhook: { id: hook.id, secret: 'whsec_AAAA' }, body: '{"payment_id":1}', trigger: 'scheduled' });
      expect(await claim({ workerId: 'w2' })).toHaveLength(0);
      const afterExpiry = await claim({ workerId: 'w2', now: t0 + 30_001 });
      expect(afterExpiry.map((c) => c.delivery.id)).toEqual([claimed[0].delivery.id]);
      // The first worker lost its lease: its late result does not change the delivery.
      expect(await store().queue.completeAttempt(claimed[0].delivery.id, 'w1', outcomeFor(claimed[0], { ok: true }))).toBe(false);
      expect((await store().getDelivery(claimed[0].delivery.id))!.status).toBe('pending');
      expect(await store().queue.completeAttempt(claimed[0].delivery.id, 'w2', outcomeFor(afterExpiry[0], { ok: true }))).toBe(true);
      expect((await store().getDelivery(claimed[0].delivery.id))!.status).toBe('succeeded');
      expect((await store().listAttempts({ deliveryId: claimed[0].delivery.id }, { limit: 10 })).items).toHaveLength(2);
    });
    it('never hands one delivery to two concurrent claimers', async () => {
      await webhook();
      await webhook();
      await Promise.all(Array.from({ length: 60 }, () => store().insertEvent(eventOf('payment_received'))));
      const claims = await Promise.all(Array.from({ length: 6 }, (_, i) => claim({ workerId: `w${i}`, limit: 30 })));
      // A concurrent claimer may skip rows another one is locking right now; what is left is claimed after.
      const rest = await claim({ workerId: 'w9', limit: 120 });
      const ids = [...claims.flat(), ...rest].map((c) => c.delivery.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(120);
      // Only the claimer holding the lease can complete the delivery.
      const owned = [...claims.flatMap((items, i) => items.map((item) => ({ item, owner: `w${i}` }))), ...rest.map((item) => ({ item, owner: 'w9' }))];
      const { item, owner } = owned[0];
      expect(await store().queue.completeAttempt(item.delivery.id, 'w-other', outcomeFor(item, { ok: true }))).toBe(false);
      expect(await store().queue.completeAttempt(item.delivery.id, owner, outcomeFor(item, { ok: true }))).toBe(true);
    });
    it('limits a claim per webhook, skips excluded and inactive webhooks', async () => {
      const busy = await webhook('payment_received');
      const other = await webhook('payment_received');
      for (let i = 0; i < 5; i++) await store().insertEvent(eventOf('payment_received'));
      const limited = await claim({ perWebhookLimit: 2 });
      expect(limited.filter((c) => c.webhook.id === busy.id)).toHaveLength(2);
      expect(limited.filter((c) => c.webhook.id === other.id)).toHaveLength(2);
      await store().queue.releaseLeases('w1', limited.map((c) => c.delivery.id));
      expect((await claim({ excludeWebhookIds: [busy.id] })).every((c) => c.webhook.id === other.id)).toBe(true);
      await store().queue.releaseLeases('w1', (await store().listDeliveries({}, { limit: 100 })).items.map((d) => d.id));
      await store().updateWebhook(other.id, { active: false }, t0);
      expect((await claim()).every((c) => c.webhook.id === busy.id)).toBe(true);
    });
    it('claims around busy webhooks however large their backlog: the others’ due deliveries, oldest first, per-webhook limit kept', async () => {
      const busy = await webhook('payment_received');
      const quiet = await webhook('site_published');
      const late = await webhook('domain_created');
      for (let i = 0; i < 600; i++) await store().insertEvent(eventOf('payment_received', { receivedAt: t0 - 10_000 + i }));
      for (let i = 0; i < 5; i++) await store().insertEvent(eventOf('site_published', { receivedAt: t0 - 100 + i }));
      await store().insertEvent(eventOf('domain_created', { receivedAt: t0 - 1000 }));
      await store().insertEvent(eventOf('domain_created', { receivedAt: t0 + 60_000 })); // not due yet
      const [inFlight] = await claim({ limit: 1, perWebhookLimit: 1, excludeWebhookIds: [busy.id] });
      expect(inFlight.webhook.id).toBe(late.id); // the oldest due among the webhooks that are not busy

      const claimed = await claim({ limit: 4, perWebhookLimit: 3, excludeWebhookIds: [busy.id] });
      expect(claimed.map((c) => c.webhook.id)).toEqual([quiet.id, quiet.id, quiet.id]);
      expect(claimed.map((c) => c.delivery.createdAt)).toEqual([t0 - 100, t0 - 99, t0 - 98]);
      expect(await claim({ excludeWebhookIds: [busy.id, quiet.id] })).toHaveLength(0); // late's only due one is leased
    });
    it('applies outcomes: retry later, success stats, failure clock, disabling cancels pending', async () => {
      const hook = await webhook();
      await store().insertEvent(eventOf('payment_received'));
      await store().insertEvent(eventOf('payment_received'));
      const [first, second] = await claim();
      await store().queue.completeAttempt(first.delivery.id, 'w1', outcomeFor(first, { ok: false, status: 'pending', nextAttemptAt: t0 + 5000, at: t0 }));
      expect(await store().getDelivery(first.delivery.id)).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: t0 + 5000, lastStatusCode: 500, lastError: 'HTTP 500' });
      expect(await store().getWebhook(hook.id)).toMatchObject({ failingSince: t0, lastFailureAt: t0 + 5 });
      // The retry is due at +5 s; the other, still leased, not before its lease ends at +30 s.
      expect(await store().queue.nextDueAt()).toBe(t0 + 5000);
      await store().queue.completeAttempt(second.delivery.id, 'w1', outcomeFor(second, { ok: true, at: t0 + 10 }));
      expect(await store().getWebhook(hook.id)).toMatchObject({ deliveriesSucceeded: 1, failingSince: null, lastSuccessAt: t0 + 15 });
      expect(await claim({ now: t0 + 4999 })).toHaveLength(0);
      const [retry] = await claim({ now: t0 + 5000 });
      expect(retry.delivery.attempts).toBe(1);
      await store().queue.completeAttempt(retry.delivery.id, 'w1', outcomeFor(retry, { ok: false, status: 'cancelled', disableWebhookReason: '410 Gone', at: t0 + 5000 }));
      expect(await store().getWebhook(hook.id)).toMatchObject({ active: false, disabledReason: '410 Gone' });
      await store().insertEvent(eventOf('payment_received'));
      expect((await store().reports.stats()).pendingDeliveries).toBe(0);
    });
    it('requeues one delivery or a webhook’s failures since a moment, as manual attempts', async () => {
      const hook = await webhook();
      for (let i = 0; i < 3; i++) await store().insertEvent(eventOf('payment_received'));
      const claimed = await claim();
      for (const [index, item] of claimed.entries()) {
        await store().queue.completeAttempt(item.delivery.id, 'w1', outcomeFor(item, { ok: index === 0, status: index === 0 ? 'succeeded' : 'failed', at: t0 + index * 1000 }));
      }
      expect(await store().queue.requeueDeliveries({ webhookId: hook.id, failedSince: t0 + 1500 }, t0 + 10_000)).toBe(1);
      expect(await store().queue.requeueDeliveries({ deliveryId: claimed[0].delivery.id }, t0 + 10_000)).toBe(1);
      const again = await claim({ now: t0 + 10_000 });
      expect(again.map((c) => c.delivery.id).sort()).toEqual([claimed[0].delivery.id, claimed[2].delivery.id].sort());
      expect(again.every((c) => c.trigger === 'manual')).toBe(true);
    });
    it('marks a manual retry of a still-pending delivery so that its automatic retries go on', async () => {
      await webhook();
      await store().insertEvent(eventOf('payment_received'));
      const [first] = await claim();
      await store().queue.completeAttempt(first.delivery.id, 'w1', outcomeFor(first, { ok: false, status: 'pending', nextAttemptAt: t0 + 60_000 }));
      expect(await store().queue.requeueDeliveries({ deliveryId: first.delivery.id }, t0 + 1000)).toBe(1);
      const [again] = await claim({ now: t0 + 1000 });
      expect(again).toMatchObject({ delivery: { id: first.delivery.id, attempts: 1 }, trigger: 'manual-pending' });
    });
    it('records a direct (test) attempt without touching the webhook’s health', async () => {
      const hook = await webhook();
      const { event } = await store().insertEvent(eventOf('payment_received', { isTest: true, source: 'test' }));
      const delivery = await store().insertDelivery({ id: newId('dlv'), eventId: event.id, webhookId: hook.id, event: 'payment_received', createdAt: t0, status: 'pending' });
      expect(await claim()).toHaveLength(0);
      await store().queue.recordDirectAttempt(delivery.id, outcomeFor({ delivery, webhook: hook, body: '{}', trigger: 'test', recovered: false }, { ok: false, status: 'failed' }));
      expect(await store().getDelivery(delivery.id)).toMatchObject({ status: 'failed', attempts: 1 });
      const [attempt] = (await store().listAttempts({ webhookId: hook.id }, { limit: 5 })).items;
      expect(attempt).toMatchObject({ trigger: 'test', ok: false, statusCode: 500 });
      expect(await store().getWebhook(hook.id)).toMatchObject({ failingSince: null, deliveriesFailed: 0 });
    });
  });
}
