/**
 * A network connected over plain http (its API key and secret in clear) is accepted with a warning in the API
 * answer, the web page, the CLI and the log; loopback, which never leaves the host, and https are not warned about.
 */
import dns from 'node:dns';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { printNetworkState, type NetworkStateJson } from '../../../relay/src/cli/commands/network/networkState.ts';
import { createOutput } from '../../../relay/src/cli/output/output.ts';
import { clearTextWarning } from '../../../relay/src/network/networkConnection.ts';
import { startPluginApiDouble, type PluginApiDouble } from '../../support/pluginApiDouble.ts';
import { startTestRelay, type TestRelay } from '../../support/testRelay.ts';
import { signInToWeb } from '../../support/webSession.ts';

describe('clearTextWarning', () => {
  it('warns for http to any host but loopback, never for https', () => {
    for (const url of ['http://network.example', 'http://10.0.0.5:8080', 'http://192.168.1.20', 'http://[fd00::1]']) expect(clearTextWarning(url), url).toMatch(/is plain http: the API key and secret.* travel in clear/);
    for (const url of ['https://network.example', 'http://localhost:8080', 'http://app.localhost', 'http://127.0.0.1:18080', 'http://127.8.9.10', 'http://[::1]:80']) expect(clearTextWarning(url), url).toBeNull();
  });
});

describe('connecting a network over plain http', () => {
  let relay: TestRelay;
  let plugin: PluginApiDouble;
  beforeAll(async () => {
    [relay, plugin] = await Promise.all([startTestRelay({ RELAY_SENDER_THREAD: '0' }), startPluginApiDouble()]);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await relay.api('/v1/network?force=true', { method: 'DELETE' });
  });
  afterAll(async () => {
    await relay?.stop();
    await plugin?.close();
  });

  /** network.test resolves to the double (loopback), so the relay reaches it by a name that is not loopback. */
  function resolveNetworkTestToDouble() {
    const realLookup = dns.lookup;
    vi.spyOn(dns, 'lookup').mockImplementation(((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
      if (hostname !== 'network.test') return (realLookup as (...args: unknown[]) => void)(hostname, options, callback);
      setImmediate(() => (options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4)));
    }) as unknown as typeof dns.lookup);
  }

  const connect = (networkUrl: string) => relay.api('/v1/network', { method: 'PUT', json: { network_url: networkUrl, api_key: plugin.apiKey, api_secret: plugin.apiSecret } });

  it('is accepted with a warning in the answer, the status, the page, the CLI and the log', async () => {
    resolveNetworkTestToDouble();
    const networkUrl = `http://network.test:${new URL(plugin.url).port}`;
    const connected = await connect(networkUrl);
    expect(connected.status).toBe(200);
    const warning = expect.stringMatching(new RegExp(`^${networkUrl} is plain http: .* travel in clear`));
    expect((await connected.json()).warnings).toEqual([warning]);
    const state: NetworkStateJson = await (await relay.api('/v1/network')).json();
    expect(state.warnings).toEqual([warning]);

    const page = await (await (await signInToWeb(relay.url, relay.keys.apiKey)).get('/ui/network')).text();
    expect(page).toMatch(/is plain http: the API key and secret, and what actions send \(customers(&#39;|&#x27;|')/);

    let printed = '';
    printNetworkState(createOutput((text) => (printed += text), () => {}), state, false);
    expect(printed).toMatch(new RegExp(`\\nWarning: ${networkUrl} is plain http`));

    expect(relay.logs.some((line) => line.includes('network connected over plain http') && line.includes(networkUrl))).toBe(true);
    expect(relay.logs.some((line) => line.includes(plugin.apiSecret))).toBe(false);
  });

  it('is not warned about on loopback', async () => {
    const connected = await connect(plugin.url);
    expect(connected.status).toBe(200);
    expect((await connected.json()).warnings).toEqual([]);
  });
});
