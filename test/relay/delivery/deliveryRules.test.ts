import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { findEventType } from '../../../shared/events/catalog.ts';
import { startReceiver, type Receiver } from '../../support/receiver.ts';
import { until } from '../../support/until.ts';
import { startTestRelay, type TestRelay } from '../../support/testRelay.ts';
import { subscribe as subscribeTo } from '../../support/subscribe.ts';

let relay: TestRelay;
const receivers: Receiver[] = [];
beforeAll(async () => {
  relay = await startTestRelay({ RELAY_REQUEST_TIMEOUT: '500ms' });
});
afterAll(() => relay.stop());
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

async function receiver(responder?: Parameters<typeof startReceiver>[0]) {
  const started = await startReceiver(responder);
  receivers.push(started);
  return started;
}

const subscribe = (url: string, event = 'payment_received') => subscribeTo(relay.api, url, { event });

const payment = (id: number) => ({ ...findEventType('payment_received')!.sample, payment_id: id, customer_user_email: `c${id}@example.com` });

async function emit(payload: Record<string, unknown>, event = 'payment_received') {
  return (await (await relay.api('/v1/events', { method: 'POST', json: { event, payload } })).json()) as { id: string; deliveries: number };
}

async function deliveriesOf(webhookId: string) {
  return (await (await relay.api(`/v1/webhooks/${webhookId}/deliveries`)).json()).data as {
    id: string; status: string; attempts: number; last_status_code: number | null; next_attempt_at: string | null;
    attempt_log: { trigger: string; status_code: number | null; error: string | null; response_excerpt: string | null; ok: boolean; attempt_number: number }[];
  }[];
}


