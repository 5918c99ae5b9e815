/** The request inspector's store (`store.inspector`): the behaviour every backend must have. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../../relay/src/store/ids.ts';
import type { Store } from '../../../relay/src/store/store.ts';
import type { StoreFactory } from '../../support/storeFactories.ts';

const t0 = 1_800_000_000_000;

export function describeInspectorStoreContract(name: string, factory: StoreFactory) {
  describe(`${name} inspector store contract`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory.create();
    });
    afterEach(async () => {
      await factory.destroy(store);
    });

    it('keeps inspector bins and their newest requests', async () => {
      const bin = await store.inspector.createBin({ id: newId('bin'), name: 'My bin', createdAt: t0 });
      expect(await store.inspector.getBin(bin.id)).toEqual(bin);
      expect(await store.inspector.listBins()).toEqual([bin]);
      for (let i = 0; i < 5; i++) {
        await store.inspector.recordRequest({ id: newId('req'), binId: bin.id, method: 'POST', path: `/inspect/${bin.id}?n=${i}`, headers: { 'webhook-id': `evt_${i}` }, body: `{"n":${i}}`, receivedAt: t0 + i }, 3);
      }
      const page = await store.inspector.listRequests(bin.id, { limit: 10 });
      expect(page.items.map((r) => r.body)).toEqual(['{"n":4}', '{"n":3}', '{"n":2}']);
      expect(page.items[0]).toMatchObject({ method: 'POST', path: `/inspect/${bin.id}?n=4`, headers: { 'webhook-id': 'evt_4' } });
      expect(await store.inspector.deleteBin(bin.id)).toBe(true);
      expect(await store.inspector.getBin(bin.id)).toBeNull();
      expect((await store.inspector.listRequests(bin.id, { limit: 10 })).items).toEqual([]);
    });
  });
}
