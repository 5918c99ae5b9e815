/** A manual retry moves a delivery up; if it is still pending, its remaining automatic retries stay scheduled. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../support/receiver.ts';
import { startTestRelay, type TestRelay } from '../../support/testRelay.ts';
import { subscribe } from '../../support/subscribe.ts';
import { until } from '../../support/until.ts';

let relay: TestRelay;
let receiver: Receiver;
beforeAll(async () => {
  // The second automatic attempt is an hour away: only the manual retry can come before it.
  [relay, receiver] = await Promise.all([startTestRelay({ RELAY_RETRY_SCHEDULE: '0,1h,1h,1h' }), startReceiver(() => ({ status: 500, body: 'down' }))]);
});
afterAll(async () => {
  await relay.stop();
  await receiver.close();
});

const deliveryOf = async (id: string) => (await relay.api(`/v1/deliveries/${id}`)).json();

it('keeps the automatic retries of a pending delivery that is retried by hand and fails again', async () => {
  const webhook = await subscribe(relay.api, receiver.url);
  await relay.ingest('payment_received', { payment_id: 1 });
  await receiver.waitFor(1);
  const [queued] = (await (await relay.api(`/v1/webhooks/${webhook.id}/deliveries`)).json()).data;
  let delivery = await until(() => deliveryOf(queued.id), (read) => read.attempts >= 1);
  expect(delivery).toMatchObject({ status: 'pending', attempts: 1 });

  expect((await relay.api(`/v1/deliveries/${delivery.id}/retry`, { method: 'POST' })).status).toBe(202);
  await receiver.waitFor(2);
  delivery = await until(() => deliveryOf(queued.id), (read) => read.attempts >= 2);
  expect(delivery.status).toBe('pending'); // not "failed": attempts 3 and 4 are still to come
  expect(Date.parse(delivery.next_attempt_at) - Date.now()).toBeGreaterThan(30 * 60_000);
  expect(delivery.attempt_log.map((attempt: { trigger: string }) => attempt.trigger).sort()).toEqual(['manual', 'scheduled']);
});
