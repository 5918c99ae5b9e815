/**
 * /metrics in the Prometheus text format, behind the API key: counters that agree with the delivery log, the
 * queue and webhook gauges read from the store, group-commit batch sizes and the process figures.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../support/receiver.ts';
import { startTestRelay, type TestRelay } from '../../support/testRelay.ts';
import { until } from '../../support/until.ts';

const relays: TestRelay[] = [];
const receivers: Receiver[] = [];
afterAll(async () => {
  for (const relay of relays) await relay.stop();
  for (const receiver of receivers) await receiver.close();
});

/** Samples of a scrape by series (`name{labels}`), e.g. relay_webhooks{state="active"}. */
function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

async function scrape(relay: TestRelay): Promise<Map<string, number>> {
  const response = await relay.api('/metrics');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseMetrics(await response.text());
}

interface DeliveryJson {
  status: string;
  attempt_log: { trigger: string; status_code: number | null }[];
}

describe('/metrics', () => {
  it('needs the API key', async () => {
    const relay = await startTestRelay();
    relays.push(relay);
    expect((await fetch(`${relay.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${relay.url}/metrics`, { headers: { authorization: 'Bearer rk_wrong_key_entirely' } })).status).toBe(401);
    const samples = await scrape(relay);
    // Process figures (prom-client's defaults, prefixed).
    for (const name of ['relay_process_cpu_user_seconds_total', 'relay_process_resident_memory_bytes', 'relay_nodejs_eventloop_lag_seconds', 'relay_nodejs_heap_size_used_bytes']) {
      expect(samples.has(name), name).toBe(true);
    }
  });

  it('counts events and attempts as the delivery log records them; webhooks by state; batch sizes', async () => {
    const relay = await startTestRelay();
    relays.push(relay);
    const ok = await startReceiver();
    const failing = await startReceiver(() => ({ status: 500 }));
    const gone = await startReceiver(() => ({ status: 410 }));
    receivers.push(ok, failing, gone);
    const ids: string[] = [];
    for (const [name, receiver] of [['ok', ok], ['failing', failing], ['gone', gone]] as const) {
      const response = await relay.api('/v1/webhooks', { method: 'POST', json: { name, url: receiver.url, event: 'payment_received' } });
      ids.push(((await response.json()) as { id: string }).id);
    }
    for (let i = 0; i < 3; i++) expect((await relay.ingest('payment_received', { payment_id: 500 + i })).status).toBe(202);
    expect((await relay.api('/v1/events', { method: 'POST', json: { event: 'payment_received', payload: { payment_id: 9 } } })).status).toBe(202);
    expect((await relay.ingest('site_published', { site_id: 3 })).status).toBe(202);

    // Settled: nothing pending (the test relay retries 4 times within ~1.4 s).
    const deliveries = async () => {
      const all: DeliveryJson[] = [];
      for (const id of ids) all.push(...((await (await relay.api(`/v1/webhooks/${id}/deliveries?limit=100`)).json()) as { data: DeliveryJson[] }).data);
      return all;
    };
    await expect.poll(async () => (await deliveries()).filter((delivery) => delivery.status === 'pending').length, { timeout: 15_000 }).toBe(0);
    const attempts = (await deliveries()).flatMap((delivery) => delivery.attempt_log);
    const samples = await scrape(relay);

    expect(samples.get('relay_events_received_total{event="payment_received",source="ingest"}')).toBe(3);
    expect(samples.get('relay_events_received_total{event="payment_received",source="api"}')).toBe(1);
    expect(samples.get('relay_events_received_total{event="site_published",source="ingest"}')).toBe(1);

    const countOf = (outcomeFilter: (key: string) => boolean) =>
      [...samples].filter(([key]) => key.startsWith('relay_delivery_attempts_total{') && outcomeFilter(key)).reduce((sum, [, value]) => sum + value, 0);
    expect(countOf(() => true)).toBe(attempts.length);
    expect(countOf((key) => key.includes('status_class="2xx"'))).toBe(attempts.filter((attempt) => attempt.status_code === 200).length);
    expect(samples.get('relay_delivery_attempts_total{outcome="succeeded",status_class="2xx",trigger="scheduled"}')).toBe(4);
    expect(samples.get('relay_delivery_attempts_total{outcome="failed",status_class="5xx",trigger="scheduled"}')).toBe(4); // gave up after the last attempt
    expect(samples.get('relay_delivery_attempts_total{outcome="retrying",status_class="5xx",trigger="scheduled"}')).toBe(12);
    expect(countOf((key) => key.includes('status_class="4xx"'))).toBe(attempts.filter((attempt) => attempt.status_code === 410).length);
    expect(samples.get('relay_delivery_attempt_duration_seconds_count{outcome="succeeded"}')).toBe(4);
    // One first attempt per fan-out delivery that was attempted at all.
    const firstAttempts = (await deliveries()).filter((delivery) => delivery.attempt_log.length > 0).length;
    expect(samples.get('relay_ingest_to_first_attempt_seconds_count')).toBe(firstAttempts);
    expect(samples.get('relay_webhooks_disabled_total{reason="gone"}')).toBe(1);

    expect(samples.get('relay_webhooks{state="active"}')).toBe(1);
    expect(samples.get('relay_webhooks{state="failing"}')).toBe(1);
    expect(samples.get('relay_webhooks{state="disabled"}')).toBe(1);
    expect(samples.get('relay_deliveries_pending')).toBe(0);
    expect(samples.get('relay_deliveries_oldest_due_age_seconds')).toBe(0);
    expect(samples.get('relay_group_commit_batch_size_count')).toBeGreaterThan(0);
    expect(samples.get('relay_group_commit_batch_size_sum')).toBeGreaterThanOrEqual(samples.get('relay_group_commit_batch_size_count')!);
  });

  it('shows the backlog: deliveries pending and how long the oldest due one has waited', async () => {
    // An api-only relay stores deliveries but sends nothing: they stay due.
    const relay = await startTestRelay({ RELAY_ROLE: 'api' });
    relays.push(relay);
    const created = await relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Later', url: 'https://example.com/hook', event: 'payment_received' } });
    expect(created.status).toBe(201);
    const before = Date.now();
    for (let i = 0; i < 3; i++) await relay.ingest('payment_received', { payment_id: 700 + i });
    // The backlog ages: read until its oldest due delivery has waited a second.
    const samples = await until(() => scrape(relay), (figures) => (figures.get('relay_deliveries_oldest_due_age_seconds') ?? 0) >= 1);
    expect(samples.get('relay_deliveries_pending')).toBe(3);
    const age = samples.get('relay_deliveries_oldest_due_age_seconds')!;
    expect(age).toBeGreaterThanOrEqual(1);
    expect(age).toBeLessThanOrEqual((Date.now() - before) / 1000 + 0.1);
  });
});
