/** Connecting a network through the API, against the plugin's REST API double, with a real relay over real HTTP. */
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventCatalog } from '../../../shared/events/catalog.ts';
import { startPluginApiDouble, type PluginApiDouble } from '../../support/pluginApiDouble.ts';
import { liveRealEvents } from '../../support/pluginFixtures.ts';
import { startReceiver, type Receiver } from '../../support/receiver.ts';
import { startTestRelay, tempDir, type TestRelay } from '../../support/testRelay.ts';

interface StateJson {
  connected: boolean;
  label?: string;
  api_key_hint?: string;
  relay_url?: string;
  events: { event: string; plugin_webhook_id: string; url: string; created_by_relay: boolean; status: string }[];
  not_wired: { event: string; reason: string }[];
  last_event: { id: string; event: string } | null;
  needs_repair: boolean;
  problems: string[];
}

const postingEvents = eventCatalog.filter((eventType) => eventType.pluginDelivery === 'posts').map((eventType) => eventType.slug).sort();
const loggedOnly = eventCatalog.filter((eventType) => eventType.pluginDelivery === 'records-only').map((eventType) => eventType.slug).sort();

let relay: TestRelay;
let plugin: PluginApiDouble;
beforeAll(async () => {
  relay = await startTestRelay({ RELAY_NAME: 'Relay under test', RELAY_NETWORK_TIMEOUT: '1s' });
});
afterAll(async () => {
  await relay.stop();
});
afterEach(async () => {
  await relay.api('/v1/network?force=true', { method: 'DELETE' });
  await plugin?.close();
});

/** A loopback port nothing listens on any more. */
async function freedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const connect = (json: Record<string, unknown>) => relay.api('/v1/network', { method: 'PUT', json });
const credentials = () => ({ network_url: plugin.url, api_key: plugin.apiKey, api_secret: plugin.apiSecret });
const state = async (): Promise<StateJson> => (await relay.api('/v1/network')).json();

describe('connecting a network in one step (PUT /v1/network)', () => {
  it('checks the credentials, reads /hooks and creates one webhook per event the plugin POSTs, at this relay', async () => {
    plugin = await startPluginApiDouble({ label: 'Acme Sites' });
    const response = await connect(credentials());
    expect(response.status).toBe(200);
    const connected: StateJson = await response.json();
    expect(connected).toMatchObject({ connected: true, label: 'Acme Sites', api_key_hint: `…${plugin.apiKey.slice(-4)}`, relay_url: relay.url, needs_repair: false });
    expect(connected.events.map((event) => event.event).sort()).toEqual(postingEvents);
    expect(connected.events.every((event) => event.status === 'ok' && event.created_by_relay)).toBe(true);
    expect(connected.not_wired.map((event) => event.event).sort()).toEqual(loggedOnly);

    const inPlugin = [...plugin.webhooks.values()];
    expect(inPlugin.map((webhook) => webhook.event).sort()).toEqual(postingEvents);
    for (const webhook of inPlugin) {
      expect(webhook).toMatchObject({ integration: 'Relay under test', active: true, webhook_url: `${relay.url}/ingest/${relay.keys.ingestToken}/${webhook.event}` });
    }
    // Basic key:secret on every call, and the first call checks them.
    expect(plugin.requests[0]).toMatchObject({ method: 'GET', path: '/wp-json/wu/v2/auth' });
    expect(plugin.requests.every((request) => request.authorization === `Basic ${Buffer.from(`${plugin.apiKey}:${plugin.apiSecret}`).toString('base64')}`)).toBe(true);

    // The credentials are never shown again nor logged.
    const shown = JSON.stringify(await state()) + JSON.stringify(await (await relay.api('/v1/event-types?all=true')).json());
    expect(shown).not.toContain(plugin.apiSecret);
    expect(shown).not.toContain(plugin.apiKey);
    expect(relay.logs.join('\n')).not.toContain(plugin.apiSecret);
    expect(relay.logs.join('\n')).not.toContain(plugin.apiKey);
  });

  it('gets the events the plugin posts to its webhooks, and shows the last one received', async () => {
    plugin = await startPluginApiDouble();
    await connect(credentials());
    const receiver: Receiver = await startReceiver();
    const hook = await (await relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Sub', url: receiver.url, event: 'payment_received' } })).json();
    // What the plugin does when a payment comes in: POST the real body to the webhook_url it was given.
    const wired = [...plugin.webhooks.values()].find((webhook) => webhook.event === 'payment_received')!;
    const posted = await fetch(wired.webhook_url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: liveRealEvents.get('payment_received')!.body });
    const answer = await posted.json();
    expect(answer).toMatchObject({ test: false, deliveries: 1 });
    const [delivered] = await receiver.waitFor(1);
    expect(delivered.body).toBe(liveRealEvents.get('payment_received')!.body);
    expect((await state()).last_event).toMatchObject({ id: answer.id, event: 'payment_received' });
    await relay.api(`/v1/webhooks/${hook.id}`, { method: 'DELETE' });
    await receiver.close();
  });

  it('says what to do when the network cannot be connected', async () => {
    plugin = await startPluginApiDouble();
    const closedPort = await freedPort();
    const cases: [Record<string, unknown>, number, string, RegExp][] = [
      [{ ...credentials(), api_secret: 'wrong' }, 422, 'network_wrong_credentials', /refused the API key and secret.*API & Webhooks/],
      [{ ...credentials(), network_url: `${plugin.url}/not-wordpress/` }, 422, 'network_not_ultimate_multisite', /does not look like an Ultimate Multisite network/],
      [{ ...credentials(), network_url: `http://127.0.0.1:${closedPort}` }, 502, 'network_unreachable', new RegExp(`cannot reach http://127\\.0\\.0\\.1:${closedPort} \\(ECONNREFUSED\\)`)],
      [{ ...credentials(), api_key: '' }, 400, 'invalid_request', /^api_key: is required/],
      [{ ...credentials(), relay_url: `https://${'r'.repeat(120)}.example` }, 422, 'relay_url_too_long', /the plugin keeps at most 191: use a shorter RELAY_PUBLIC_URL/],
      [{ ...credentials(), network_url: 'ftp://network.example' }, 400, 'invalid_request', /^network_url: must use http or https/],
    ];
    for (const [json, status, code, message] of cases) {
      const response = await connect(json);
      const body = await response.json();
      expect(response.status, JSON.stringify(json)).toBe(status);
      expect(body.error.code).toBe(code);
      expect(body.error.message).toMatch(message);
    }
    plugin.setApiEnabled(false);
    const disabled = await (await connect(credentials())).json();
    expect(disabled.error).toMatchObject({ code: 'network_api_disabled', message: expect.stringMatching(/Enable API/) });
    plugin.setApiEnabled(true);
    plugin.setHanging(true);
    const hanging = await connect(credentials());
    expect(hanging.status).toBe(502);
    expect((await hanging.json()).error.message).toMatch(/no answer within 1 s/);
    // None of these left a connection or a webhook behind.
    expect(await state()).toEqual({ connected: false });
    expect(plugin.webhooks.size).toBe(0);
  });

  it("not a WordPress site at all: a server answering 200 {\"ok\":true} to everything", async () => {
    plugin = await startPluginApiDouble();
    const notWordPress = await startReceiver();
    const response = await connect({ ...credentials(), network_url: notWordPress.url });
    expect(response.status).toBe(422);
    expect((await response.json()).error.code).toBe('network_not_ultimate_multisite');
    await notWordPress.close();
  });
});

