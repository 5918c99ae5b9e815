/**
 * Two API processes on one PostgreSQL database (two stores, two pools) receiving the same integration's subscribe
 * 50 times at once between them make one webhook: the look-up and the insert share a transaction-scoped advisory
 * lock, which holds across processes.
 */
import { afterAll, expect, it } from 'vitest';
import { createLogger } from '../../../../relay/src/logger.ts';
import { PostgresStore } from '../../../../relay/src/store/postgres/postgresStore.ts';
import { subscribeWebhook } from '../../../../relay/src/webhooks/webhookChanges.ts';
import { dropSchema, newSchemaName, testDatabaseUrl } from '../../../support/postgres.ts';

const schema = newSchemaName();
const stores = [new PostgresStore(testDatabaseUrl, { schema, listen: false, poolSize: 4 }), new PostgresStore(testDatabaseUrl, { schema, listen: false, poolSize: 4 })];
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await dropSchema(schema);
});

it('makes one webhook for 50 identical subscribes spread over two processes', async () => {
  await stores[0].migrate();
  const services = stores.map((store) => ({ store, log: createLogger('silent'), now: Date.now, notifyWorker: () => {}, prepareToSend: () => {}, config: { secretRotationOverlapMs: 0 } }));
  const subscription = { name: 'Zap', url: 'https://hooks.zapier.com/hooks/standard/2/xyz', events: ['site_published'], integration: 'zapier', active: true, custom: false };
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => subscribeWebhook(services[i % 2], subscription)));
  expect(new Set(results.map((result) => result.webhook.id)).size).toBe(1);
  expect(results.filter((result) => result.created)).toHaveLength(1);
  expect((await stores[1].listWebhooks({ url: subscription.url }, { limit: 100 })).items).toHaveLength(1);
});
