/** What every backend's NetworkStore must do; networkStore.test.ts runs it on SQLite and PostgreSQL. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NetworkConnectionRecord } from '../../../relay/src/store/networkStore.ts';
import type { Store } from '../../../relay/src/store/store.ts';
import type { StoreFactory } from '../../support/storeFactories.ts';

const record = (extra: Partial<NetworkConnectionRecord> = {}): NetworkConnectionRecord => ({
  networkUrl: 'https://network.example',
  apiKey: 'key_1234',
  apiSecret: 'secret_5678',
  label: 'My Network',
  integration: 'Ultimate Multisite relay',
  relayUrl: 'https://relay.example',
  registeredEvents: [{ slug: 'payment_received', name: 'Payment Received', description: 'A payment “came in” \u00fc', sample: { payment_id: 0, nested: { a: [1, null] } } }],
  wiredWebhooks: [{ event: 'payment_received', pluginWebhookId: '18', url: 'https://relay.example/ingest/t/payment_received', createdByRelay: true }],
  connectedAt: 1_800_000_000_000,
  checkedAt: 1_800_000_000_500,
  ...extra,
});

export function describeNetworkStoreContract(name: string, factory: StoreFactory) {
  describe(`${name} network store contract`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory.create();
    });
    afterEach(async () => {
      await factory.destroy(store);
    });

    it('has no connection at first', async () => {
      expect(await store.network.get()).toBeNull();
      expect(await store.network.delete()).toBe(false);
    });

    it('keeps a saved connection exactly, replaces it on the next save, and forgets it on delete', async () => {
      await store.network.save(record());
      expect(await store.network.get()).toEqual(record());
      const repaired = record({ relayUrl: 'https://relay2.example', wiredWebhooks: [], checkedAt: 1_800_000_009_000 });
      await store.network.save(repaired);
      expect(await store.network.get()).toEqual(repaired);
      expect(await store.network.delete()).toBe(true);
      expect(await store.network.get()).toBeNull();
    });
  });
}
