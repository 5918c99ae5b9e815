/** "New Event (any type)": the dropdown filled live from the relay, and an add-on event type the catalog does not know. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { startTestRelay, type TestRelay } from '../support/testRelay.ts';
import { app, authDataFor, hookBundle, operationOf, run, type Item } from './support/zapier.ts';

const anyEvent = { display: app.triggers.any_event.display, operation: operationOf('any_event') };
const dropdown = { display: app.triggers.event_type_list.display, operation: operationOf('event_type_list') };
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

type Choice = { id: string; name: string };

const affiliateSignup = { affiliate_id: 7, affiliate_email: 'partner@example.com', id: 'aff_7', event: 'signup' };

describe('New Event (any type)', () => {
  it('picks its event from a dynamic dropdown fed by a hidden helper trigger', () => {
    expect(anyEvent.display).toMatchObject({ label: 'New Event' });
    expect(anyEvent.operation.type).toBe('hook');
    expect(anyEvent.operation.inputFields![0]).toEqual(expect.objectContaining({ key: 'event', required: true, dynamic: 'event_type_list.id.name', altersDynamicFields: true }));
    expect(dropdown.display.hidden).toBe(true);
  });

  it('the dropdown lists the events that can fire and, once the host has posted one, an add-on event type', async () => {
    const before = await run<Choice[]>(dropdown.operation.perform, { authData });
    // Only the events that can fire: the 9 the plugin POSTs and the relay's own 2 (the relay lists the rest with ?all=true).
    expect(before).toHaveLength(11);
    expect(before).toContainEqual({ id: 'payment_received', name: 'Payment Received' });
    expect(before).toContainEqual({ id: 'relay_webhook_disabled', name: 'Webhook Disabled' });
    expect(before.map((choice) => choice.id)).not.toContain('checkout_started');

    expect((await relay.ingest('affiliate_signup', affiliateSignup)).status).toBe(202);
    const after = await run<Choice[]>(dropdown.operation.perform, { authData });
    expect(after).toContainEqual({ id: 'affiliate_signup', name: 'Affiliate Signup (add-on: affiliate_signup)' });
  });

  it('subscribes to the chosen add-on event, and perform and performList give items of the same shape', async () => {
    const inputData = { event: 'affiliate_signup' };
    const subscribeData = await run<{ id: string }>(anyEvent.operation.performSubscribe, { authData, inputData, targetUrl: zapHook.url });
    const webhook = await (await relay.api(`/v1/webhooks/${subscribeData.id}`)).json();
    expect(webhook).toMatchObject({ event: 'affiliate_signup', integration: 'zapier', url: zapHook.url, name: 'Zapier: Affiliate Signup' });

    const second = { ...affiliateSignup, affiliate_id: 8, id: 'aff_8' };
    const ingested = await (await relay.ingest('affiliate_signup', second)).json();
    const [request] = await zapHook.waitFor(1);
    const [item] = await run<Item[]>(anyEvent.operation.perform, hookBundle(request, { authData, inputData, subscribeData }));
    // The payload's own id and event keys are kept, renamed, so the item's id stays the relay's event id.
    expect(item).toEqual({ id: ingested.id, event: 'affiliate_signup', affiliate_id: 8, affiliate_email: 'partner@example.com', payload_id: 'aff_8', payload_event: 'signup' });

    const listed = await run<Item[]>(anyEvent.operation.performList, { authData, inputData });
    expect(listed[0]).toEqual(item);
    expect(listed).toHaveLength(2);
  });

  it('offers the chosen type’s fields as output fields, labelled', async () => {
    const dynamicFields = anyEvent.operation.outputFields!.find((field) => typeof field === 'function')!;
    const fields = await run<{ key: string; label: string }[]>(dynamicFields, { authData, inputData: { event: 'affiliate_signup' } });
    expect(fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'affiliate_email', label: 'Affiliate Email' }),
        expect.objectContaining({ key: 'payload_id', label: 'Payload ID' }),
      ]),
    );
  });

  it('with no event of the chosen type yet, performList gives that type’s own realistic sample, as its trigger does', async () => {
    for (const slug of ['membership_expired', 'site_published', 'payment_received']) {
      const items = await run<Item[]>(anyEvent.operation.performList, { authData, inputData: { event: slug } });
      expect(items, slug).toEqual([operationOf(slug).sample]);
    }
    const [expired] = await run<Item[]>(anyEvent.operation.performList, { authData, inputData: { event: 'membership_expired' } });
    expect(expired).toMatchObject({ id: 'sample_membership_expired', event: 'membership_expired', membership_status: 'expired', customer_name: 'Jane Cooper' });
  });

  it('offers the chosen type’s filters, as that type’s own trigger does', async () => {
    const dynamicInputs = anyEvent.operation.inputFields!.find((field) => typeof field === 'function')!;
    const forPayments = await run<{ key: string }[]>(dynamicInputs, { authData, inputData: { event: 'payment_received' } });
    expect(forPayments.map((field) => field.key)).toEqual((operationOf('payment_received').inputFields ?? []).map((field) => field.key));
    expect(forPayments.map((field) => field.key)).toContain('filter_payment_status');
    expect(await run(dynamicInputs, { authData, inputData: { event: 'affiliate_signup' } })).toEqual([]);
  });

  it('lists every output field once: id and event, then the chosen type’s fields', async () => {
    const dynamicFields = anyEvent.operation.outputFields!.find((field) => typeof field === 'function')!;
    const staticFields = anyEvent.operation.outputFields!.filter((field) => typeof field !== 'function') as { key: string }[];
    const chosen = await run<{ key: string }[]>(dynamicFields, { authData, inputData: { event: 'payment_received' } });
    const keys = [...staticFields, ...chosen].map((field) => field.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(Object.keys(operationOf('payment_received').sample!));
  });
});
