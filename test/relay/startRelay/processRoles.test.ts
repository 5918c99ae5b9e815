/**
 * RELAY_ROLE on PostgreSQL: an api process stores events but sends nothing; a worker process (no HTTP) sends
 * them, woken through LISTEN/NOTIFY at once rather than at its next poll.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, newSchemaName, urlWithSchema } from '../../support/postgres.ts';
import { startReceiver, type Receiver } from '../../support/receiver.ts';
import { startTestRelay, type TestRelay } from '../../support/testRelay.ts';
import { until } from '../../support/until.ts';

const schema = newSchemaName('relay_roles');
const shared = { DATABASE_URL: urlWithSchema(schema), RELAY_API_KEY: 'rk_roles_test_key_9d1', RELAY_INGEST_TOKEN: 'it_roles_test_token_4k7' };
let api: TestRelay;
let receiver: Receiver;
const workers: TestRelay[] = [];

beforeAll(async () => {
  api = await startTestRelay({ ...shared, RELAY_ROLE: 'api' });
  receiver = await startReceiver();
});
afterAll(async () => {
  for (const relay of [api, ...workers]) await relay?.stop();
  await receiver.close();
  await dropSchema(schema);
});

describe('process roles on PostgreSQL', () => {
  it('api stores without delivering; a worker started later delivers; a new event wakes it at once', async () => {
    expect(api.worker).toBeNull();
    const created = await api.api('/v1/webhooks', { method: 'POST', json: { name: 'Sheet', url: receiver.url, event: 'payment_received' } });
    expect(created.status).toBe(201);
    const first = await (await api.ingest('payment_received', { payment_id: 1 })).json();
    expect(first.deliveries).toBe(1);

    // A long poll interval: only a notification can make the second delivery quick.
    const worker = await startTestRelay({ ...shared, RELAY_ROLE: 'worker', RELAY_POLL_INTERVAL: '30s' });
    workers.push(worker);
    expect(worker.port).toBeNull();
    const [delivered] = await receiver.waitFor(1, 5000);
    // The api process never attempted it: the worker's attempt is the first.
    expect(delivered.headers).toMatchObject({ 'webhook-id': first.id, 'x-um-attempt': '1' });
    // Recorded, so the worker has gone idle (30 s poll): only the notification can bring the next one quickly.
    await until(async () => (await (await api.api(`/v1/events/${first.id}`)).json()).deliveries[0].status, (status) => status === 'succeeded');
    const posted = Date.now();
    expect((await api.ingest('payment_received', { payment_id: 2 })).status).toBe(202);
    const [, second] = await receiver.waitFor(2, 5000);
    expect(second.at - posted).toBeLessThan(2000);
    expect(JSON.parse(second.body)).toEqual({ payment_id: 2 });
  }, 20_000);
});
