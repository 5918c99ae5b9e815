/** `relay network …` from a terminal, through a real relay, against the plugin REST API double. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPluginApiDouble, type PluginApiDouble } from '../../support/pluginApiDouble.ts';
import { startTestRelay, type TestRelay } from '../../support/testRelay.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
let relay: TestRelay;
let plugin: PluginApiDouble;

beforeAll(async () => {
  relay = await startTestRelay();
  plugin = await startPluginApiDouble({ label: 'Acme Sites' });
});
afterAll(async () => {
  await relay.stop();
  await plugin.close();
});

const cli = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'relay/src/cli/main.ts', 'network', ...args], {
    cwd: root,
    env: { ...process.env, RELAY_URL: relay.url, RELAY_API_KEY: relay.keys.apiKey, RELAY_INGEST_TOKEN: relay.keys.ingestToken },
  });

describe('relay network', () => {
  it('connect: one command wires every event the network posts; status shows it; disconnect removes them', async () => {
    const refused = await cli('connect', plugin.url, '--api-key', plugin.apiKey, '--api-secret', 'wrong').then(() => null, (error: { code: number; stderr: string }) => error);
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toMatch(/refused the API key and secret .*API & Webhooks/);

    const { stdout: connected } = await cli('connect', plugin.url, '--api-key', plugin.apiKey, '--api-secret', plugin.apiSecret);
    expect(connected).toContain(`Connected to Acme Sites (${plugin.url}), API key …${plugin.apiKey.slice(-4)}`);
    expect(connected).toMatch(/✓ payment_received\s+webhook #\d+/);
    expect(connected).toMatch(/- checkout_started\s+not wired: the plugin only logs it/);
    expect(connected).not.toContain(plugin.apiSecret);
    expect(plugin.webhooks.size).toBe(9);

    const wired = [...plugin.webhooks.values()][0];
    plugin.webhooks.delete(wired.id);
    const { stdout: status } = await cli('status');
    expect(status).toMatch(new RegExp(`✗ ${wired.event}\\s+webhook #${wired.id} missing`));
    expect(status).toContain('Run: relay network repair');
    const { stdout: repaired } = await cli('repair');
    expect(repaired).not.toContain('✗');
    expect(plugin.webhooks.size).toBe(9);

    const { stdout: gone } = await cli('disconnect');
    expect(gone).toBe('Disconnected: removed 9 webhooks the relay had created.\n');
    expect(plugin.webhooks.size).toBe(0);
    expect((await cli('status')).stdout).toMatch(/^No network connected/);
  });
});
