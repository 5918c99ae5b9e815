/** The behaviour every storage backend must have. Each backend's test file runs this suite against itself. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../../relay/src/store/ids.ts';
import type { Store } from '../../../relay/src/store/store.ts';
import type { StoreFactory } from '../../support/storeFactories.ts';
import { eventOf, outcomeFor, storeHelpers, t0 } from './contractFixtures.ts';
import { createLogger } from '../../../relay/src/logger.ts';
import { subscribeWebhook } from '../../../relay/src/webhooks/webhookChanges.ts';

const silentLogger = createLogger('silent');

export function describeStoreContract(name: string, factory: StoreFactory) {
  describe(`${name} store contract`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory.create();
    });
    afterEach(async () => {
      await factory.destroy(store);
    });
    const { webhook, claim } = storeHelpers(() => store);

    it('migrates idempotently and keeps settings', async () => {
      const version = await store.schemaVersion();
      expect(version).toBeGreaterThanOrEqual(2);
      await store.migrate();
      expect(await store.schemaVersion()).toBe(version);
      expect(await store.getOrCreateSetting('apiKey', 'first')).toEqual({ value: 'first', created: true });
      expect(await store.getOrCreateSetting('apiKey', 'second')).toEqual({ value: 'first', created: false });
      expect(await store.getSetting('missing')).toBeNull();
      await store.putSetting('apiKey', 'replaced');
      await store.putSetting('heartbeat', '1');
      expect([await store.getSetting('apiKey'), await store.getSetting('heartbeat')]).toEqual(['replaced', '1']);
    });
    it('creates, reads, filters, pages, updates and deletes webhooks', async () => {
      const a = await webhook('payment_received');
      const b = await webhook('site_published', { integration: 'zapier' });
      const c = await webhook('payment_received', { integration: 'zapier' });
      expect(await store.getWebhook(a.id)).toMatchObject({ name: 'Hook', active: true, deliveriesSucceeded: 0, disabledReason: null });
      expect((await store.listWebhooks({ event: 'payment_received' }, { limit: 10 })).items.map((w) => w.id)).toEqual([c.id, a.id]);
      expect((await store.listWebhooks({ integration: 'zapier' }, { limit: 10 })).items.map((w) => w.id)).toEqual([c.id, b.id]);
      const first = await store.listWebhooks({}, { limit: 2 });
      expect(first.items.map((w) => w.id)).toEqual([c.id, b.id]);
      const second = await store.listWebhooks({}, { limit: 2, before: first.nextCursor! });
      expect(second).toEqual({ items: [expect.objectContaining({ id: a.id })], nextCursor: null });
      const updated = await store.updateWebhook(a.id, { name: 'Renamed', active: false, disabledReason: 'why' }, t0 + 1);
      expect(updated).toMatchObject({ name: 'Renamed', active: false, disabledReason: 'why', updatedAt: t0 + 1 });
      expect(await store.updateWebhook('wh_missing', { name: 'x' }, t0)).toBeNull();
      expect(await store.deleteWebhook(a.id, t0)).toBe(true);
      expect(await store.deleteWebhook(a.id, t0)).toBe(false);
      expect(await store.getWebhook(a.id)).toBeNull();
    });
    it('fans an event out to each active subscriber of its type (and of *), not to tests', async () => {
      const a = await webhook('payment_received');
      const all = await webhook('*');
      await webhook('payment_received', { active: false });
      await webhook('site_published');
      const stored = await store.insertEvent(eventOf('payment_received'));
      expect(stored).toMatchObject({ created: true, deliveries: 2 });
      const deliveries = await store.listDeliveries({ eventId: stored.event.id }, { limit: 10 });
      expect(deliveries.items.map((d) => d.webhookId).sort()).toEqual([a.id, all.id].sort());
      expect(deliveries.items.every((d) => d.status === 'pending' && d.attempts === 0 && d.nextAttemptAt === t0)).toBe(true);
      const test = await store.insertEvent(eventOf('payment_received', { isTest: true }));
      expect(test.deliveries).toBe(0);
    });
    it('fans out by the webhooks as they are at each event: created, re-subscribed, turned off and on, disabled by an outcome, deleted', async () => {
      const fannedOut = async (slug = 'payment_received') => (await store.insertEvent(eventOf(slug))).deliveries;
      expect(await fannedOut()).toBe(0);
      const hook = await webhook('payment_received');
      expect(await fannedOut()).toBe(1);
      await store.updateWebhook(hook.id, { events: ['site_published'] }, t0);
      expect([await fannedOut(), await fannedOut('site_published')]).toEqual([0, 1]);
      await store.updateWebhook(hook.id, { active: false }, t0);
      expect(await fannedOut('site_published')).toBe(0);
      await store.updateWebhook(hook.id, { active: true }, t0);
      expect(await fannedOut('site_published')).toBe(1);
      const [due] = (await claim()).filter((claimed) => claimed.webhook.id === hook.id);
      await store.queue.completeAttempt(due.delivery.id, 'w1', outcomeFor(due, { ok: false, status: 'cancelled', disableWebhookReason: '410 Gone', at: t0 }));
      expect(await fannedOut('site_published')).toBe(0);
      await store.updateWebhook(hook.id, { active: true }, t0);
      await store.deleteWebhook(hook.id, t0);
      expect(await fannedOut('site_published')).toBe(0);
    });
    it('subscribes a webhook to several events: read back in order, listed and fanned out under each, replaced by an update', async () => {
      const both = await webhook(['site_published', 'payment_received']);
      const one = await webhook('payment_received');
      expect(both.events).toEqual(['site_published', 'payment_received']);
      expect((await store.getWebhook(both.id))!.events).toEqual(['site_published', 'payment_received']);
      expect((await store.listWebhooks({ event: 'site_published' }, { limit: 10 })).items.map((w) => w.id)).toEqual([both.id]);
      expect((await store.listWebhooks({ event: 'payment_received' }, { limit: 10 })).items.map((w) => w.id)).toEqual([one.id, both.id]);
      expect((await store.insertEvent(eventOf('site_published'))).deliveries).toBe(1);
      expect((await store.insertEvent(eventOf('payment_received'))).deliveries).toBe(2);
      expect((await store.insertEvent(eventOf('domain_created'))).deliveries).toBe(0);

      const updated = await store.updateWebhook(both.id, { events: ['domain_created'] }, t0 + 1);
      expect(updated!.events).toEqual(['domain_created']);
      expect((await store.insertEvent(eventOf('site_published'))).deliveries).toBe(0);
      expect((await store.insertEvent(eventOf('domain_created'))).deliveries).toBe(1);
      expect((await store.listWebhooks({ event: 'site_published' }, { limit: 10 })).items).toEqual([]);

      // A name-only update keeps the subscription; deleting it removes it from fan-out.
      await store.updateWebhook(both.id, { name: 'Renamed' }, t0 + 2);
      expect((await store.insertEvent(eventOf('domain_created'))).deliveries).toBe(1);
      await store.deleteWebhook(both.id, t0 + 3);
      expect((await store.insertEvent(eventOf('domain_created'))).deliveries).toBe(0);
      expect((await store.listWebhooks({ event: 'domain_created' }, { limit: 10 })).items).toEqual([]);
    });
    it('fans out a batch of mixed events once per matching webhook (several events, *, and none)', async () => {
      const two = await webhook(['payment_received', 'site_published']);
      const all = await webhook('*');
      const results = await Promise.all(['payment_received', 'site_published', 'domain_created'].map((slug) => store.insertEvent(eventOf(slug))));
      expect(results.map((r) => r.deliveries)).toEqual([2, 2, 1]);
      const toTwo = await store.listDeliveries({ webhookId: two.id }, { limit: 10 });
      expect(toTwo.items.map((d) => d.event).sort()).toEqual(['payment_received', 'site_published']);
      const toAll = (await store.listDeliveries({ webhookId: all.id }, { limit: 10 })).items;
      // Newest first: made in the order the events came, whichever way the backend batches them.
      expect(toAll.map((d) => d.event)).toEqual(['domain_created', 'site_published', 'payment_received']);
      // The relay's id format (ids.ts), whoever makes them: the type, the time in base 36, 10 random bytes in base64url.
      const ids = [...toTwo.items, ...toAll].map((d) => d.id);
      for (const id of ids) expect(id).toMatch(/^dlv_[0-9a-z]{9}[A-Za-z0-9_-]{14}$/);
      expect(new Set(ids).size).toBe(5);
    });
    it('filters deliveries by event type and creation time', async () => {
      const hook = await webhook(['payment_received', 'site_published']);
      await store.insertEvent(eventOf('payment_received', { receivedAt: t0 }));
      await store.insertEvent(eventOf('site_published', { receivedAt: t0 + 10 }));
      await store.insertEvent(eventOf('payment_received', { receivedAt: t0 + 20 }));
      expect((await store.listDeliveries({ webhookId: hook.id, event: 'payment_received' }, { limit: 10 })).items.map((d) => d.createdAt)).toEqual([t0 + 20, t0]);
      expect((await store.listDeliveries({ webhookId: hook.id, createdSince: t0 + 10 }, { limit: 10 })).items.map((d) => d.createdAt)).toEqual([t0 + 20, t0 + 10]);
      expect((await store.listDeliveries({ webhookId: hook.id, event: 'site_published', status: 'succeeded' }, { limit: 10 })).items).toEqual([]);
    });
    it('stores each body of a batch byte for byte: quotes, backslashes, escapes, non-ASCII, large, empty object', async () => {
      const bodies = [
        '{"name":"O\'Brien \\"Jr.\\"","path":"C:\\\\wp\\\\site"}',
        '{"emoji":"🎉","accents":"Zoë, Ñandú","escaped":"\\u00e9\\ud83c\\udf89"}',
        '{ "spaced" : [ 1 , 2.50 , 1e3 ] ,\n\t"big": 12345678901234567890 }',
        '{"array_literal":"{\\"a\\",\\"b\\"}","braces":"}{,"}',
        JSON.stringify({ note: 'x'.repeat(200_000) }),
        '{}',
      ];
      const events = bodies.map((body) => eventOf('payment_received', { body }));
      await Promise.all(events.map((event) => store.insertEvent(event)));
      for (const event of events) expect((await store.getEvent(event.id))?.body).toBe(event.body);
    });

        it('stores an idempotency key once and returns the first event after', async () => {
      await webhook('payment_received');
      const first = await store.insertEvent(eventOf('payment_received', { idempotencyKey: 'pay-1' }));
      const again = await store.insertEvent(eventOf('payment_received', { idempotencyKey: 'pay-1', body: '{"other":true}' }));
      expect(again).toMatchObject({ created: false, deliveries: 1, event: { id: first.event.id, body: first.event.body } });
      expect((await store.reports.stats()).events).toBe(1);
    });
    it('scopes idempotency keys to the event type: the same id as a payment and as a site is two events', async () => {
      const payment = await store.insertEvent(eventOf('payment_received', { idempotencyKey: '42' }));
      const site = await store.insertEvent(eventOf('site_published', { idempotencyKey: '42' }));
      expect(site.created).toBe(true);
      expect(site.event.id).not.toBe(payment.event.id);
      expect(await store.getEvent(site.event.id)).toMatchObject({ event: 'site_published', idempotencyKey: '42' });
      expect((await store.reports.stats()).events).toBe(2);
    });
    it('lists events newest first, by type, without tests unless asked, and remembers every slug seen', async () => {
      const one = await store.insertEvent(eventOf('payment_received', { receivedAt: t0 }));
      const two = await store.insertEvent(eventOf('affiliate_signup', { receivedAt: t0 + 1 }));
      const three = await store.insertEvent(eventOf('payment_received', { receivedAt: t0 + 2, body: '{"b":"ü ✓"}' }));
      await store.insertEvent(eventOf('payment_received', { isTest: true, receivedAt: t0 + 3 }));
      expect((await store.listEvents({}, { limit: 10 })).items.map((e) => e.id)).toEqual([three.event.id, two.event.id, one.event.id]);
      expect((await store.listEvents({ event: 'payment_received' }, { limit: 10 })).items.map((e) => e.id)).toEqual([three.event.id, one.event.id]);
      expect((await store.listEvents({ includeTests: true }, { limit: 10 })).items).toHaveLength(4);
      expect((await store.getEvent(three.event.id))!.body).toBe('{"b":"ü ✓"}');
      const seen = await store.listSeenEventTypes();
      expect(seen.map((s) => s.slug)).toEqual(['affiliate_signup', 'payment_received']);
      expect(seen.find((s) => s.slug === 'payment_received')).toMatchObject({ firstSeenAt: t0, lastSeenAt: t0 + 3, count: 3 });
    });
    it('cancels pending deliveries of a deleted webhook', async () => {
      const hook = await webhook();
      await store.insertEvent(eventOf('payment_received'));
      await store.deleteWebhook(hook.id, t0);
      const [delivery] = (await store.listDeliveries({ webhookId: hook.id }, { limit: 10 })).items;
      expect(delivery).toMatchObject({ status: 'cancelled', lastError: 'webhook deleted' });
      expect(await store.queue.nextDueAt()).toBeNull();
    });
    it('cancels pending deliveries of a disabled webhook, with the reason, and a re-enabled one does not send them', async () => {
      const hook = await webhook();
      const other = await webhook();
      await store.insertEvent(eventOf('payment_received'));
      await store.updateWebhook(hook.id, { active: false, disabledReason: 'turned off by a person' }, t0 + 1);
      const [delivery] = (await store.listDeliveries({ webhookId: hook.id }, { limit: 10 })).items;
      expect(delivery).toMatchObject({ status: 'cancelled', lastError: 'turned off by a person' });
      const [untouched] = (await store.listDeliveries({ webhookId: other.id }, { limit: 10 })).items;
      expect(untouched.status).toBe('pending');
      await store.updateWebhook(hook.id, { active: true, disabledReason: null }, t0 + 2);
      expect((await claim()).map((c) => c.webhook.id)).toEqual([other.id]);
    });
    it('subscribes an integration once however many identical subscribes run at once; manual ones and other events make their own', async () => {
      const service = { store, log: silentLogger, now: () => t0, notifyWorker: () => {}, prepareToSend: () => {}, config: { secretRotationOverlapMs: 0 } };
      const subscription = { name: 'Zap', url: 'https://hooks.zapier.com/hooks/standard/1/abc', events: ['payment_received', 'site_published'], integration: 'zapier', active: true, custom: false };
      const results = await Promise.all(Array.from({ length: 50 }, () => subscribeWebhook(service, subscription)));
      expect(new Set(results.map((result) => result.webhook.id)).size).toBe(1);
      expect(new Set(results.map((result) => result.webhook.secret)).size).toBe(1);
      expect(results.filter((result) => result.created)).toHaveLength(1);
      // The same events in another order are the same subscription; other events, or a person's webhooks, are new.
      expect((await subscribeWebhook(service, { ...subscription, events: ['site_published', 'payment_received'] })).created).toBe(false);
      expect((await subscribeWebhook(service, { ...subscription, events: ['payment_received'] })).created).toBe(true);
      const manual = await Promise.all([1, 2].map(() => subscribeWebhook(service, { ...subscription, integration: 'manual' })));
      expect(manual.map((result) => result.created)).toEqual([true, true]);
      expect((await store.listWebhooks({ url: subscription.url }, { limit: 100 })).items).toHaveLength(4);
    });
    it('forgets signed-out sessions once their cookie has expired, and nothing else', async () => {
      await store.putSetting('revoked_session:expired', '1700000000');
      await store.putSetting('revoked_session:current', '1900000000');
      await store.putSetting('apiKey', '1');
      expect(await store.pruneRevokedSessions(1800000000)).toBe(1);
      expect(await store.getSetting('revoked_session:expired')).toBeNull();
      expect(await store.getSetting('revoked_session:current')).toBe('1900000000');
      expect(await store.getSetting('apiKey')).toBe('1');
    });
    it('finds webhooks by URL', async () => {
      const hook = await webhook();
      expect((await store.listWebhooks({ url: hook.url }, { limit: 5 })).items.map((w) => w.id)).toEqual([hook.id]);
      expect((await store.listWebhooks({ url: 'http://elsewhere/' }, { limit: 5 })).items).toEqual([]);
    });
    it('prunes old finished events with their deliveries and attempts, never pending ones', async () => {
      await webhook();
      const old = await store.insertEvent(eventOf('payment_received', { receivedAt: t0 }));
      const oldPending = await store.insertEvent(eventOf('payment_received', { receivedAt: t0 + 1 }));
      const recent = await store.insertEvent(eventOf('payment_received', { receivedAt: t0 + 10_000 }));
      const [claimed] = await claim({ limit: 1 });
      expect(claimed.delivery.eventId).toBe(old.event.id);
      await store.queue.completeAttempt(claimed.delivery.id, 'w1', outcomeFor(claimed, { ok: true }));
      const bin = await store.inspector.createBin({ id: newId('bin'), name: 'b', createdAt: t0 });
      await store.inspector.recordRequest({ id: newId('req'), binId: bin.id, method: 'POST', path: '/', headers: {}, body: '', receivedAt: t0 }, 10);

      expect(await store.pruneBefore(t0 + 5000, 100)).toBe(1);
      expect(await store.getEvent(old.event.id)).toBeNull();
      expect((await store.listDeliveries({ eventId: old.event.id }, { limit: 5 })).items).toEqual([]);
      expect((await store.listAttempts({ eventId: old.event.id }, { limit: 5 })).items).toEqual([]);
      expect(await store.getEvent(oldPending.event.id)).not.toBeNull();
      expect(await store.getEvent(recent.event.id)).not.toBeNull();
      expect((await store.inspector.listRequests(bin.id, { limit: 5 })).items).toEqual([]);
      expect(await store.pruneBefore(t0 + 5000, 100)).toBe(0);
    });
    it('keeps many concurrent writes, each committed once', async () => {
      await webhook();
      const results = await Promise.all(Array.from({ length: 200 }, (_, i) => store.insertEvent(eventOf('payment_received', { idempotencyKey: `k${i % 100}` }))));
      expect(results.filter((r) => r.created)).toHaveLength(100);
      expect(await store.reports.stats()).toMatchObject({ events: 100, pendingDeliveries: 100 });
    });
  });
}
