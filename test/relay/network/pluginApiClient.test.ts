/** The plugin REST API client against the double answering as the live plugin did. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseNetworkUrl } from '../../../relay/src/network/networkConnection.ts';
import { PluginApiClient } from '../../../relay/src/network/pluginApiClient.ts';
import { PluginApiError } from '../../../relay/src/network/pluginApiError.ts';
import { TargetGuard } from '../../../relay/src/outgoing/targetGuard.ts';
import { startPluginApiDouble, type PluginApiDouble } from '../../support/pluginApiDouble.ts';
import { liveRestApi } from '../../support/pluginFixtures.ts';

/** The double listens on loopback: allowed explicitly, as RELAY_ALLOW_PRIVATE_TARGETS=1 does. */
const guard = new TargetGuard({ allowPrivateTargets: true, allowedRanges: [] });
let plugin: PluginApiDouble;
let client: PluginApiClient;
beforeAll(async () => {
  plugin = await startPluginApiDouble({ label: 'Acme Sites' });
  client = new PluginApiClient({ networkUrl: plugin.url, apiKey: plugin.apiKey, apiSecret: plugin.apiSecret }, { timeoutMs: 2000, guard });
});
afterAll(() => plugin.close());

const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as PluginApiError);

describe('PluginApiClient', () => {
  it('reads /auth and every hook of /hooks as the live plugin answers them', async () => {
    expect(await client.auth()).toEqual({ success: true, label: 'Acme Sites', message: 'Welcome to our API' });
    const hooks = await client.hooks();
    const live = liveRestApi.get('hooks')!.payload as Record<string, { name: string; desc: string; payload: object }>;
    expect(Object.keys(hooks)).toEqual(Object.keys(live));
    expect(hooks.payment_received).toEqual({ name: live.payment_received.name, desc: live.payment_received.desc, payload: live.payment_received.payload });
  });

  it('gives ids as strings whether the plugin answers an int (POST) or a string (GET), and pages past 100', async () => {
    const created = await client.createWebhook({ name: 'relay: Payment Received', webhook_url: 'https://relay.example/ingest/t/payment_received', event: 'payment_received', integration: 'relay', active: true });
    expect(created).toMatchObject({ id: expect.stringMatching(/^\d+$/), event: 'payment_received', integration: 'relay', active: true });
    for (let i = 0; i < 120; i++) await client.createWebhook({ name: `hook ${i}`, webhook_url: `https://relay.example/${i}`, event: 'site_published', integration: 'relay', active: true });
    const listed = await client.listWebhooks();
    expect(listed).toHaveLength(121);
    expect(listed.find((webhook) => webhook.id === created.id)).toEqual(created);
    for (const webhook of listed) await client.deleteWebhook(webhook.id);
    expect(await client.listWebhooks()).toEqual([]);
  });

  it("passes on the plugin's refusals with its status and code", async () => {
    const noIntegration = await failure(client.request('/webhook', { method: 'POST', body: { name: 'x', webhook_url: 'https://a.example', event: 'payment_received', active: true } }));
    expect(noIntegration).toMatchObject({ problem: 'rejected', status: 400, pluginCode: 'rest_missing_callback_param', message: expect.stringMatching(/Missing parameter\(s\): integration/) });
    const unknownId = await failure(client.deleteWebhook('99999'));
    expect(unknownId).toMatchObject({ problem: 'rejected', status: 404, pluginCode: 'wu_rest_webhook_invalid_id' });
    const wrongKey = await failure(new PluginApiClient({ networkUrl: plugin.url, apiKey: plugin.apiKey, apiSecret: 'x' }, { timeoutMs: 2000, guard }).hooks());
    expect(wrongKey).toMatchObject({ problem: 'wrong_credentials', status: 401, pluginCode: 'rest_forbidden' });
  });

  it('gives up on a network that does not answer within its deadline', async () => {
    plugin.setHanging(true);
    const hanging = await failure(new PluginApiClient({ networkUrl: plugin.url, apiKey: plugin.apiKey, apiSecret: plugin.apiSecret }, { timeoutMs: 300, guard }).auth());
    plugin.setHanging(false);
    expect(hanging).toMatchObject({ problem: 'unreachable', message: expect.stringMatching(/^cannot reach http:\/\/127\.0\.0\.1:\d+ \(no answer within 300 ms\)/) });
  });
});

describe('normaliseNetworkUrl', () => {
  it('takes the address however it is pasted', () => {
    expect(normaliseNetworkUrl('network.example')).toBe('https://network.example');
    expect(normaliseNetworkUrl(' https://network.example/ ')).toBe('https://network.example');
    expect(normaliseNetworkUrl('https://network.example/wp-admin/network/')).toBe('https://network.example');
    expect(normaliseNetworkUrl('http://example.org/sub/wp-json/wu/v2')).toBe('http://example.org/sub');
  });
});
