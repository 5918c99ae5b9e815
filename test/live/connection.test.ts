/**
 * On a real Ultimate Multisite network: connecting the relay in one step, its status read from the plugin, the
 * plugin's Send Test Event recognised as a test (nothing fanned out), the automatic repair when the relay's public
 * URL changes, and disconnecting (the relay's webhooks gone from the plugin).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { subscribe } from '../support/subscribe.ts';
import { until } from '../support/until.ts';
import { connectLive, describeLive, disconnectLive, pluginApi, sendTestEvent, startLiveRelay, type LiveRelay } from './support/liveNetwork.ts';

interface NetworkState {
  connected: boolean;
  relay_url?: string;
  needs_repair?: boolean;
  problems?: string[];
  events?: { event: string; plugin_webhook_id: string; url: string; status: string }[];
  last_event?: { event: string; test: boolean } | null;
}

interface PluginWebhook { id: string | number; event: string; webhook_url: string; active: boolean | string }

const pluginWebhooks = async (): Promise<PluginWebhook[]> => (await pluginApi('/webhook?per_page=100')).body as PluginWebhook[];

describeLive('the relay connected to a live network', () => {
  let relay: LiveRelay;
  let receiver: Receiver;

  beforeAll(async () => {
    [relay, receiver] = await Promise.all([startLiveRelay(), startReceiver()]);
  });
  afterAll(async () => {
    await disconnectLive(relay).catch(() => undefined);
    await relay?.stop();
    await receiver?.close();
  });

  it('connects in one step: one active webhook in the plugin per event it posts, each at this relay', async () => {
    const connected = (await connectLive(relay)) as unknown as NetworkState;
    expect(connected).toMatchObject({ connected: true, relay_url: relay.publicUrl, needs_repair: false });
    const wired = connected.events!;
    // The plugin lists 17 event types and posts 9 of them (README of the network; the catalog says which).
    expect(wired.map((event) => event.event).sort()).toEqual([
      'confirm_email_address', 'demo_site_expiring', 'domain_created', 'invoice_sent', 'membership_expired',
      'payment_failed', 'payment_received', 'renewal_payment_created', 'site_published',
    ]);
    const inPlugin = await pluginWebhooks();
    for (const event of wired) {
      expect(event.status).toBe('ok');
      expect(inPlugin.find((webhook) => String(webhook.id) === event.plugin_webhook_id)).toMatchObject({ event: event.event, webhook_url: event.url });
      expect(event.url.startsWith(`${relay.publicUrl}/ingest/`)).toBe(true);
    }
  });

  it("recognises the plugin's Send Test Event as a test and fans nothing out", async () => {
    await subscribe(relay.api, receiver.url, { event: 'payment_received' });
    const state = (await (await relay.api('/v1/network')).json()) as NetworkState;
    const payment = state.events!.find((event) => event.event === 'payment_received')!;
    // The plugin's dialog shows the relay's answer, HTML-escaped.
    const answer = (await sendTestEvent(payment.plugin_webhook_id)) as { response: string };
    expect(JSON.parse(answer.response.replaceAll('&quot;', '"'))).toMatchObject({ event: 'payment_received', test: true, deliveries: 0 });
    const events = await until(
      async () => ((await (await relay.api('/v1/events?include_tests=true')).json()) as { data: { id: string; event: string; test: boolean }[] }).data,
      (list) => list.some((event) => event.event === 'payment_received'),
    );
    const received = events.find((event) => event.event === 'payment_received')!;
    expect(received.test).toBe(true);
    const detail = (await (await relay.api(`/v1/events/${received.id}`)).json()) as { deliveries: unknown[] };
    expect(detail.deliveries).toEqual([]);
    expect(receiver.requests).toEqual([]);
  });

  it('rewires the webhooks by itself when it restarts at a new public URL, and disconnecting removes them', async () => {
    const before = ((await (await relay.api('/v1/network')).json()) as NetworkState).events!;
    await relay.stop();
    relay = await startLiveRelay({ dataDir: relay.dataDir, port: relay.port, publicHost: 'localhost' });
    const state = await until(
      async () => (await (await relay.api('/v1/network')).json()) as NetworkState,
      (current) => current.relay_url === relay.publicUrl && current.needs_repair === false,
    );
    expect(state.events!.map((event) => event.event).sort()).toEqual(before.map((event) => event.event).sort());
    const inPlugin = await pluginWebhooks();
    for (const event of state.events!) {
      expect(event.url.startsWith(`http://localhost:${relay.port}/ingest/`)).toBe(true);
      expect(inPlugin.find((webhook) => String(webhook.id) === event.plugin_webhook_id)).toMatchObject({ webhook_url: event.url });
    }

    const disconnected = await relay.api('/v1/network', { method: 'DELETE' });
    expect(await disconnected.json()).toMatchObject({ disconnected: true, removed_webhooks: state.events!.length, left_in_plugin: 0 });
    const ids = new Set(state.events!.map((event) => event.plugin_webhook_id));
    expect((await pluginWebhooks()).filter((webhook) => ids.has(String(webhook.id)))).toEqual([]);
    expect(await (await relay.api('/v1/network')).json()).toEqual({ connected: false });
  });
});