describe('state, repair and disconnect', () => {
  it('sees webhooks deleted or changed in the plugin and a new add-on event, and repairs them', async () => {
    plugin = await startPluginApiDouble();
    await connect(credentials());
    const [deleted, changed] = [...plugin.webhooks.values()];
    plugin.webhooks.delete(deleted.id);
    changed.webhook_url = 'https://elsewhere.example/hook';
    plugin.registerEvent('affiliate_signup', { name: 'Affiliate Signup', desc: 'An affiliate signed up.', payload: { affiliate_id: 0, customer_name: 'John McMocked' } });

    const broken = await state();
    expect(broken.needs_repair).toBe(true);
    expect(broken.events.find((event) => event.event === deleted.event)?.status).toBe('missing');
    expect(broken.events.find((event) => event.event === changed.event)?.status).toBe('changed');
    expect(broken.not_wired.find((event) => event.event === 'affiliate_signup')?.reason).toMatch(/repair/);
    expect(broken.problems.join(' ')).toMatch(new RegExp(`${deleted.event} is missing`));

    const repaired: StateJson = await (await relay.api('/v1/network/repair', { method: 'POST' })).json();
    expect(repaired.needs_repair).toBe(false);
    expect(repaired.events.map((event) => event.event).sort()).toEqual([...postingEvents, 'affiliate_signup'].sort());
    expect(repaired.events.every((event) => event.status === 'ok')).toBe(true);
    const urls = [...plugin.webhooks.values()].map((webhook) => webhook.webhook_url);
    expect(urls).not.toContain('https://elsewhere.example/hook');
    expect(plugin.webhooks.size).toBe(postingEvents.length + 1);
  });

  it("lists the network's add-on events with name, description and sample before the first arrives, and lets people subscribe to them", async () => {
    plugin = await startPluginApiDouble();
    plugin.registerEvent('affiliate_signup', { name: 'Affiliate Signup', desc: 'An affiliate signed up.', payload: { affiliate_id: 0, customer_name: 'John McMocked' } });
    await connect(credentials());
    const types = (await (await relay.api('/v1/event-types')).json()).data as { slug: string; custom: boolean; origin: string; name: string; description: string; sample: object }[];
    expect(types.find((type) => type.slug === 'affiliate_signup')).toMatchObject({
      custom: true, origin: 'network', name: 'Affiliate Signup', description: 'An affiliate signed up.', sample: { affiliate_id: 0, customer_name: 'John McMocked' },
    });
    const all = (await (await relay.api('/v1/event-types?all=true')).json()).data as { slug: string; registered_by_network: boolean | null }[];
    expect(all.find((type) => type.slug === 'customer_created')?.registered_by_network).toBe(false);
    const created = await relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Affiliates', url: 'https://example.com/a', event: 'affiliate_signup' } });
    expect(created.status).toBe(201);
    // Send Test Event for it sends the network's own sample.
    const receiver = await startReceiver();
    const { id } = await created.json();
    await relay.api(`/v1/webhooks/${id}`, { method: 'PATCH', json: { url: receiver.url } });
    const tested = await (await relay.api(`/v1/webhooks/${id}/test`, { method: 'POST' })).json();
    expect(tested).toMatchObject({ ok: true, status_code: 200 });
    expect(JSON.parse(receiver.requests[0].body)).toEqual({ affiliate_id: 0, customer_name: 'John McMocked' });
    await receiver.close();
    await relay.api(`/v1/webhooks/${id}`, { method: 'DELETE' });
  });

  it('adopts a matching webhook made by hand, and disconnect removes only the webhooks the relay created', async () => {
    plugin = await startPluginApiDouble();
    const byHand = { id: 5, name: 'made by hand', webhook_url: `${relay.url}/ingest/${relay.keys.ingestToken}/payment_received`, event: 'payment_received', active: true, integration: 'manual', date_created: '2026-11-29 20:00:00' };
    const unrelated = { id: 6, name: 'to my CRM', webhook_url: 'https://crm.example/hook', event: 'site_published', active: true, integration: 'manual', date_created: '2026-11-29 20:00:00' };
    plugin.webhooks.set(5, byHand);
    plugin.webhooks.set(6, unrelated);
    const connected: StateJson = await (await connect(credentials())).json();
    expect(connected.events.find((event) => event.event === 'payment_received')).toMatchObject({ plugin_webhook_id: '5', created_by_relay: false, status: 'ok' });
    expect([...plugin.webhooks.values()].filter((webhook) => webhook.event === 'payment_received')).toHaveLength(1);

    const response = await relay.api('/v1/network', { method: 'DELETE' });
    expect(await response.json()).toEqual({ disconnected: true, removed_webhooks: postingEvents.length - 1, left_in_plugin: 1 });
    expect([...plugin.webhooks.keys()].sort()).toEqual([5, 6]);
    expect(await state()).toEqual({ connected: false });
  });

  it('refuses a second network, and a disconnect that cannot reach the network unless forced', async () => {
    plugin = await startPluginApiDouble();
    await connect(credentials());
    const other = await connect({ ...credentials(), network_url: 'https://other.example' });
    expect(other.status).toBe(409);
    expect((await other.json()).error.message).toMatch(/disconnect it first/);
    plugin.setHanging(true);
    const refused = await relay.api('/v1/network', { method: 'DELETE' });
    expect(refused.status).toBe(502);
    expect((await refused.json()).error.message).toMatch(/disconnect with force/);
    expect((await relay.api('/v1/network', { method: 'DELETE' })).status).toBe(502);
    const forced = await relay.api('/v1/network?force=true', { method: 'DELETE' });
    expect(forced.status).toBe(200);
    expect(await state()).toEqual({ connected: false });
  });
});

