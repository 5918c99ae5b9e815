/** Pacing, as every storage backend must do it: rate limits reserve send slots in the claim, a 429 pauses a budget. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../../relay/src/store/ids.ts';
import type { Store } from '../../../relay/src/store/store.ts';
import { recordedTrigger, type AttemptOutcome, type ClaimedDelivery } from '../../../relay/src/store/types.ts';
import { paceLookaheadMs, paceHeadroom, type RateLimitSetting } from '../../../relay/src/store/webhookPace.ts';
import type { StoreFactory } from '../../support/storeFactories.ts';

const t0 = 1_800_000_000_000;

export function describePacingContract(name: string, factory: StoreFactory) {
  describe(`${name} store pacing contract`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory.create();
    });
    afterEach(async () => {
      await factory.destroy(store);
    });

    const webhook = (url: string, rateLimit: RateLimitSetting = null) =>
      store.createWebhook({ id: newId('wh'), name: 'Hook', url, events: ['payment_received'], integration: 'manual', active: true, secret: 'whsec_AAAA', rateLimit, createdAt: t0 });
    const emit = async (count: number) => {
      for (let i = 0; i < count; i++) {
        await store.insertEvent({ id: newId('evt'), event: 'payment_received', body: `{"payment_id":${i}}`, isTest: false, source: 'ingest', idempotencyKey: null, receivedAt: t0 + i });
      }
    };
    const claim = (now: number, extra: Partial<Parameters<Store['queue']['claimDueDeliveries']>[0]> = {}) =>
      store.queue.claimDueDeliveries({ workerId: 'w1', now, limit: 100, leaseMs: 30_000, perWebhookLimit: 100, excludeWebhookIds: [], ...extra });
    const slowDown = (claimed: ClaimedDelivery, at: number, pausedUntil: number): AttemptOutcome => ({
      attempt: {
        id: newId('att'), deliveryId: claimed.delivery.id, webhookId: claimed.webhook.id, eventId: claimed.delivery.eventId,
        attemptNumber: claimed.delivery.attempts + 1, trigger: recordedTrigger(claimed.trigger), startedAt: at, durationMs: 5,
        ok: false, statusCode: 429, error: 'HTTP 429: receiver asked to slow down', responseExcerpt: null,
      },
      status: 'pending',
      nextAttemptAt: claimed.delivery.nextAttemptAt,
      disableWebhookReason: null,
      pausedUntil,
    });

    it('keeps a rate limit, and gives a Zapier hook Zapier’s limits unless one is set', async () => {
      const plain = await webhook('http://127.0.0.1:9/h');
      const zap = await webhook('https://hooks.zapier.com/hooks/catch/123/abc/');
      const custom = await webhook('http://127.0.0.1:9/h', { perSecond: 5, perWindow: null, windowMs: null });
      expect([plain.rateLimit, zap.rateLimit, custom.rateLimit]).toEqual([null, null, { perSecond: 5, perWindow: null, windowMs: null }]);
      expect(await store.updateWebhook(zap.id, { rateLimit: 'none' }, t0)).toMatchObject({ rateLimit: 'none' });
      expect(await store.updateWebhook(custom.id, { rateLimit: null }, t0)).toMatchObject({ rateLimit: null });
    });

    it('spaces a limited webhook’s sends: slots one interval apart up to the lookahead, the next claim after them', async () => {
      await webhook('http://127.0.0.1:9/h', { perSecond: 10, perWindow: null, windowMs: null });
      await emit(20);
      const interval = 100 * paceHeadroom;
      const first = await claim(t0 + 100);
      const expected = Math.floor(paceLookaheadMs / interval) + 1;
      expect(first.map((item) => item.sendAt)).toEqual(Array.from({ length: expected }, (_, i) => t0 + 100 + i * interval));
      // In order of arrival.
      expect(first.map((item) => JSON.parse(item.body).payment_id)).toEqual(Array.from({ length: expected }, (_, i) => i));
      // At the same moment nothing is left within the lookahead; later, the slots go on from where they stopped.
      expect(await claim(t0 + 100)).toEqual([]);
      const later = await claim(t0 + 100 + interval * 3);
      expect(later.map((item) => item.sendAt)).toEqual([t0 + 100 + expected * interval, t0 + 100 + (expected + 1) * interval, t0 + 100 + (expected + 2) * interval]);
      expect(later.map((item) => JSON.parse(item.body).payment_id)).toEqual([expected, expected + 1, expected + 2]);
    });

    it('the stricter of per second and per window sets the spacing, and a Zapier account’s hooks share one budget', async () => {
      await webhook('https://hooks.zapier.com/hooks/catch/123/aaa/');
      await webhook('https://hooks.zapier.com/hooks/catch/123/bbb/');
      const otherAccount = await webhook('https://hooks.zapier.com/hooks/catch/456/ccc/');
      await emit(20);
      const claimed = await claim(t0 + 100);
      const zapierInterval = (1000 / 30) * paceHeadroom;
      const perBudget = Math.floor(paceLookaheadMs / zapierInterval) + 1;
      const shared = claimed.filter((item) => item.webhook.id !== otherAccount.id);
      const own = claimed.filter((item) => item.webhook.id === otherAccount.id);
      // Account 123's two hooks draw on one budget: as many slots as one hook, spaced by Zapier's 30/s.
      expect(shared).toHaveLength(perBudget);
      expect(new Set(shared.map((item) => item.webhook.id)).size).toBe(2);
      expect(shared.map((item) => item.sendAt)).toEqual(Array.from({ length: perBudget }, (_, i) => t0 + 100 + i * zapierInterval));
      expect(own).toHaveLength(perBudget);
      // A window limit stricter than the per-second one: 60 per minute spaces sends a second apart.
      const slow = await webhook('http://127.0.0.1:9/slow', { perSecond: 30, perWindow: 60, windowMs: 60_000 });
      await emit(1);
      const slowClaims = (await claim(t0 + 200)).filter((item) => item.webhook.id === slow.id);
      expect(slowClaims).toHaveLength(1);
    });

    it('a receiver asking to slow down: no attempt spent, the delivery keeps its place, the webhook pauses until then, others go on', async () => {
      const throttled = await webhook('http://127.0.0.1:9/throttled');
      const other = await webhook('http://127.0.0.1:9/other');
      await emit(3);
      const claimed = await claim(t0 + 10);
      const mine = claimed.filter((item) => item.webhook.id === throttled.id);
      expect(mine).toHaveLength(3);
      for (const item of mine) expect(await store.queue.completeAttempt(item.delivery.id, 'w1', slowDown(item, t0 + 20, t0 + 5000))).toBe(true);
      await store.queue.releaseLeases('w1', claimed.filter((item) => item.webhook.id === other.id).map((item) => item.delivery.id));
      const deliveries = (await store.listDeliveries({ webhookId: throttled.id }, { limit: 10 })).items;
      expect(deliveries.map((d) => [d.status, d.attempts, d.nextAttemptAt, d.lastStatusCode])).toEqual(mine.map((item) => ['pending', 0, item.delivery.nextAttemptAt, 429]).reverse());
      // Each 429 is in the attempt log; the webhook's health is untouched.
      expect((await store.listAttempts({ webhookId: throttled.id }, { limit: 10 })).items.map((a) => a.statusCode)).toEqual([429, 429, 429]);
      expect(await store.getWebhook(throttled.id)).toMatchObject({ failingSince: null, deliveriesFailed: 0, lastFailureAt: null });
      // Paused: only the other webhook's deliveries are claimable until the pause ends, then the throttled ones in order.
      expect(new Set((await claim(t0 + 4000)).map((item) => item.webhook.id))).toEqual(new Set([other.id]));
      const resumed = await claim(t0 + 5000);
      expect(resumed.map((item) => item.delivery.id)).toEqual(mine.map((item) => item.delivery.id));
    });

    it('a pause on a paced budget pushes its next slot out', async () => {
      await webhook('http://127.0.0.1:9/h', { perSecond: 10, perWindow: null, windowMs: null });
      await emit(5);
      const [first] = await claim(t0, { limit: 1 });
      await store.queue.completeAttempt(first.delivery.id, 'w1', slowDown(first, t0, t0 + 3000));
      expect(await claim(t0 + 2000)).toEqual([]);
      const after = await claim(t0 + 3000);
      expect(after[0].sendAt).toBe(t0 + 3000);
      expect(after[0].delivery.id).toBe(first.delivery.id);
    });
  });
}
