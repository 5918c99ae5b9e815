import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { SqliteStore } from '../../../relay/src/store/sqlite/sqliteStore.ts';
import { newId } from '../../../relay/src/store/ids.ts';
import { slowDisk } from '../../support/slowDisk.ts';
import { sqliteStoreFactory } from '../../support/storeFactories.ts';
import { describeDeliveryQueueContract } from './deliveryQueueContract.ts';
import { describeInspectorStoreContract } from './inspectorStoreContract.ts';
import { describeReportsContract } from './reportsContract.ts';
import { describeStoreContract } from './storeContract.ts';
import { describePacingContract } from './pacingContract.ts';

describeStoreContract('SQLite', sqliteStoreFactory());
describeDeliveryQueueContract('SQLite', sqliteStoreFactory());
describeReportsContract('SQLite', sqliteStoreFactory());
describeInspectorStoreContract('SQLite', sqliteStoreFactory());
describePacingContract('SQLite', sqliteStoreFactory());

it('settles a claim and a release of leases once committed, without waiting for an fsync (a lost lease only means a resend)', async () => {
  const factory = sqliteStoreFactory();
  const store = await factory.create();
  try {
    const now = Date.now();
    await store.createWebhook({ id: newId('wh'), name: 'Hook', url: 'http://127.0.0.1:9/h', events: ['payment_received'], integration: 'manual', active: true, secret: 'whsec_AAAA', createdAt: now });
    await store.insertEvent({ id: newId('evt'), event: 'payment_received', body: '{"payment_id":1}', isTest: false, source: 'ingest', idempotencyKey: null, receivedAt: now });
    const { syncsEnded, restore } = slowDisk();
    try {
      const claimed = await store.queue.claimDueDeliveries({ workerId: 'w1', now, limit: 10, leaseMs: 30_000, perWebhookLimit: 10, excludeWebhookIds: [] });
      expect(claimed).toHaveLength(1);
      await store.queue.releaseLeases('w1', [claimed[0].delivery.id]);
      expect(syncsEnded).toEqual([]);
      // Committed: claimable again at once by another worker.
      expect(await store.queue.claimDueDeliveries({ workerId: 'w2', now, limit: 10, leaseMs: 30_000, perWebhookLimit: 10, excludeWebhookIds: [] })).toHaveLength(1);
      expect(syncsEnded).toEqual([]);
    } finally {
      restore();
    }
  } finally {
    await factory.destroy(store);
  }
});

it('fans out to a webhook another connection to the file created or turned off, from its next event on', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-two-connections-'));
  const [ingesting, managing] = [new SqliteStore(path.join(dir, 'relay.db')), new SqliteStore(path.join(dir, 'relay.db'))];
  try {
    await ingesting.migrate();
    const now = Date.now();
    const event = () => ingesting.insertEvent({ id: newId('evt'), event: 'payment_received', body: '{}', isTest: false, source: 'ingest', idempotencyKey: null, receivedAt: now });
    expect((await event()).deliveries).toBe(0);
    const hook = await managing.createWebhook({ id: newId('wh'), name: 'Hook', url: 'http://127.0.0.1:9/h', events: ['payment_received'], integration: 'manual', active: true, secret: 'whsec_AAAA', createdAt: now });
    expect((await event()).deliveries).toBe(1);
    await managing.updateWebhook(hook.id, { active: false }, now);
    expect((await event()).deliveries).toBe(0);
  } finally {
    await ingesting.close();
    await managing.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
