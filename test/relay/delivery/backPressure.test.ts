/**
 * 429, and 503 with Retry-After, are back-pressure, not failure: on both stores, with real receivers on loopback,
 * each such answer is logged but spends no attempt (the relay is allowed only one here), counts toward no
 * disabling, and pauses only that webhook while the others go on.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findEventType } from '../../../shared/events/catalog.ts';
import { dropSchema, newSchemaName, urlWithSchema } from '../../support/postgres.ts';
import { startReceiver, type Receiver, type Responder } from '../../support/receiver.ts';
import { subscribe } from '../../support/subscribe.ts';
import { startTestRelay, type TestRelay } from '../../support/testRelay.ts';
import { until } from '../../support/until.ts';

const backends = [
  { name: 'SQLite', schema: null },
  { name: 'PostgreSQL', schema: newSchemaName('relay_pressure') },
];

describe.each(backends)('back-pressure on $name', ({ schema }) => {
  let relay: TestRelay;
  const receivers: Receiver[] = [];
  beforeAll(async () => {
    relay = await startTestRelay({
      // One attempt only, and disabled after failing for 1 ms: a 429 counted either way would show.
      RELAY_RETRY_SCHEDULE: '0',
      RELAY_DISABLE_AFTER_FAILING: '1ms',
      // The backoff without Retry-After (1 s, 2 s, …) capped, to keep the test short.
      RELAY_MAX_RETRY_AFTER: '2s',
      ...(schema ? { DATABASE_URL: urlWithSchema(schema) } : {}),
    });
  });
  afterAll(async () => {
    await relay.stop();
    if (schema) await dropSchema(schema);
  });
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
  });

  async function receiver(responder?: Responder) {
    const started = await startReceiver(responder);
    receivers.push(started);
    return started;
  }
  const payment = (id: number) => ({ ...findEventType('payment_received')!.sample, payment_id: id });
  const emit = async (id: number) => expect((await relay.api('/v1/events', { method: 'POST', json: { event: 'payment_received', payload: payment(id) } })).status).toBe(202);
  const webhookOf = async (id: string) => (await relay.api(`/v1/webhooks/${id}`)).json();
  const deliveriesOf = async (id: string) =>
    ((await (await relay.api(`/v1/webhooks/${id}/deliveries`)).json()).data as { status: string; attempts: number; attempt_log: { status_code: number | null; error: string | null }[] }[]);
  const paymentIds = (requests: Receiver['requests']) => requests.map((request) => JSON.parse(request.body).payment_id as number);

  it('a 429 storm without Retry-After spends no attempt, disables nothing, and holds back no other webhook', async () => {
    const storm = 12;
    const throttled = await receiver((_, index) => (index < storm ? { status: 429, body: 'slow down' } : { status: 200 }));
    const other = await receiver();
    const throttledHook = await subscribe(relay.api, throttled.url);
    const otherHook = await subscribe(relay.api, other.url);
    const ids = [1, 2, 3, 4].map((n) => n + (schema ? 100 : 0));
    for (const id of ids) await emit(id);
    await until(() => deliveriesOf(throttledHook.id), (list) => list.length === 4 && list.every((d) => d.status === 'succeeded'), { timeoutMs: 60_000 });
    // Every event reached it exactly once after the storm (sent side by side: in any order), each on its one allowed attempt.
    expect(paymentIds(throttled.requests.filter((_, index) => index >= storm)).sort()).toEqual(ids);
    for (const delivery of await deliveriesOf(throttledHook.id)) {
      expect(delivery.attempts).toBe(1);
      expect(delivery.attempt_log[0].status_code).toBe(200); // newest first
    }
    // Each 429 is in the attempt log.
    const logged = (await deliveriesOf(throttledHook.id)).flatMap((d) => d.attempt_log).filter((a) => a.status_code === 429);
    expect(logged).toHaveLength(storm);
    expect(logged[0].error).toMatch(/slow down.*not counted/);
    expect(await webhookOf(throttledHook.id)).toMatchObject({ active: true, failing_since: null, disabled_reason: null });
    // The other webhook had every event before the throttled one got its first.
    expect(paymentIds(other.requests).sort()).toEqual(ids);
    expect(Math.max(...other.requests.map((r) => r.at))).toBeLessThan(throttled.requests[storm].at);
    expect((await deliveriesOf(otherHook.id)).every((d) => d.status === 'succeeded')).toBe(true);
    await relay.api(`/v1/webhooks/${throttledHook.id}`, { method: 'DELETE' });
    await relay.api(`/v1/webhooks/${otherHook.id}`, { method: 'DELETE' });
  });

  it('honours Retry-After in seconds (429) and as an HTTP date (503), without spending an attempt', async () => {
    const target = await receiver((_, index) =>
      index === 0 ? { status: 429, headers: { 'retry-after': '1' } }
        : index === 1 ? { status: 503, headers: { 'retry-after': new Date(Date.now() + 2000).toUTCString() } }
          : { status: 200 },
    );
    const hook = await subscribe(relay.api, target.url);
    await emit(schema ? 200 : 201);
    const requests = await target.waitFor(3, 20_000);
    // The HTTP date has whole seconds: at least 1 s after the 503, less the milliseconds it drops.
    expect(requests[1].at - requests[0].at).toBeGreaterThanOrEqual(950);
    expect(requests[2].at - requests[1].at).toBeGreaterThanOrEqual(900);
    const [delivery] = await until(() => deliveriesOf(hook.id), (list) => list[0]?.status === 'succeeded');
    expect(delivery.attempts).toBe(1);
    expect(delivery.attempt_log.map((a) => a.status_code).sort()).toEqual([200, 429, 503]);
    await relay.api(`/v1/webhooks/${hook.id}`, { method: 'DELETE' });
  });
});
