/**
 * Logs that tell the story, read from a real relay process: one line per event received, per failed attempt
 * (webhook, delivery, attempt n of N, status or error, next attempt), per webhook disabled and re-enabled, and
 * never a secret. Issue 15 saw ~70 failed attempts (500s, refused connections, timeouts, SSRF refusals) leave
 * four lines; here every one of them has its line.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../support/receiver.ts';
import { spawnRelayProcess, type RelayProcess } from '../../support/relayProcess.ts';
import { tempDir } from '../../support/testRelay.ts';

const keys = { RELAY_API_KEY: 'rk_logs_test_key_5r2p', RELAY_INGEST_TOKEN: 'it_logs_test_token_8m3q' };
let relay: RelayProcess;
const receivers: Receiver[] = [];

beforeAll(async () => {
  relay = await spawnRelayProcess({
    ...keys,
    RELAY_DATA_DIR: tempDir(),
    RELAY_ALLOWED_TARGET_RANGES: '127.0.0.0/8', // loopback receivers allowed; 10.0.0.1 still refused by the SSRF guard
    RELAY_RETRY_SCHEDULE: '0,100ms,200ms',
    RELAY_RETRY_JITTER: '0',
    RELAY_REQUEST_TIMEOUT: '1s',
    RELAY_POLL_INTERVAL: '100ms',
  });
});
afterAll(async () => {
  await relay.stop();
  for (const receiver of receivers) await receiver.close();
});

const api = (path: string, method = 'GET', body?: unknown) =>
  fetch(relay.url! + path, { method, headers: { authorization: `Bearer ${keys.RELAY_API_KEY}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
const logLines = () => relay.logs.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);

async function closedPortUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/hook`;
}

describe('delivery logs', () => {
  it('one line per event, per failed attempt and per webhook disabled or re-enabled; no secrets', async () => {
    const failing = await startReceiver(() => ({ status: 500 }));
    const hanging = await startReceiver(() => 'hang');
    const gone = await startReceiver(() => ({ status: 410 }));
    receivers.push(failing, hanging, gone);
    const targets = { failing: failing.url, refused: await closedPortUrl(), hanging: hanging.url, ssrf: 'http://10.0.0.1/hook', gone: gone.url };
    const ids: Record<string, string> = {};
    const secrets: string[] = [];
    for (const [name, url] of Object.entries(targets)) {
      const created = (await (await api('/v1/webhooks', 'POST', { name, url, event: 'payment_received' })).json()) as { id: string; secret: string };
      ids[name] = created.id;
      secrets.push(created.secret);
    }
    const events: string[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${relay.url}/ingest/${keys.RELAY_INGEST_TOKEN}/payment_received`, { method: 'POST', body: JSON.stringify({ payment_id: 100 + i }) });
      events.push(((await response.json()) as { id: string }).id);
    }

    // Wait until every delivery is finished: 3 attempts each for four webhooks; the 410 one disabled at its first.
    const finished = async () => {
      let attempts = 0;
      for (const id of Object.values(ids)) {
        const { data } = (await (await api(`/v1/webhooks/${id}/deliveries?limit=100`)).json()) as { data: { status: string; attempt_log: unknown[] }[] };
        if (data.some((delivery) => delivery.status === 'pending')) return -1;
        attempts += data.reduce((sum, delivery) => sum + delivery.attempt_log.length, 0);
      }
      return attempts;
    };
    await expect.poll(finished, { timeout: 20_000, interval: 250 }).toBeGreaterThan(0);
    const attempts = await finished();
    expect(attempts).toBeGreaterThanOrEqual(4 * 5 * 3 + 1);

    await expect.poll(() => logLines().filter((line) => line.message === 'delivery attempt failed').length, { timeout: 5000 }).toBe(attempts);
    const lines = logLines();
    // The relay's own events (here relay_webhook_disabled, for the 410) are events too: logged with source relay.
    const received = lines.filter((line) => line.message === 'event received' && line.source !== 'relay');
    expect(received.map((line) => line.id)).toEqual(events);
    expect(lines.filter((line) => line.message === 'event received' && line.source === 'relay').map((line) => line.event)).toEqual(['relay_webhook_disabled']);
    expect(received[0]).toMatchObject({ event: 'payment_received', source: 'ingest', test: false, deliveries: 5 });

    const failed = lines.filter((line) => line.message === 'delivery attempt failed');
    const byWebhook = (name: string) => failed.filter((line) => line.webhook === ids[name]);
    expect(byWebhook('failing')).toHaveLength(15);
    expect(byWebhook('failing')[0]).toMatchObject({ level: 'warn', event: 'payment_received', attempt: 1, of: 3, status: 500, error: 'HTTP 500', gave_up: false, next_attempt_at: expect.any(String) });
    expect(byWebhook('failing').filter((line) => line.attempt === 3).every((line) => line.gave_up === true && line.next_attempt_at === null)).toBe(true);
    expect(byWebhook('failing').every((line) => typeof line.delivery === 'string' && events.includes(line.event_id as string))).toBe(true);
    expect(byWebhook('refused')[0]).toMatchObject({ status: null, error: expect.stringContaining('ECONNREFUSED') });
    expect(byWebhook('hanging')[0]).toMatchObject({ status: null, error: expect.stringMatching(/timed out|timeout/i) });
    expect(byWebhook('ssrf')[0]).toMatchObject({ status: null, error: expect.stringContaining('refused to connect to 10.0.0.1') });
    for (const name of ['refused', 'hanging', 'ssrf']) expect(byWebhook(name)).toHaveLength(15);

    const disabled = lines.filter((line) => line.message === 'webhook disabled');
    expect(disabled).toEqual([expect.objectContaining({ level: 'warn', webhook: ids.gone, name: 'gone', reason: expect.stringContaining('410 Gone') })]);
    expect((await api(`/v1/webhooks/${ids.gone}`, 'PATCH', { active: true })).status).toBe(200);
    await expect.poll(() => logLines().filter((line) => line.message === 'webhook re-enabled')).toEqual([
      expect.objectContaining({ webhook: ids.gone, via: 'api', was: expect.stringContaining('410 Gone') }),
    ]);

    const everything = relay.logs.join('\n');
    for (const secret of [...secrets, keys.RELAY_API_KEY, keys.RELAY_INGEST_TOKEN]) expect(everything).not.toContain(secret);
  }, 40_000);

  it('keeps the volume bounded under load: past 100 lines per message per 10 s, one summary line with the count', async () => {
    const slug = 'domain_mapping_added'; // nobody subscribes: only the "event received" lines
    const lineCount = () => {
      const lines = logLines().filter((line) => String(line.message).startsWith('event received') && (line.event === slug || (line.by_event as Record<string, number> | undefined)?.[slug]));
      const single = lines.filter((line) => line.message === 'event received').length;
      const summarised = lines.reduce((sum, line) => sum + ((line.by_event as Record<string, number> | undefined)?.[slug] ?? 0), 0);
      return { single, summarised };
    };
    const total = 300;
    for (let sent = 0; sent < total; sent += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, i) =>
        fetch(`${relay.url}/ingest/${keys.RELAY_INGEST_TOKEN}/${slug}`, { method: 'POST', body: JSON.stringify({ domain_id: sent + i + 1 }) }).then((response) => response.arrayBuffer())));
    }
    // Every event is accounted for: logged one by one, or counted in a summary at the end of its window.
    await expect.poll(() => { const { single, summarised } = lineCount(); return single + summarised; }, { timeout: 15_000, interval: 500 }).toBe(total);
    const { single, summarised } = lineCount();
    expect(single).toBeLessThanOrEqual(200); // at most two windows' budgets (a window may end mid-burst)
    expect(summarised).toBeGreaterThanOrEqual(total - 200);
  }, 30_000);
});
