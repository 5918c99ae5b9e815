/** What every backend's GapRepairStore must do; gapRepairStore.test.ts runs it on SQLite and PostgreSQL. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogEntryRecord, PairRequest } from '../../../relay/src/store/gapRepairStore.ts';
import { newId } from '../../../relay/src/store/ids.ts';
import type { Store } from '../../../relay/src/store/store.ts';
import type { NewEvent } from '../../../relay/src/store/types.ts';
import type { StoreFactory } from '../../support/storeFactories.ts';

const network = 'https://network.example';
const t0 = 1_800_000_000_000;
const body = '{"payment_id":1,"url":"http:\\/\\/x"}';

const eventOf = (extra: Partial<NewEvent> = {}): NewEvent => ({
  id: newId('evt'), event: 'payment_received', body, isTest: false, source: 'ingest', idempotencyKey: null, receivedAt: t0, ...extra,
});
const pairing = (entryId: number, extra: Partial<PairRequest> = {}): PairRequest => ({
  networkUrl: network, entryId, slug: 'payment_received', body, loggedAt: t0, from: t0 - 60_000, to: t0 + 60_000, now: t0 + 120_000, ...extra,
});
const recovered = (entryId: number, eventId: string, extra: Partial<LogEntryRecord> = {}): LogEntryRecord => ({
  networkUrl: network, entryId, slug: 'payment_received', loggedAt: t0, outcome: 'recovered', eventId, reason: null,
  bodyHash: 'ab'.repeat(32), claimableUntil: t0 + 60_000, lateOriginalAt: null, recordedAt: t0 + 120_000, ...extra,
});

export function describeGapRepairStoreContract(name: string, factory: StoreFactory) {
  describe(`${name} gap repair store contract`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory.create();
    });
    afterEach(async () => {
      await factory.destroy(store);
    });

    it('gives the lease to one owner at a time, again to it, and to another once released or expired', async () => {
      const gaps = store.gapRepair;
      expect(await gaps.acquireLease(network, 'a', t0, 1000)).toBe(true);
      expect(await gaps.acquireLease(network, 'b', t0 + 10, 1000)).toBe(false);
      expect(await gaps.acquireLease(network, 'a', t0 + 20, 1000)).toBe(true);
      expect(await gaps.acquireLease(network, 'b', t0 + 1020, 1000)).toBe(true); // a's ran out
      await gaps.releaseLease(network, 'a'); // not a's any more: nothing happens
      expect(await gaps.acquireLease(network, 'a', t0 + 1030, 1000)).toBe(false);
      await gaps.releaseLease(network, 'b');
      expect(await gaps.acquireLease(network, 'a', t0 + 1040, 1000)).toBe(true);
      // Another network's lease is its own.
      expect(await gaps.acquireLease('https://other.example', 'b', t0 + 1040, 1000)).toBe(true);
    });

    it('keeps the position, moved only by the lease holder, and the last pass', async () => {
      const gaps = store.gapRepair;
      expect(await gaps.position(network)).toEqual({ cursorId: 0, offsetHint: 0, lastPassAt: null, lastPass: null });
      await gaps.acquireLease(network, 'a', t0, 1000);
      expect(await gaps.savePosition(network, 'a', { cursorId: 9_007_199_254, offsetHint: 120 })).toBe(true);
      expect(await gaps.savePosition(network, 'b', { cursorId: 1, offsetHint: 1 })).toBe(false);
      await gaps.recordPass(network, t0 + 5, '{"status":"done"}');
      expect(await gaps.position(network)).toEqual({ cursorId: 9_007_199_254, offsetHint: 120, lastPassAt: t0 + 5, lastPass: '{"status":"done"}' });
    });

    it('pairs an entry with the earliest unpaired received event of its slug and exact body in the window, each event once', async () => {
      const gaps = store.gapRepair;
      const late = (await store.insertEvent(eventOf({ receivedAt: t0 + 30_000 }))).event;
      const early = (await store.insertEvent(eventOf({ receivedAt: t0 - 30_000 }))).event;
      // Not candidates: another body (one byte apart), another slug, outside the window, not received (api, recovered).
      await store.insertEvent(eventOf({ body: body.replace('\\/', '/'), receivedAt: t0 }));
      await store.insertEvent(eventOf({ event: 'site_published', receivedAt: t0 }));
      await store.insertEvent(eventOf({ receivedAt: t0 + 61_000 }));
      await store.insertEvent(eventOf({ source: 'api', receivedAt: t0 }));
      await store.insertEvent(eventOf({ source: 'recovered', receivedAt: t0 }));

      expect(await gaps.pairWithReceived(pairing(10))).toBe(early.id);
      expect(await gaps.pairWithReceived(pairing(11))).toBe(late.id);
      expect(await gaps.pairWithReceived(pairing(12))).toBeNull();
      // An entry already decided is not paired again.
      const third = (await store.insertEvent(eventOf({ receivedAt: t0 }))).event;
      expect(await gaps.pairWithReceived(pairing(10))).toBeNull();
      expect(await gaps.pairWithReceived(pairing(13))).toBe(third.id);
      expect(await gaps.entry(network, 10)).toMatchObject({ outcome: 'received', eventId: early.id, slug: 'payment_received', loggedAt: t0 });
      expect(await gaps.counts(network)).toEqual({ received: 3, recovered: 0, unrecoverable: 0, lateOriginals: 0 });
    });

    it('records recovered and unrecoverable entries once, lists them newest first, and lets one late original claim a recovery', async () => {
      const gaps = store.gapRepair;
      const recoveredEvent = (await store.insertEvent(eventOf({ source: 'recovered' }))).event;
      expect(await gaps.record(recovered(20, recoveredEvent.id))).toBe(true);
      expect(await gaps.record(recovered(20, recoveredEvent.id))).toBe(false);
      expect(await gaps.record(recovered(21, '', { outcome: 'unrecoverable', eventId: null, reason: 'the body is cut short', bodyHash: null, claimableUntil: null }))).toBe(true);

      expect(await gaps.claimableRecoveries(t0)).toEqual([{ eventId: recoveredEvent.id, slug: 'payment_received', bodyHash: 'ab'.repeat(32), claimableUntil: t0 + 60_000 }]);
      expect(await gaps.claimableRecoveries(t0 + 60_000)).toEqual([]);
      expect(await gaps.claimRecovery(recoveredEvent.id, t0 + 1)).toBe(true);
      expect(await gaps.claimRecovery(recoveredEvent.id, t0 + 2)).toBe(false);
      expect(await gaps.claimableRecoveries(t0)).toEqual([]);

      const all = await gaps.listEntries({ networkUrl: network }, { limit: 1 });
      expect(all.items.map((entry) => [entry.entryId, entry.outcome, entry.reason])).toEqual([[21, 'unrecoverable', 'the body is cut short']]);
      const next = await gaps.listEntries({ networkUrl: network }, { limit: 1, before: all.nextCursor! });
      expect(next.items).toEqual([recovered(20, recoveredEvent.id, { lateOriginalAt: t0 + 1 })]);
      expect(next.nextCursor).toBeNull();
      expect((await gaps.listEntries({ networkUrl: network, outcome: 'unrecoverable' }, { limit: 5 })).items).toHaveLength(1);
      expect((await gaps.listEntries({ networkUrl: 'https://other.example' }, { limit: 5 })).items).toEqual([]);
      expect(await gaps.counts(network)).toEqual({ received: 0, recovered: 1, unrecoverable: 1, lateOriginals: 1 });
    });

    it('forgets entries logged before a moment, in batches', async () => {
      const gaps = store.gapRepair;
      for (let entryId = 1; entryId <= 5; entryId++) {
        await gaps.record(recovered(entryId, '', { outcome: 'unrecoverable', eventId: null, reason: 'x', bodyHash: null, claimableUntil: null, loggedAt: t0 + entryId * 1000 }));
      }
      expect(await gaps.pruneBefore(t0 + 4000, 2)).toBe(2);
      expect(await gaps.pruneBefore(t0 + 4000, 2)).toBe(1);
      expect(await gaps.pruneBefore(t0 + 4000, 2)).toBe(0);
      expect((await gaps.listEntries({ networkUrl: network }, { limit: 10 })).items.map((entry) => entry.entryId)).toEqual([5, 4]);
    });

    it('claims deliveries of a recovered event marked recovered, and others not', async () => {
      const hook = await store.createWebhook({ id: newId('wh'), name: 'h', url: 'https://example.com/h', events: ['payment_received'], integration: 'manual', active: true, secret: 'whsec_x', createdAt: t0 });
      await store.insertEvent(eventOf({ source: 'recovered' }));
      await store.insertEvent(eventOf());
      const claimed = await store.queue.claimDueDeliveries({ workerId: 'w', now: t0 + 1, limit: 10, leaseMs: 1000, perWebhookLimit: 10, excludeWebhookIds: [] });
      expect(claimed.map((delivery) => delivery.recovered).sort()).toEqual([false, true]);
      expect(claimed.every((delivery) => delivery.webhook.id === hook.id && delivery.body === body)).toBe(true);
    });
  });
}
