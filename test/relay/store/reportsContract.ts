/** The reports (`store.reports`): the figures every backend must give. Each backend's test file runs it against itself. */
import { describe, expect, it } from 'vitest';
import { newId } from '../../../relay/src/store/ids.ts';
import type { StoreFactory } from '../../support/storeFactories.ts';
import { freshStore, t0, eventOf, outcomeFor } from './contractFixtures.ts';

export function describeReportsContract(name: string, factory: StoreFactory) {
  describe(`${name} reports contract`, () => {
    const { store, webhook, claim } = freshStore(factory);

    it('sums each webhook’s activity since a moment: attempts (tests apart), pending and retrying, its latest attempt of any kind', async () => {
      const busy = await webhook('payment_received');
      const idle = await webhook('site_published');
      for (let i = 0; i < 3; i++) await store().insertEvent(eventOf('payment_received', { receivedAt: t0 + i }));
      const claimed = await claim({ now: t0 + 10 });
      expect(claimed).toHaveLength(3);
      // An old attempt, before the window.
      await store().queue.completeAttempt(claimed[2].delivery.id, 'w1', outcomeFor(claimed[2], { ok: true, at: t0 - 86_400_000 }));
      await store().queue.completeAttempt(claimed[0].delivery.id, 'w1', outcomeFor(claimed[0], { ok: true, at: t0 + 100 }));
      await store().queue.completeAttempt(claimed[1].delivery.id, 'w1', outcomeFor(claimed[1], { ok: false, at: t0 + 200, nextAttemptAt: t0 + 60_000 }));
      // Send Test Event on the idle webhook: counted apart, and its latest attempt.
      const testEvent = await store().insertEvent(eventOf('site_published', { isTest: true, source: 'test' }));
      const testDelivery = await store().insertDelivery({ id: newId('dlv'), eventId: testEvent.event.id, webhookId: idle.id, event: 'site_published', createdAt: t0, status: 'pending' });
      await store().queue.recordDirectAttempt(testDelivery.id, outcomeFor({ delivery: testDelivery, webhook: idle, body: '{}', trigger: 'test', recovered: false }, { ok: true, status: 'succeeded', at: t0 + 300 }));

      const activity = await store().reports.webhookActivity(t0);
      expect(activity.get(busy.id)).toEqual({
        webhookId: busy.id, succeeded: 1, failed: 1, tests: 0, testsSucceeded: 0, pending: 1, retrying: 1,
        lastAttempt: { at: t0 + 200, ok: false, statusCode: 500, trigger: 'scheduled' },
      });
      expect(activity.get(idle.id)).toEqual({
        webhookId: idle.id, succeeded: 0, failed: 0, tests: 1, testsSucceeded: 1, pending: 0, retrying: 0,
        lastAttempt: { at: t0 + 300, ok: true, statusCode: 200, trigger: 'test' },
      });
      expect((await store().reports.webhookActivity(t0 + 250)).get(busy.id)).toMatchObject({ succeeded: 0, failed: 0, pending: 1 });
    });
    it('reports the relay’s health since a moment: real events, attempts and failures, the backlog and its oldest delivery', async () => {
      expect(await store().reports.relayHealth(t0)).toEqual({ events: 0, attempts: 0, failedAttempts: 0, pending: 0, oldestPendingAt: null });
      await webhook('payment_received');
      await store().insertEvent(eventOf('payment_received', { receivedAt: t0 + 5 }));
      await store().insertEvent(eventOf('payment_received', { receivedAt: t0 + 9 }));
      await store().insertEvent(eventOf('payment_received', { receivedAt: t0 + 9, isTest: true }));
      const [first] = await claim({ limit: 1, now: t0 + 10 });
      await store().queue.completeAttempt(first.delivery.id, 'w1', outcomeFor(first, { ok: false, at: t0 + 10, nextAttemptAt: t0 + 60_000 }));
      expect(await store().reports.relayHealth(t0)).toEqual({ events: 2, attempts: 1, failedAttempts: 1, pending: 2, oldestPendingAt: t0 + 5 });
      expect(await store().reports.relayHealth(t0 + 11)).toMatchObject({ events: 0, attempts: 0, pending: 2 });
    });
  });
}
