/** The REST-hook round trip against a real relay: subscribe, delivery to the Zap's hook URL, perform, performList, unsubscribe, 410. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEventType } from '../../shared/events/catalog.ts';
import { eventItem } from '../../connector/src/items/eventItem.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { startTestRelay, type TestRelay } from '../support/testRelay.ts';
import { eventually } from '../support/until.ts';
import { authDataFor, hookBundle, operationOf, run, type Item } from './support/zapier.ts';

const trigger = operationOf('payment_received');
let relay: TestRelay;
let zapHook: Receiver;
let authData: { relay_url: string; api_key: string };

beforeAll(async () => {
  relay = await startTestRelay();
  zapHook = await startReceiver();
  authData = authDataFor(relay);
});
afterAll(async () => {
  await relay.stop();
  await zapHook.close();
});

// The plugin's own sample is recorded as a test event and never fanned out: a real payment differs from it.
const realPayment = (paymentId: number) => ({ ...findEventType('payment_received')!.sample, payment_id: paymentId, payment_total: '$ 49.00', payment_total_raw: 49, customer_user_email: 'jane@customer.io' });

async function relayWebhook(id: string): Promise<Response> {
  return relay.api(`/v1/webhooks/${id}`);
}

describe('Payment Received trigger against a real relay', () => {
  it('performList shows the realistic sample (the static one), with a stable id, while the relay has no payment', async () => {
    const items = await run<Item[]>(trigger.performList, { authData, meta: { isLoadingSample: true } });
    expect(items).toEqual([trigger.sample]);
    expect(items[0]).toMatchObject({ id: 'sample_payment_received', payment_status: 'completed', payment_total: 49, customer_first_name: 'Jane' });
  });

  it('runs the whole REST-hook lifecycle, each step on the state the previous one left', async () => {
    let subscribeData: { id: string; secret: string };
    let hookItem: Item;

    // performSubscribe creates a zapier webhook for the event with the Zap hook URL and returns an object with its id and secret
    {
      subscribeData = await run<{ id: string; secret: string }>(trigger.performSubscribe, { authData, targetUrl: zapHook.url, meta: { zap: { id: '123' } } });
      expect(subscribeData).toEqual({ id: expect.stringMatching(/^wh_/), secret: expect.stringMatching(/^whsec_/) });
      expect(Array.isArray(subscribeData)).toBe(false);
      const listed = await (await relay.api('/v1/webhooks?integration=zapier&event=payment_received')).json();
      expect(listed.data).toEqual([expect.objectContaining({ id: subscribeData.id, url: zapHook.url, event: 'payment_received', integration: 'zapier', active: true, name: 'Zapier: Payment Received (Zap 123)' })]);
  
    }

    // performSubscribe again with the same hook URL gives the same webhook and secret: events are not delivered twice
    {
      const again = await run<{ id: string; secret: string }>(trigger.performSubscribe, { authData, targetUrl: zapHook.url, meta: { zap: { id: '123' } } });
      expect(again).toEqual(subscribeData);
      const listed = await (await relay.api('/v1/webhooks?integration=zapier&event=payment_received')).json();
      expect(listed.data).toHaveLength(1);
  
    }

    // the host emits Payment Received, the relay POSTs to the hook URL, and perform turns that exact request into one item
    {
      const payload = realPayment(101);
      const ingested = await (await relay.ingest('payment_received', payload)).json();
      expect(ingested).toMatchObject({ ok: true, test: false, deliveries: 1 });
      const [request] = await zapHook.waitFor(1);
      expect(request.headers['webhook-id']).toBe(ingested.id);

      const items = await run<Item[]>(trigger.perform, hookBundle(request, { authData, subscribeData, targetUrl: zapHook.url }));
      expect(items).toHaveLength(1);
      hookItem = items[0];
      expect(hookItem).toEqual(eventItem(ingested.id, 'payment_received', payload));
      expect(hookItem).toMatchObject({ payment_id: 101, payment_total: 49, payment_total_formatted: '$ 49.00', customer_user_email: 'jane@customer.io' });
  
    }

    // the same delivery fed to perform again (Zapier does not deduplicate hooks) does not run the Zap twice
    {
      const items = await run<Item[]>(trigger.perform, hookBundle(zapHook.requests[0], { authData, subscribeData }));
      expect(items).toEqual([]);
    }

    // performList gives the real events, newest first, with exactly the keys perform gives
    {
      const newer = await (await relay.ingest('payment_received', realPayment(102))).json();
      await zapHook.waitFor(2);
      const items = await run<Item[]>(trigger.performList, { authData, meta: { isLoadingSample: true } });
      expect(items.map((item) => item.id)).toEqual([newer.id, hookItem.id]);
      expect(Object.keys(items[1]).sort()).toEqual(Object.keys(hookItem).sort());
      expect(items[1]).toEqual(hookItem);
  
    }

    // every item field has exactly one output field, with a human label
    {
      const fields = trigger.outputFields as { key: string; label: string }[];
      expect(fields.map((field) => field.key)).toEqual(Object.keys(hookItem));
      const labels = new Map(fields.map((field) => [field.key, field.label]));
      expect(labels.get('payment_total')).toBe('Payment Total');
      expect(labels.get('payment_total_formatted')).toBe('Payment Total (Formatted)');
      expect(labels.get('wu_version')).toBe('Ultimate Multisite Version');
      expect(labels.get('id')).toBe('Event ID');
  
    }

    // performUnsubscribe deletes the webhook; a webhook already gone counts as success
    {
      await run(trigger.performUnsubscribe, { authData, subscribeData });
      expect((await relayWebhook(subscribeData.id)).status).toBe(404);
      await expect(run(trigger.performUnsubscribe, { authData, subscribeData })).resolves.toBeDefined();
      const listed = await (await relay.api('/v1/webhooks?integration=zapier&event=payment_received')).json();
      expect(listed.data).toEqual([]);
  
    }
  });

  it('a 410 from the hook URL (the Zap is gone) makes the relay drop the subscription', async () => {
    const gone = await startReceiver(() => ({ status: 410, body: '{"status":"gone"}' }));
    try {
      const { id } = await run<{ id: string }>(trigger.performSubscribe, { authData, targetUrl: gone.url });
      await relay.ingest('payment_received', realPayment(103));
      await gone.waitFor(1);
      const webhook = await eventually(async () => {
        const body = await (await relayWebhook(id)).json();
        return body.active === false ? body : undefined;
      });
      expect(webhook.disabled_reason).toEqual(expect.any(String));
      // No retries to a hook that answered 410: its one delivery is cancelled after the one attempt.
      const { data } = await (await relay.api(`/v1/webhooks/${id}/deliveries`)).json();
      expect(data.map((delivery: { status: string; attempts: number }) => [delivery.status, delivery.attempts])).toEqual([['cancelled', 1]]);
    } finally {
      await gone.close();
    }
  });
});
