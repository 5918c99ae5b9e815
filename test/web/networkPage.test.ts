/** The web page's network connection, event types and webhook form, in plain HTTP against a real relay and the plugin double. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPluginApiDouble, type PluginApiDouble } from '../support/pluginApiDouble.ts';
import { liveRealEvents, liveTestEvents } from '../support/pluginFixtures.ts';
import { startTestRelay, type TestRelay } from '../support/testRelay.ts';

let relay: TestRelay;
let plugin: PluginApiDouble;
let cookies = '';

const cookieHeader = (response: Response) => response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
const tokenIn = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)![1];

beforeAll(async () => {
  relay = await startTestRelay({ RELAY_LOG_LEVEL: 'warn' });
  plugin = await startPluginApiDouble({ label: 'Acme Sites' });
  const signInPage = await fetch(`${relay.url}/ui/sign-in`);
  const signedIn = await fetch(`${relay.url}/ui/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookieHeader(signInPage) },
    body: new URLSearchParams({ _csrf: tokenIn(await signInPage.text()), api_key: relay.keys.apiKey, next: '/ui/webhooks' }),
  });
  cookies = cookieHeader(signedIn);
});
afterAll(async () => {
  await relay?.stop();
  await plugin?.close();
});

const page = async (path: string) => (await fetch(relay.url + path, { headers: { cookie: cookies } })).text();
const submit = async (path: string, fields: Record<string, string>) => {
  const token = tokenIn(await page('/ui/network'));
  return fetch(relay.url + path, { method: 'POST', redirect: 'manual', headers: { cookie: cookies }, body: new URLSearchParams({ _csrf: token, ...fields }) });
};

describe('Your network page', () => {
  it('connects in one step, says what to do on a wrong key, shows the wired events, and disconnects', async () => {
    expect(await page('/ui/network')).toContain('name="api_secret"');
    const wrong = await submit('/ui/network', { network_url: plugin.url, api_key: plugin.apiKey, api_secret: 'nope' });
    expect(wrong.status).toBe(422);
    const refusedPage = await wrong.text();
    expect(refusedPage).toMatch(/refused the API key and secret \(401 rest_forbidden\): copy both again/);
    // The form comes back with the URL and the API key typed (the secret is typed again, never sent back).
    expect(refusedPage).toContain(`name="network_url" type="url" value="${plugin.url}"`);
    expect(refusedPage).toContain(`name="api_key" value="${plugin.apiKey}"`);
    expect(refusedPage).not.toContain('nope');
    expect(plugin.webhooks.size).toBe(0);

    const connected = await submit('/ui/network', { network_url: plugin.url, api_key: plugin.apiKey, api_secret: plugin.apiSecret });
    expect(connected.status).toBe(303);
    const shown = await page('/ui/network');
    expect(shown).toContain('Acme Sites');
    expect(shown.match(/class="network-event"/g)).toHaveLength(9);
    expect(shown).not.toContain(plugin.apiSecret);
    expect(plugin.webhooks.size).toBe(9);

    const disconnected = await submit('/ui/network/disconnect', {});
    expect(disconnected.status).toBe(303);
    expect(plugin.webhooks.size).toBe(0);
    expect(await page('/ui/network')).toContain('name="api_key"');
  });
});

describe('Events page', () => {
  it("hides the plugin's test events by default, shows them with kind=all, and only them with ?test=1", async () => {
    const test = await (await relay.ingest('payment_received', liveTestEvents.get('payment_received')!.body)).json();
    const real = await (await relay.ingest('payment_received', liveRealEvents.get('payment_received')!.body)).json();
    const byDefault = await page('/ui/events');
    expect(byDefault).not.toContain(`data-event-id="${test.id}"`);
    expect(byDefault).toContain(`data-event-id="${real.id}"`);
    expect(byDefault).toContain('Test events (Send Test Event) are hidden');
    const all = await page('/ui/events?kind=all');
    expect(all).toContain(`data-event-id="${test.id}"`);
    expect(all).toContain(`data-event-id="${real.id}"`);
    expect(all).toContain('A test event: not fanned out to webhooks.');
    const onlyTests = await page('/ui/events?test=1');
    expect(onlyTests).toContain(`data-event-id="${test.id}"`);
    expect(onlyTests).not.toContain(`data-event-id="${real.id}"`);
  });
});

describe('Event types page and the webhook form', () => {
  it('shows only events that can fire, and every one with ?all=1, marked', async () => {
    const canFire = await page('/ui/event-types');
    expect(canFire).toContain('id="payment_received"');
    expect(canFire).not.toContain('id="checkout_started"');
    const all = await page('/ui/event-types?all=1');
    expect(all).toContain('id="checkout_started"');
    expect(all).toContain('plugin logs it, does not post it (since 2.5.0-dev)');
    expect(all).toContain('A real event (its shape differs from the sample)');
  });

  it('refuses a typed unknown event with the slug meant, and takes a custom one on purpose', async () => {
    const noSlug = await submit('/ui/webhooks', { name: 'Add-on', url: 'https://example.com/h', custom_events: '', integration: 'manual' });
    expect(noSlug.status).toBe(400);
    expect(await noSlug.text()).toContain('Tick at least one event, or type a custom one.');
    const malformed = await submit('/ui/webhooks', { name: 'Add-on', url: 'https://example.com/h', custom_events: 'Affiliate-Payout', integration: 'manual' });
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toMatch(/id="custom_events-error">Custom events must be an event slug/);
    const custom = await submit('/ui/webhooks', { name: 'Add-on', url: 'https://example.com/h', custom_events: 'affiliate_payout', integration: 'manual' });
    expect(custom.status).toBe(303);
    // A ticked box whose value was tampered with is checked like the API's event: unknown, with the slug meant.
    const tampered = await submit('/ui/webhooks', { name: 'Typo', url: 'https://example.com/h', events: 'payment_recieved', integration: 'manual' });
    expect(tampered.status).toBe(400);
    expect(await tampered.text()).toContain('did you mean payment_received?');
  });
});

describe('Recovered events on the network page', () => {
  it('shows what gap repair recovered and could not, recovers on the button, and marks the event recovered', async () => {
    const connected = await submit('/ui/network', { network_url: plugin.url, api_key: plugin.apiKey, api_secret: plugin.apiSecret });
    expect(connected.status).toBe(303);
    expect(await page('/ui/network')).toContain('No pass yet.');
    const url = `${relay.url}/ingest/${relay.keys.ingestToken}/payment_received`;
    await plugin.sendLog.send('payment_received', url, { payment_id: 77, payment_total: '$ 9.00' }, { deliver: false, at: new Date(Date.now() - 600_000) });
    const cut = plugin.sendLog.logMessage('payment_received', `Sent a payment_received event to the URL ${url} with data: {"payment_id":78,`, new Date(Date.now() - 600_000));

    const recovered = await submit('/ui/network/recover', {});
    expect(recovered.status).toBe(303);
    expect(recovered.headers.get('location')).toBe('/ui/network?done=network-recovered&count=1');
    const shown = await page('/ui/network?done=network-recovered&count=1');
    expect(shown).toContain('1 event recovered from the plugin&#39;s send log and queued for delivery.');
    expect(shown).toContain('<strong>1</strong> recovered ·');
    expect(shown).toContain(`log entry #${cut.id}`);
    expect(shown).toContain('the body is cut short (its JSON never closes)');
    const eventId = /data-outcome="recovered"[^]*?event_id=([^"]+)"/.exec(shown)![1];
    expect(await page(`/ui/events?event_id=${eventId}`)).toContain("recovered from the plugin&#39;s send log");
    await submit('/ui/network/disconnect', {});
  });
});
