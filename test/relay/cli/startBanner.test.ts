/**
 * What `relay start` says on a first run and on the next ones: the address it really listens on (loopback unless
 * RELAY_HOST asks for every interface), the public URL, and where the keys are once they are no longer printed.
 * One spelling of the relay's own address everywhere: the banner, the generated ingest URL and `relay keys`.
 */
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { runRelayCli } from '../../support/relayCli.ts';
import { spawnRelayProcess, type RelayProcess } from '../../support/relayProcess.ts';
import { tempDir } from '../../support/testRelay.ts';
import { until } from '../../support/until.ts';

let relays: RelayProcess[] = [];
afterEach(async () => {
  for (const relay of relays) await relay.stop();
  relays = [];
});

async function start(env: Record<string, string>): Promise<{ relay: RelayProcess; banner: string }> {
  const relay = await spawnRelayProcess(env);
  relays.push(relay);
  const banner = await until(() => relay.stdout(), (text) => text.includes('Metrics:'));
  return { relay, banner };
}

describe('relay start: the banner says the truth', () => {
  it('a first start listens on loopback only, says so, and shows the keys with one spelling of its address', async () => {
    const dataDir = tempDir();
    const { relay, banner } = await start({ RELAY_DATA_DIR: dataDir, RELAY_HOST: '' }); // RELAY_HOST unset: the default
    const port = new URL(relay.url!).port;
    expect(banner).toContain(`listening on http://127.0.0.1:${port} (this machine only; RELAY_HOST=0.0.0.0 to accept other machines)`);
    expect(banner).toContain(`Public URL: http://127.0.0.1:${port} (set RELAY_PUBLIC_URL to the address your network reaches the relay at)`);
    expect(banner).toMatch(/API key \(generated, keep it secret; "npm run relay -- keys" prints it again\): rk_/);
    expect(banner).toMatch(new RegExp(`Ingest URL for Ultimate Multisite > Webhooks \\(generated\\): http://127\\.0\\.0\\.1:${port}/ingest/it_\\S+/<event_slug>`));
    expect(banner).not.toContain('localhost');
    const keys = JSON.parse((await runRelayCli(['keys', '--json'], { RELAY_DATA_DIR: dataDir })).stdout) as { ingest_url: string };
    expect(keys.ingest_url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/ingest/it_`));
    // Loopback only: on this machine's other addresses nothing answers.
    const otherAddress = Object.values(os.networkInterfaces()).flat().find((address) => address && address.family === 'IPv4' && !address.internal);
    if (otherAddress) await expect(fetch(`http://${otherAddress.address}:${port}/healthz`)).rejects.toThrow();
    await relay.stop();

    // The next start prints no key: it says where to find them.
    const again = await start({ RELAY_DATA_DIR: dataDir, RELAY_HOST: '' });
    expect(again.banner).not.toContain('rk_');
    expect(again.banner).toContain('API key and ingest URL: npm run relay -- keys');
  });

  it('RELAY_HOST=0.0.0.0 is said to accept other machines; RELAY_PUBLIC_URL is the public URL shown', async () => {
    const { relay, banner } = await start({ RELAY_DATA_DIR: tempDir(), RELAY_HOST: '0.0.0.0', RELAY_PUBLIC_URL: 'https://relay.example.com' });
    const port = new URL(relay.url!).port;
    expect(banner).toContain(`listening on every interface (0.0.0.0, port ${port}; on this machine http://127.0.0.1:${port}): other machines can reach it`);
    expect(banner).toContain('Public URL: https://relay.example.com (RELAY_PUBLIC_URL)');
    expect(banner).toContain('Web page: https://relay.example.com/ui');
    expect(banner).toMatch(/Ingest URL .*: https:\/\/relay\.example\.com\/ingest\/it_/);
  });
});