describe('delivery', () => {
  it('fans out to several subscribers with the exact body, Standard Webhooks headers and the event name', async () => {
    const [a, b, c] = [await receiver(), await receiver(), await receiver()];
    const hooks = [await subscribe(a.url), await subscribe(b.url), await subscribe(c.url, 'site_published')];
    const event = await emit(payment(501));
    expect(event.deliveries).toBe(2);
    for (const [index, target] of [a, b].entries()) {
      const [request] = await target.waitFor(1);
      expect(request.body).toBe(JSON.stringify(payment(501)));
      expect(request.headers).toMatchObject({ 'webhook-id': event.id, 'x-um-event': 'payment_received', 'content-type': 'application/json' });
      expect(new Webhook(hooks[index].secret).verify(request.body, request.headers as Record<string, string>)).toEqual(payment(501));
      expect(() => new Webhook(hooks[1 - index].secret).verify(request.body, request.headers as Record<string, string>)).toThrow();
    }
    // c subscribes to another event: it got no delivery record at ingest, so nothing is ever sent to it.
    expect(await deliveriesOf(hooks[2].id)).toEqual([]);
  });

  it('retries a 500 with the same webhook-id until it succeeds, logging every attempt', async () => {
    const target = await receiver((_, index) => (index < 2 ? { status: 500, body: 'oops' } : { status: 200, body: 'thanks' }));
    const hook = await subscribe(target.url);
    const event = await emit(payment(502));
    const requests = await target.waitFor(3);
    expect(new Set(requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([event.id]));
    expect(requests.map((r) => r.headers['x-um-attempt'])).toEqual(['1', '2', '3']);
    // Each attempt is re-signed with its own timestamp; every one verifies.
    for (const request of requests) new Webhook(hook.secret).verify(request.body, request.headers as Record<string, string>);
    const [delivery] = await until(() => deliveriesOf(hook.id), (list) => list[0]?.status === 'succeeded');
    expect(delivery.attempts).toBe(3);
    expect(delivery.attempt_log.map((attempt) => [attempt.attempt_number, attempt.status_code, attempt.ok])).toEqual([[3, 200, true], [2, 500, false], [1, 500, false]]);
    expect(delivery.attempt_log[2]).toMatchObject({ trigger: 'scheduled', error: 'HTTP 500', response_excerpt: 'oops' });
    // The schedule (0, 200 ms, 400 ms in tests) spaced the attempts.
    expect(requests[1].at - requests[0].at).toBeGreaterThanOrEqual(150);
    expect(requests[2].at - requests[1].at).toBeGreaterThanOrEqual(350);
  });

  it('gives up after the last scheduled attempt and marks the delivery failed', async () => {
    const target = await receiver(() => ({ status: 503 }));
    const hook = await subscribe(target.url);
    await emit(payment(503));
    const [delivery] = await until(() => deliveriesOf(hook.id), (list) => list[0]?.status === 'failed');
    expect(delivery.attempts).toBe(4);
    expect(target.requests).toHaveLength(4);
    const webhook = await (await relay.api(`/v1/webhooks/${hook.id}`)).json();
    expect(webhook).toMatchObject({ active: true, deliveries_failed: 1, failing_since: expect.any(String) });
  });

  it('treats a timeout and a refused connection as failures to retry', async () => {
    const slow = await receiver((_, index) => (index === 0 ? 'hang' : { status: 200, body: 'late but fine' }));
    const hook = await subscribe(slow.url);
    await emit(payment(504));
    const [delivery] = await until(() => deliveriesOf(hook.id), (list) => list[0]?.status === 'succeeded');
    expect(delivery.attempt_log.at(-1)).toMatchObject({ status_code: null, error: expect.stringMatching(/timed out after 500 ms/) });

    const closed = await receiver();
    const url = closed.url;
    await closed.close();
    const refusedHook = await subscribe(url);
    await emit(payment(505));
    const [refused] = await until(() => deliveriesOf(refusedHook.id), (list) => (list[0]?.attempts ?? 0) >= 1);
    expect(refused.attempt_log.at(-1)!.error).toMatch(/ECONNREFUSED/);
    await relay.api(`/v1/webhooks/${refusedHook.id}`, { method: 'DELETE' });
  });

  it('honours Retry-After on 429, in seconds and as an HTTP date', async () => {
    const target = await receiver((_, index) =>
      index === 0 ? { status: 429, headers: { 'retry-after': '1' } } : index === 1 ? { status: 503, headers: { 'retry-after': new Date(Date.now() + 2000).toUTCString() } } : { status: 200 },
    );
    const hook = await subscribe(target.url);
    await emit(payment(506));
    const requests = await target.waitFor(3, 10_000);
    // Without Retry-After the schedule would have retried after 200 ms and 400 ms.
    expect(requests[1].at - requests[0].at).toBeGreaterThanOrEqual(950);
    expect(requests[2].at - requests[1].at).toBeGreaterThanOrEqual(900);
    await until(() => deliveriesOf(hook.id), (list) => list[0]?.status === 'succeeded');
  });

  it('does not follow redirects: a 3xx is a failure', async () => {
    const target = await receiver(() => ({ status: 301, headers: { location: 'http://127.0.0.1:1/elsewhere' } }));
    const hook = await subscribe(target.url);
    await emit(payment(507));
    const [delivery] = await until(() => deliveriesOf(hook.id), (list) => (list[0]?.attempts ?? 0) >= 1);
    expect(delivery.attempt_log.at(-1)).toMatchObject({ status_code: 301, ok: false, error: expect.stringMatching(/redirects are not followed/) });
    await relay.api(`/v1/webhooks/${hook.id}`, { method: 'DELETE' });
  });

  it('deactivates a webhook answered with 410 Gone and stops its pending retries', async () => {
    const target = await receiver(() => ({ status: 410, body: 'gone' }));
    const hook = await subscribe(target.url, 'membership_expired');
    await emit(payment(508), 'membership_expired');
    const webhook = await until(async () => (await relay.api(`/v1/webhooks/${hook.id}`)).json(), (value) => value.active === false);
    expect(webhook.disabled_reason).toMatch(/410 Gone/);
    const [delivery] = await deliveriesOf(hook.id);
    expect(delivery).toMatchObject({ status: 'cancelled', attempts: 1 });
    const next = await emit(payment(509), 'membership_expired');
    expect(next.deliveries).toBe(0);
    // Its one delivery is cancelled and the new event made none: nothing is left to send.
    expect((await deliveriesOf(hook.id)).map((d) => [d.status, d.attempts])).toEqual([['cancelled', 1]]);
  });

  it('Send Test Event delivers the sample to that one URL, signed, and reports what happened', async () => {
    const target = await receiver(() => ({ status: 200, body: '{"received":true}' }));
    const other = await receiver();
    const hook = await subscribe(target.url, 'site_published');
    const otherHook = await subscribe(other.url, 'site_published');
    const response = await relay.api(`/v1/webhooks/${hook.id}/test`, { method: 'POST' });
    const result = await response.json();
    expect(result).toMatchObject({ ok: true, status_code: 200, response_excerpt: '{"received":true}', error: null });
    expect(result.duration_ms).toBeGreaterThanOrEqual(0);
    expect(target.requests).toHaveLength(1);
    expect(JSON.parse(target.requests[0].body)).toEqual(findEventType('site_published')!.sample);
    new Webhook(hook.secret).verify(target.requests[0].body, target.requests[0].headers as Record<string, string>);
    const [delivery] = await deliveriesOf(hook.id);
    expect(delivery.attempt_log[0]).toMatchObject({ trigger: 'test', ok: true });
    // A test is sent directly, outside the queue: the other subscriber has no delivery for it at all.
    expect(await deliveriesOf(otherHook.id)).toEqual([]);

    target.respond(() => ({ status: 500, body: 'broken' }));
    const failed = await (await relay.api(`/v1/webhooks/${hook.id}/test`, { method: 'POST', json: { event: 'payment_received' } })).json();
    expect(failed).toMatchObject({ ok: false, status_code: 500, response_excerpt: 'broken', error: 'HTTP 500' });
    expect(JSON.parse(target.requests[1].body)).toEqual(findEventType('payment_received')!.sample);
    expect(await (await relay.api(`/v1/webhooks/${hook.id}`)).json()).toMatchObject({ failing_since: null });
  });

  it('redelivers one delivery by hand, and a webhook’s failures since a moment in bulk', async () => {
    const target = await receiver(() => ({ status: 500 }));
    const hook = await subscribe(target.url);
    const since = new Date().toISOString();
    await emit(payment(510));
    await emit(payment(511));
    const failed = await until(() => deliveriesOf(hook.id), (list) => list.length === 2 && list.every((d) => d.status === 'failed'));
    target.respond(() => ({ status: 200 }));

    const retried = await relay.api(`/v1/deliveries/${failed[0].id}/retry`, { method: 'POST' });
    expect(retried.status).toBe(202);
    await until(() => deliveriesOf(hook.id), (list) => list.find((d) => d.id === failed[0].id)!.status === 'succeeded');
    const single = (await deliveriesOf(hook.id)).find((d) => d.id === failed[0].id)!;
    expect(single.attempt_log[0]).toMatchObject({ trigger: 'manual', ok: true });

    const bulk = await (await relay.api(`/v1/webhooks/${hook.id}/redeliver-failed`, { method: 'POST', json: { since } })).json();
    expect(bulk).toEqual({ requeued: 1 });
    const all = await until(() => deliveriesOf(hook.id), (list) => list.every((d) => d.status === 'succeeded'));
    expect(all.find((d) => d.id === failed[1].id)!.attempt_log[0].trigger).toBe('manual');
    const badSince = await relay.api(`/v1/webhooks/${hook.id}/redeliver-failed`, { method: 'POST', json: { since: 'yesterday' } });
    expect((await badSince.json()).error.message).toMatch(/^since: /);
    expect((await relay.api('/v1/deliveries/dlv_nope/retry', { method: 'POST' })).status).toBe(404);
  });

  it('one hanging receiver does not hold back the others', async () => {
    const hanging = await receiver(() => 'hang');
    const healthy = await receiver();
    await subscribe(hanging.url);
    await subscribe(healthy.url);
    for (let i = 0; i < 40; i++) await emit(payment(600 + i));
    const started = Date.now();
    await healthy.waitFor(40, 5000);
    // All 40 arrived while the hanging receiver held its 16 in-flight slots for the 500 ms timeout.
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
