/**
 * Every Zap's hook is on hooks.zapier.com: isolation must hold per webhook even when every webhook is on one
 * host:port. 20 webhooks whose receiver never answers and 20 healthy ones on the same server: the healthy ones get
 * every event while the hanging ones still hold their connections (once, a per-host socket cap of 64 made every
 * healthy delivery wait for the hanging ones' timeouts).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findEventType } from '../../../shared/events/catalog.ts';
import { startReceiver, type Receiver } from '../../support/receiver.ts';
import { spawnTestRelayProcess, type TestRelayProcess } from '../../support/relayProcess.ts';
import { subscribe } from '../../support/subscribe.ts';
import { until } from '../../support/until.ts';

const hangingWebhooks = 20;
const healthyWebhooks = 20;
const events = 20;
let relay: TestRelayProcess;
let host: Receiver;
const hangingIds = new Set<string>();

beforeAll(async () => {
  // One server, one host:port; the path says which kind of receiver a webhook points at.
  host = await startReceiver((request) => (request.path.startsWith('/hang/') ? 'hang' : { status: 200, body: '{"ok":true}' }));
  relay = await spawnTestRelayProcess({ RELAY_REQUEST_TIMEOUT: '120s' });
  const base = host.url.replace(/\/hook$/, '');
  for (let i = 0; i < hangingWebhooks; i++) {
    hangingIds.add((await subscribe(relay.api, `${base}/hang/${i}`, { name: `Hanging Zap ${i}` })).id);
  }
  for (let i = 0; i < healthyWebhooks; i++) await subscribe(relay.api, `${base}/ok/${i}`, { name: `Healthy Zap ${i}` });
});
afterAll(async () => {
  await relay.kill();
  await host.close();
});

it('delivers every event to the healthy webhooks while the hanging ones on the same host hold their connections', async () => {
  const sample = findEventType('payment_received')!.sample;
  for (let id = 1; id <= events; id++) expect((await relay.ingest('payment_received', { ...sample, payment_id: id })).status).toBe(202);

  const healthyArrived = () => host.requests.filter((request) => request.path.startsWith('/ok/')).length;
  const hangingOpen = () => host.requests.filter((request) => request.path.startsWith('/hang/')).length;
  await until(healthyArrived, (arrived) => arrived >= healthyWebhooks * events, { timeoutMs: 60_000 });

  // Each healthy webhook got each event once (deduplicated by webhook-id, nothing lost)…
  for (let i = 0; i < healthyWebhooks; i++) {
    const ids = new Set(host.requests.filter((request) => request.path === `/ok/${i}`).map((request) => request.headers['webhook-id']));
    expect(ids.size, `healthy webhook ${i}`).toBe(events);
  }
  // …while the hanging receivers held more connections to this host than any per-host cap of 64 would allow,
  // none of them answered, and none has timed out yet (120 s).
  expect(hangingOpen()).toBeGreaterThan(64);
  const newest = (await (await relay.api('/v1/events?limit=1')).json()).data[0];
  const { deliveries } = await (await relay.api(`/v1/events/${newest.id}`)).json();
  const toHanging = deliveries.filter((delivery: { webhook_id: string }) => hangingIds.has(delivery.webhook_id));
  expect(toHanging).toHaveLength(hangingWebhooks);
  expect(toHanging.every((delivery: { status: string; attempts: number }) => delivery.status === 'pending' && delivery.attempts === 0)).toBe(true);
  expect((await fetch(`${relay.url}/healthz`, { signal: AbortSignal.timeout(10_000) })).status).toBe(200);
});
