import { describe, expect, it } from 'vitest';
import { startReceiver } from '../../support/receiver.ts';
import { startTestRelay } from '../../support/testRelay.ts';

describe('graceful shutdown', () => {
  it('stops taking requests, lets in-flight deliveries finish and records them', async () => {
    // The receiver holds the first request open: the attempt is in flight when stop() begins.
    const receiver = await startReceiver(() => 'hang');
    const relay = await startTestRelay();
    const hook = await (await relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Slow', url: receiver.url, event: 'payment_received' } })).json();
    const event = await (await relay.api('/v1/events', { method: 'POST', json: { event: 'payment_received', payload: { payment_id: 1 } } })).json();
    await receiver.waitFor(1);
    receiver.respond(() => ({ status: 200 }));
    const stopping = relay.stop();
    await expect(fetch(`${relay.url}/healthz`)).rejects.toThrow();
    await stopping;
    // The hanging request timed out (2 s in tests) inside the grace period, so the attempt was recorded,
    // not abandoned: a relay started on the same store retries it rather than waiting out a lease.
    const again = await startTestRelay({}, { dataDir: relay.dataDir });
    const delivery = await (await again.api(`/v1/events/${event.id}`)).json();
    expect(delivery.deliveries[0]).toMatchObject({ webhook_id: hook.id, attempts: 1 });
    expect(delivery.deliveries[0].attempt_log[0].error).toMatch(/timed out/);
    await receiver.waitFor(2);
    expect(receiver.requests[1].headers['webhook-id']).toBe(event.id);
    await again.stop();
    await receiver.close();
  });
});
