import { afterAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../support/receiver.ts';
import { spawnRelayProcess, type RelayProcess } from '../../support/relayProcess.ts';
import { tempDir } from '../../support/testRelay.ts';

const keys = { RELAY_API_KEY: 'rk_restart_test_key', RELAY_INGEST_TOKEN: 'it_restart_test_token' };
const running: RelayProcess[] = [];
let receiver: Receiver;
afterAll(async () => {
  await Promise.all(running.map((relay) => relay.kill()));
  await receiver?.close();
});

describe('crash and restart', () => {
  it('loses nothing acknowledged when killed mid-delivery, and delivers it all after restart', async () => {
    const dataDir = tempDir('relay-restart-');
    const env = { ...keys, RELAY_DATA_DIR: dataDir, RELAY_ALLOW_PRIVATE_TARGETS: '1', RELAY_LEASE: '1500ms', RELAY_RETRY_SCHEDULE: '0,100ms,200ms', RELAY_REQUEST_TIMEOUT: '5s' };
    // The receiver holds every request open, so deliveries are in flight when the relay dies.
    receiver = await startReceiver(() => 'hang');
    const first = await spawnRelayProcess(env);
    running.push(first);
    const api = (url: string | null, path: string, json?: unknown) =>
      fetch(url! + path, { method: json ? 'POST' : 'GET', headers: { authorization: `Bearer ${keys.RELAY_API_KEY}`, 'content-type': 'application/json' }, body: json ? JSON.stringify(json) : undefined });
    await api(first.url, '/v1/webhooks', { name: 'Receiver', url: receiver.url, event: 'payment_received' });

    const acknowledged: string[] = [];
    for (let i = 0; i < 50; i++) {
      const response = await fetch(`${first.url!}/ingest/${keys.RELAY_INGEST_TOKEN}/payment_received`, { method: 'POST', body: JSON.stringify({ payment_id: i + 1, customer_user_email: `r${i}@x.io` }) });
      expect(response.status).toBe(202);
      acknowledged.push((await response.json()).id);
    }
    await receiver.waitFor(16); // the per-webhook in-flight limit: 16 requests are hanging
    await first.kill();

    // Only requests answered 200 count as delivered: the hanging ones were never acknowledged.
    const answeredFrom = receiver.requests.length;
    receiver.respond(() => ({ status: 200, body: 'ok' }));
    const second = await spawnRelayProcess(env);
    running.push(second);
    const deadline = Date.now() + 20_000;
    const delivered = () => new Set(receiver.requests.slice(answeredFrom).map((r) => r.headers['webhook-id'] as string));
    while (acknowledged.some((id) => !delivered().has(id)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(acknowledged.filter((id) => !delivered().has(id))).toEqual([]);

    // Each event answered once after the restart; the only repeats are the 16 in flight at the kill.
    const answered = receiver.requests.slice(answeredFrom).map((r) => r.headers['webhook-id'] as string);
    expect(answered).toHaveLength(new Set(answered).size);
    const inFlightAtKill = receiver.requests.slice(0, answeredFrom).map((r) => r.headers['webhook-id'] as string);
    expect(inFlightAtKill).toHaveLength(16);
    expect(inFlightAtKill.every((id) => answered.includes(id))).toBe(true);
    const events = await (await api(second.url, '/v1/events?event=payment_received&limit=100')).json();
    expect(events.data.map((e: { id: string }) => e.id).sort()).toEqual([...acknowledged].sort());
    await second.stop();
  });
});
