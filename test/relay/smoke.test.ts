import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { findEventType } from '../../shared/events/catalog.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { startTestRelay, type TestRelay } from '../support/testRelay.ts';

let relay: TestRelay;
let receiver: Receiver;
beforeAll(async () => {
  relay = await startTestRelay();
  receiver = await startReceiver();
});
afterAll(async () => {
  await relay.stop();
  await receiver.close();
});

describe('smoke', () => {
  it('delivers an ingested event signed', async () => {
    const created = await relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Sheet', url: receiver.url, event: 'payment_received' } });
    expect(created.status).toBe(201);
    const webhook = await created.json();
    const payload = { ...findEventType('payment_received')!.sample, payment_id: 77, customer_user_email: 'ana@example.com' };
    const ingested = await relay.ingest('payment_received', payload);
    expect(ingested.status).toBe(202);
    const [request] = await receiver.waitFor(1);
    expect(JSON.parse(request.body)).toEqual(payload);
    expect(new Webhook(webhook.secret).verify(request.body, request.headers as Record<string, string>)).toEqual(payload);
  });
});
