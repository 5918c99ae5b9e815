import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../relay/src/logger.ts';
import { RetentionSweeper } from '../../../relay/src/retention/retentionSweeper.ts';
import { startReceiver } from '../../support/receiver.ts';
import { sqliteStoreFactory } from '../../support/storeFactories.ts';
import { startTestRelay } from '../../support/testRelay.ts';

describe('retention', () => {
  it('deletes delivered events older than RELAY_RETENTION, keeping those still being retried', async () => {
    const receiver = await startReceiver((request) => (request.body.includes('"keep"') ? { status: 500 } : { status: 200 }));
    const relay = await startTestRelay({ RELAY_RETENTION: '1s', RELAY_RETRY_SCHEDULE: '0,30s' });
    await relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Ret', url: receiver.url, event: 'payment_received' } });
    const delivered = await (await relay.api('/v1/events', { method: 'POST', json: { event: 'payment_received', payload: { n: 'gone' } } })).json();
    const retrying = await (await relay.api('/v1/events', { method: 'POST', json: { event: 'payment_received', payload: { n: 'keep' } } })).json();
    await receiver.waitFor(2);
    const deadline = Date.now() + 10_000;
    while ((await relay.api(`/v1/events/${delivered.id}`)).status !== 404) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const kept = await (await relay.api(`/v1/events/${retrying.id}`)).json();
    expect(kept.deliveries[0]).toMatchObject({ status: 'pending', attempts: 1 });
    await relay.stop();
    await receiver.close();
  });

  it('forgets signed-out sessions once their cookie has expired, even when every event is kept (RELAY_RETENTION=0)', async () => {
    const factory = sqliteStoreFactory();
    const store = await factory.create();
    try {
      const now = 1_800_000_000_000;
      await store.putSetting('revoked_session:old', String(now / 1000 - 1));
      await store.putSetting('revoked_session:live', String(now / 1000 + 3600));
      await new RetentionSweeper({ store, retentionMs: 0, log: createLogger('silent'), now: () => now }).sweep();
      expect(await store.getSetting('revoked_session:old')).toBeNull();
      expect(await store.getSetting('revoked_session:live')).not.toBeNull();
    } finally {
      await factory.destroy(store);
    }
  });
});
