import { describe, expect, it } from 'vitest';
import { eventCatalog, findEventType } from '../../../shared/events/catalog.ts';
import { relayAndReceiverForSuite } from '../../support/testRelay.ts';

const suite = relayAndReceiverForSuite();

const real = (slug: string) => ({ ...findEventType(slug)!.sample, customer_user_email: 'real@customer.io', payment_id: 4242 });

describe('ingest from Ultimate Multisite (POST /ingest/{token}/{slug})', () => {
  it('stores every catalog sample exactly as sent and answers with a non-empty JSON body', async () => {
    for (const eventType of eventCatalog) {
      const body = JSON.stringify(eventType.sample);
      const response = await suite.relay.ingest(eventType.slug, body);
      expect(response.status, eventType.slug).toBe(202);
      const answer = await response.json();
      // The plugin's own "Send Test Event" sample is recorded as a test.
      expect(answer).toMatchObject({ ok: true, event: eventType.slug, test: true, duplicate: false, deliveries: 0 });
      const stored = await (await suite.relay.api(`/v1/events/${answer.id}`)).json();
      expect(stored.payload).toEqual(eventType.sample);
      expect(stored.test).toBe(true);
    }
  });

  it('fans a real event out but never the plugin sample', async () => {
    const created = await (await suite.relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Fan', url: suite.receiver.url, event: 'payment_received' } })).json();
    const sample = await (await suite.relay.ingest('payment_received', findEventType('payment_received')!.sample)).json();
    expect(sample).toMatchObject({ test: true, deliveries: 0 });
    const event = await (await suite.relay.ingest('payment_received', real('payment_received'))).json();
    expect(event).toMatchObject({ test: false, deliveries: 1 });
    const [request] = await suite.receiver.waitFor(1);
    expect(request.headers['webhook-id']).toBe(event.id);
    expect(suite.receiver.requests).toHaveLength(1);
    await suite.relay.api(`/v1/webhooks/${created.id}`, { method: 'DELETE' });
  });

  it('keeps the exact bytes the host sent (spacing, unicode, key order)', async () => {
    const body = '{ "payment_id": "17",\n "customer_name": "Zoë <b>Ünïcode</b> ✓", "payment_total_raw": "19.90", "extra_addon_key": [1, {"x": null}] }';
    const answer = await (await suite.relay.ingest('payment_received', body)).json();
    const events = await (await suite.relay.api('/v1/events?event=payment_received&limit=1')).json();
    expect(events.data[0].id).toBe(answer.id);
    expect(events.data[0].payload).toEqual(JSON.parse(body));
  });

  it('accepts add-on event slugs and lists them as custom types from then on', async () => {
    const before = await (await suite.relay.api('/v1/event-types')).json();
    expect(before.data.some((type: { slug: string }) => type.slug === 'affiliate_signup')).toBe(false);
    // By default only what can fire: the 9 events the plugin POSTs and the relay's own 2; ?all=true has every one of the catalog's 25.
    expect(before.data.filter((type: { custom: boolean }) => !type.custom)).toHaveLength(11);
    expect((await (await suite.relay.api('/v1/event-types?all=true')).json()).data.filter((type: { custom: boolean }) => !type.custom)).toHaveLength(25);
    expect((await suite.relay.ingest('affiliate_signup', { affiliate_id: 9, wu_version: '2.4.12' })).status).toBe(202);
    const after = await (await suite.relay.api('/v1/event-types')).json();
    expect(after.data.find((type: { slug: string }) => type.slug === 'affiliate_signup')).toMatchObject({ custom: true, name: 'Affiliate Signup', sample: { affiliate_id: 9 } });
  });

  it('refuses a wrong token, a bad slug, and bodies that are not JSON objects, naming the problem', async () => {
    const wrong = await fetch(`${suite.relay.url}/ingest/it_wrong/payment_received`, { method: 'POST', body: '{}' });
    expect(wrong.status).toBe(401);
    const cases: [string, string, number, RegExp][] = [
      ['Payment-Received', '{}', 400, /^event: /],
      ['payment_received', 'not json', 400, /^body: is not valid JSON/],
      ['payment_received', '[1,2]', 400, /^body: must be a JSON object/],
      ['payment_received', '"text"', 400, /^body: must be a JSON object/],
      ['payment_received', '', 400, /^body: is empty/],
    ];
    for (const [slug, body, status, message] of cases) {
      const response = await fetch(`${suite.relay.url}/ingest/${suite.relay.keys.ingestToken}/${slug}`, { method: 'POST', body });
      expect(response.status, `${slug} ${body}`).toBe(status);
      expect((await response.json()).error.message).toMatch(message);
    }
  });
});

describe('ingest through the API (POST /v1/events)', () => {
  it('creates one event and one fan-out per id or Idempotency-Key', async () => {
    const hook = await (await suite.relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Idem', url: suite.receiver.url, event: 'site_published' } })).json();
    const start = suite.receiver.requests.length;
    const payload = { ...findEventType('site_published')!.sample, site_id: 31 };
    const first = await suite.relay.api('/v1/events', { method: 'POST', json: { event: 'site_published', payload, id: 'site-31' } });
    const second = await suite.relay.api('/v1/events', { method: 'POST', json: { event: 'site_published', payload, id: 'site-31' } });
    expect(first.status).toBe(202);
    expect(second.status).toBe(200);
    const [a, b] = [await first.json(), await second.json()];
    expect(b).toMatchObject({ id: a.id, duplicate: true });
    const byHeader = () => suite.relay.api('/v1/events', { method: 'POST', headers: { 'idempotency-key': 'hdr-1' }, json: { event: 'site_published', payload } });
    const c = await (await byHeader()).json();
    const d = await (await byHeader()).json();
    expect(d).toMatchObject({ id: c.id, duplicate: true });
    // Two events, so two deliveries were recorded at ingest (the duplicates made none), and both arrived.
    const { data } = await (await suite.relay.api(`/v1/webhooks/${hook.id}/deliveries`)).json();
    expect(data.map((delivery: { event_id: string }) => delivery.event_id).sort()).toEqual([a.id, c.id].sort());
    await suite.receiver.waitFor(start + 2);
    expect(suite.receiver.requests.slice(start).map((r) => r.headers['webhook-id']).sort()).toEqual([a.id, c.id].sort());
    await suite.relay.api(`/v1/webhooks/${hook.id}`, { method: 'DELETE' });
  });

  it('validates the envelope with errors naming the field', async () => {
    const cases: [unknown, RegExp][] = [
      [{ payload: {} }, /^event: /],
      [{ event: 'payment_received' }, /^payload: /],
      [{ event: 'payment_received', payload: [1] }, /^payload: must be a JSON object/],
      [{ event: 'BAD SLUG', payload: {} }, /^event: must be an event slug/],
      [{ event: 'payment_received', payload: {}, id: 5 }, /^id: must be a string/],
      [{ event: 'payment_received', payload: {}, extra: 1 }, /unknown field "extra"/],
    ];
    for (const [json, message] of cases) {
      const response = await suite.relay.api('/v1/events', { method: 'POST', json });
      expect(response.status, JSON.stringify(json)).toBe(400);
      expect((await response.json()).error.message, JSON.stringify(json)).toMatch(message);
    }
  });

  it('lists recent events newest first, filtered by type, without tests', async () => {
    for (let i = 1; i <= 3; i++) await suite.relay.api('/v1/events', { method: 'POST', json: { event: 'invoice_sent', payload: { n: i } } });
    const { data, next_cursor } = await (await suite.relay.api('/v1/events?event=invoice_sent&limit=2')).json();
    expect(data.map((e: { payload: { n: number } }) => e.payload.n)).toEqual([3, 2]);
    const older = await (await suite.relay.api(`/v1/events?event=invoice_sent&limit=2&before=${next_cursor}`)).json();
    expect(older.data.map((e: { payload: { n: number } }) => e.payload.n)).toEqual([1]);
    const bad = await suite.relay.api('/v1/events?limit=500');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/^limit: /);
  });
});