describe('a network that does register a model event', () => {
  it('wires it, and lists it as an event that can fire', async () => {
    plugin = await startPluginApiDouble();
    plugin.registerEvent('customer_created', { name: 'Customer Created', desc: 'A customer was created.', payload: { customer_id: 0, customer_name: 'John McMocked' } });
    const connected: StateJson = await (await connect(credentials())).json();
    expect(connected.events.map((event) => event.event)).toContain('customer_created');
    const types = (await (await relay.api('/v1/event-types')).json()).data as { slug: string; can_fire: boolean; plugin_delivery: string; registered_by_network: boolean }[];
    expect(types.find((type) => type.slug === 'customer_created')).toMatchObject({ can_fire: true, plugin_delivery: 'not-registered', registered_by_network: true });
  });
});

describe('RELAY_PUBLIC_URL changes', () => {
  it('moves the webhooks to the new URL when the relay starts with it', async () => {
    plugin = await startPluginApiDouble();
    const dataDir = tempDir();
    const first = await startTestRelay({}, { dataDir });
    await first.api('/v1/network', { method: 'PUT', json: { ...credentials(), relay_url: 'https://old-relay.example' } });
    expect([...plugin.webhooks.values()].every((webhook) => webhook.webhook_url.startsWith('https://old-relay.example/ingest/'))).toBe(true);
    await first.stop();

    const second = await startTestRelay({ RELAY_PUBLIC_URL: 'https://new-relay.example' }, { dataDir });
    const deadline = Date.now() + 10_000;
    let moved: StateJson = await (await second.api('/v1/network')).json();
    while (moved.relay_url !== 'https://new-relay.example' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      moved = await (await second.api('/v1/network')).json();
    }
    expect(moved).toMatchObject({ relay_url: 'https://new-relay.example', needs_repair: false });
    expect(plugin.webhooks.size).toBe(postingEvents.length);
    expect([...plugin.webhooks.values()].every((webhook) => webhook.webhook_url.startsWith('https://new-relay.example/ingest/'))).toBe(true);
    await second.api('/v1/network', { method: 'DELETE' });
    await second.stop();
  });
});
