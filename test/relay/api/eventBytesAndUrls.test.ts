/**
 * What the relay keeps is what it was given: POST /v1/events delivers the payload's bytes as sent (big numbers,
 * escapes), GET /v1/events shows those same bytes, and a webhook URL is stored as the URL that will be called,
 * with whitespace refused.
 */
import { describe, expect, it } from 'vitest';
import { relayAndReceiverForSuite } from '../../support/testRelay.ts';
import { subscribe } from '../../support/subscribe.ts';
import { signInToWeb } from '../../support/webSession.ts';

const suite = relayAndReceiverForSuite();

describe('POST /v1/events', () => {
  it('delivers the payload byte for byte, a 20-digit number and escapes included', async () => {
    await subscribe(suite.relay.api, suite.receiver.url);
    const payload = '{ "payment_id" : 12345678901234567890, "note": "caf\\u00e9 \\/ 1.50e3" }';
    const response = await suite.relay.api('/v1/events', { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"event":"payment_received","payload":${payload},"id":"bytes-1"}` });
    expect(response.status).toBe(202);
    const [delivered] = await suite.receiver.waitFor(1);
    expect(delivered.body).toBe(payload);
  });
});

describe('GET /v1/events', () => {
  it('shows the payload as sent, as deliveries carry it: a 20-digit number is not rounded', async () => {
    const payload = '{"payment_id":12345678901234567890,"total":0.1000000000000000055511151231257827,"note":"caf\\u00e9"}';
    const ingested = await suite.relay.ingest('payment_received', payload);
    expect(ingested.status).toBe(202);
    const { id } = await ingested.json();
    const one = await (await suite.relay.api(`/v1/events/${id}`)).text();
    expect(one).toContain(`"payload":${payload}`);
    expect(JSON.parse(one)).toMatchObject({ id, event: 'payment_received', payload: { note: 'café' } });
    const listed = await (await suite.relay.api('/v1/events?event=payment_received&limit=1')).text();
    expect(listed).toContain(`"payload":${payload}`);
    expect(JSON.parse(listed).data[0].id).toBe(id);
    // The Events page shows the same digits.
    const page = await (await signInToWeb(suite.relay.url, suite.relay.keys.apiKey)).get('/ui/events');
    const html = await page.text();
    expect(html).toContain('12345678901234567890');
    expect(html).not.toContain('12345678901234567000');
  });
});

describe('webhook URLs', () => {
  const create = (url: string) => suite.relay.api('/v1/webhooks', { method: 'POST', json: { name: 'URL check', url, event: 'payment_received' } });

  it('stores the URL that will be called: a backslash is read as a slash, so the host is what the relay connects to', async () => {
    const created = await create('http://a.test\\@example.com/hook');
    expect(created.status).toBe(201);
    expect((await created.json()).url).toBe('http://a.test/@example.com/hook');
    expect((await (await create('HTTPS://Example.COM:443/a/../hook')).json()).url).toBe('https://example.com/hook');
  });

  it('refuses tabs, newlines and spaces, which URL parsing would drop silently', async () => {
    for (const url of ['http://exa\tmple.com/hook', 'http://example.com/ho\nok', 'http://example.com/a b']) {
      const refused = await create(url);
      expect(refused.status, JSON.stringify(url)).toBe(400);
      expect((await refused.json()).error).toMatchObject({ field: 'url', message: expect.stringMatching(/^url: must not contain/) });
    }
  });
});
