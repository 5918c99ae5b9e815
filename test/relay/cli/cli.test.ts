import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../support/receiver.ts';
import { startTestRelay, type TestRelay } from '../../support/testRelay.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
let relay: TestRelay;
let receiver: Receiver;

beforeAll(async () => {
  relay = await startTestRelay();
  receiver = await startReceiver();
});
afterAll(async () => {
  await relay.stop();
  await receiver.close();
});

const cli = async (...args: string[]) => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'relay/src/cli/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, RELAY_URL: relay.url, RELAY_API_KEY: relay.keys.apiKey, RELAY_INGEST_TOKEN: relay.keys.ingestToken },
  });
  return stdout;
};

describe('CLI', () => {
  it('adds, lists, tests, emits to, shows deliveries of and deletes a webhook', async () => {
    const added = JSON.parse(await cli('webhooks', 'add', '--name', 'From CLI', '--url', receiver.url, '--event', 'payment_received'));
    expect(added).toMatchObject({ name: 'From CLI', secret: expect.stringMatching(/^whsec_/) });
    expect(await cli('webhooks', 'list')).toContain(`${added.id}  payment_received`);
    expect(JSON.parse(await cli('webhooks', 'test', added.id))).toMatchObject({ ok: true, status_code: 200 });

    const emitted = JSON.parse(await cli('emit', 'payment_received', '--sample'));
    expect(emitted).toMatchObject({ ok: true, test: false, deliveries: 1 });
    const requests = await receiver.waitFor(2);
    expect(requests[1].headers['webhook-id']).toBe(emitted.id);
    const pluginTest = JSON.parse(await cli('emit', 'payment_received', '--plugin-test'));
    expect(pluginTest).toMatchObject({ test: true, deliveries: 0 });
    const viaApi = JSON.parse(await cli('emit', 'site_published', '--api', '--data', '{"site_id": 5}', '--id', 'site-5'));
    expect(viaApi).toMatchObject({ ok: true, event: 'site_published' });

    await new Promise((resolve) => setTimeout(resolve, 300));
    const log = await cli('deliveries', added.id);
    expect(log).toContain(emitted.id);
    expect(log).toMatch(/scheduled\s+200/);
    expect(log).toMatch(/test\s+200/);
    expect(await cli('webhooks', 'delete', added.id)).toContain(`deleted ${added.id}`);
  });

  it('explains errors in one line with a non-zero exit', async () => {
    await expect(cli('webhooks', 'add', '--name', 'x', '--url', 'ftp://nope', '--event', 'payment_received')).rejects.toMatchObject({
      stderr: expect.stringMatching(/^error: POST \/v1\/webhooks → 400: name: must be at least 2 characters/),
    });
    await expect(cli('emit', 'affiliate_signup', '--sample')).rejects.toMatchObject({ stderr: expect.stringMatching(/not in the catalog/) });
  });
});
