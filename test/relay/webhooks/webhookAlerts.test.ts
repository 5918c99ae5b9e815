/**
 * Warning before disable: a webhook failing for RELAY_WARN_AFTER_FAILING is announced (log, /metrics, and the
 * relay's own relay_webhook_failing event, signed and delivered to a subscriber like any other), and again when
 * it is disabled (relay_webhook_disabled); one that recovers is never announced as disabled. Switching it back
 * on offers to redeliver what failed meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { startReceiver, type Receiver } from '../../support/receiver.ts';
import { subscribe } from '../../support/subscribe.ts';
import { startTestRelay, type TestRelay } from '../../support/testRelay.ts';
import { until } from '../../support/until.ts';

let relay: TestRelay;
let alertsReceiver: Receiver;
let failing: Receiver;
let recovering: Receiver;
beforeAll(async () => {
  relay = await startTestRelay({
    RELAY_RETRY_SCHEDULE: '0,200ms,400ms,800ms,800ms,800ms',
    RELAY_WARN_AFTER_FAILING: '100ms',
    RELAY_DISABLE_AFTER_FAILING: '1s',
    RELAY_PUBLIC_URL: 'https://relay.example',
  });
  [alertsReceiver, failing, recovering] = await Promise.all([
    startReceiver(),
    startReceiver(() => ({ status: 500, body: 'down' })),
    startReceiver((_, index) => (index < 2 ? { status: 500, body: 'down' } : { status: 200 })),
  ]);
});
afterAll(async () => {
  await relay.stop();
  await Promise.all([alertsReceiver, failing, recovering].map((receiver) => receiver.close()));
});

const alerts = () => alertsReceiver.requests.map((request) => ({ event: String(request.headers['x-um-event']), payload: JSON.parse(request.body) as Record<string, unknown>, request }));

describe('webhook alerts', () => {
  it('announces a failing webhook, then its disabling, as events a subscriber receives; a recovering one is never "disabled"', async () => {
    const created = await relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Ops alerts', url: alertsReceiver.url, events: ['relay_webhook_failing', 'relay_webhook_disabled'] } });
    expect(created.status).toBe(201);
    const { secret } = (await created.json()) as { secret: string };
    const down = await subscribe(relay.api, failing.url, { name: 'Down for good' });
    const flaky = await subscribe(relay.api, recovering.url, { name: 'Comes back' });
    expect((await relay.api('/v1/events', { method: 'POST', json: { event: 'payment_received', payload: { payment_id: 1 } } })).status).toBe(202);

    await until(alerts, (list) => list.some((alert) => alert.event === 'relay_webhook_disabled' && alert.payload.webhook === down.id), { timeoutMs: 60_000 });
    // Each sent once, in whatever order the deliveries land.
    const failingAlerts = (await until(alerts, (list) => list.filter((alert) => alert.event === 'relay_webhook_failing').length >= 2, { timeoutMs: 60_000 }))
      .filter((alert) => alert.event === 'relay_webhook_failing');
    expect(failingAlerts.map((alert) => alert.payload.webhook).sort()).toEqual([down.id, flaky.id].sort());
    const disabled = alerts().find((alert) => alert.event === 'relay_webhook_disabled')!;
    expect(disabled.payload).toMatchObject({
      webhook: down.id, webhook_name: 'Down for good', webhook_url: failing.url, webhook_events: 'payment_received',
      last_status_code: 500, disabled_reason: expect.stringMatching(/failed for .* with no success/),
      manage_url: `https://relay.example/ui/webhooks/${down.id}`,
    });
    expect(failingAlerts.find((alert) => alert.payload.webhook === down.id)!.payload).toMatchObject({ will_disable_at: expect.any(String), failing_since: expect.any(String) });
    // Signed like every delivery.
    expect(() => new Webhook(secret).verify(disabled.request.body, disabled.request.headers as Record<string, string>)).not.toThrow();

    // The recovering one succeeded and stays on: disabling is what would announce it, and it was never disabled.
    await until(async () => (await (await relay.api(`/v1/webhooks/${flaky.id}`)).json()) as { active: boolean; failing_since: string | null }, (hook) => hook.failing_since === null);
    expect(await (await relay.api(`/v1/webhooks/${flaky.id}`)).json()).toMatchObject({ active: true, disabled_reason: null });
    expect(alerts().filter((alert) => alert.event === 'relay_webhook_disabled').map((alert) => alert.payload.webhook)).toEqual([down.id]);

    // In the log, in /metrics, and in the event list as the relay's own.
    expect(relay.logs.some((line) => line.includes('"webhook failing"') && line.includes(down.id))).toBe(true);
    const metrics = await (await relay.api('/metrics')).text();
    expect(metrics).toMatch(/^relay_webhooks_failing_total 2$/m);
    expect(metrics).toMatch(/^relay_webhooks_disabled_total\{reason="failing"\} 1$/m);
    const events = (await (await relay.api('/v1/events?event=relay_webhook_disabled')).json()) as { data: { source: string }[] };
    expect(events.data.map((event) => event.source)).toEqual(['relay']);
  });

  it('switching a disabled webhook back on offers to redeliver what failed meanwhile', async () => {
    const hook = await subscribe(relay.api, failing.url, { name: 'Down again' });
    expect((await relay.api('/v1/events', { method: 'POST', json: { event: 'payment_received', payload: { payment_id: 2 } } })).status).toBe(202);
    await until(async () => (await (await relay.api(`/v1/webhooks/${hook.id}`)).json()) as { active: boolean }, (read) => read.active === false, { timeoutMs: 60_000 });
    failing.respond(() => ({ status: 200 }));
    const enabled = (await (await relay.api(`/v1/webhooks/${hook.id}`, { method: 'PATCH', json: { active: true } })).json()) as { active: boolean; redeliver: { failed: number; since: string; hint: string } };
    expect(enabled.active).toBe(true);
    expect(enabled.redeliver).toMatchObject({ failed: 1, hint: expect.stringContaining(`/v1/webhooks/${hook.id}/redeliver-failed`) });
    const redelivered = await relay.api(`/v1/webhooks/${hook.id}/redeliver-failed`, { method: 'POST', json: { since: enabled.redeliver.since } });
    expect(await redelivered.json()).toMatchObject({ requeued: 1 });
    await until(async () => ((await (await relay.api(`/v1/webhooks/${hook.id}/deliveries`)).json()) as { data: { status: string }[] }).data, (list) => list[0]?.status === 'succeeded');
    // Switching on a webhook that had nothing fail says nothing more.
    await relay.api(`/v1/webhooks/${hook.id}`, { method: 'PATCH', json: { active: false } });
    expect(await (await relay.api(`/v1/webhooks/${hook.id}`, { method: 'PATCH', json: { active: true } })).json()).not.toHaveProperty('redeliver');
  });
});
