/**
 * A webhook's rate limit holds across relay processes: two relays on one PostgreSQL share the queue and the
 * webhook's budget, and the receiver, counting arrivals by its own clock, never sees more than the limit in any
 * second (any window of 1,000 ms, wherever it starts).
 *
 * The receiver runs on this test's event loop, which other suites running alongside can hold up: an arrival is
 * then recorded late, and the next ones on time look closer together than they came. The window is narrowed by
 * the longest such hold-up measured during the run, so the check judges the relay's spacing, not the loop's.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { dropSchema, newSchemaName, testDatabaseUrl, urlWithSchema } from '../../support/postgres.ts';
import { startReceiver, type Receiver } from '../../support/receiver.ts';
import { spawnTestRelayProcesses, type TestRelayProcess } from '../../support/relayProcess.ts';

const perSecond = 10;
const eventCount = 60;

let processes: TestRelayProcess[] = [];
let receiver: Receiver | null = null;
let schema = '';
afterEach(async () => {
  await Promise.all(processes.map((relay) => relay.kill()));
  await receiver?.close();
  await dropSchema(schema);
  processes = [];
});

/** The most arrivals in any window of `windowMs` (each window ending at an arrival: where the maximum is). */
function mostInAnyWindow(arrivals: number[], windowMs: number): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe('pacing across relay processes', () => {
  it(`holds ${perSecond} per second for one webhook with two relay processes on PostgreSQL`, async () => {
    schema = newSchemaName('relay_pacing');
    processes = await spawnTestRelayProcesses(2, { DATABASE_URL: urlWithSchema(schema), RELAY_REQUEST_TIMEOUT: '5s' });
    receiver = await startReceiver();
    const created = await processes[0].api('/v1/webhooks', {
      method: 'POST', json: { name: 'Paced', url: receiver.url, event: 'payment_received', rate_limit: { per_second: perSecond } },
    });
    expect(created.status).toBe(201);
    // Which processes hold leases while it drains: both must take part for the test to mean anything.
    const db = new pg.Client({ connectionString: testDatabaseUrl });
    await db.connect();
    const receiverLag = monitorEventLoopDelay({ resolution: 10 });
    receiverLag.enable();
    const owners = new Set<string>();
    let watching = true;
    const watch = (async () => {
      while (watching) {
        const { rows } = await db.query(`SELECT DISTINCT lease_owner FROM ${schema}.deliveries WHERE lease_owner IS NOT NULL`);
        for (const row of rows) owners.add(String(row.lease_owner));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    try {
      for (let i = 0; i < eventCount; i++) {
        expect((await processes[i % 2].ingest('payment_received', { payment_id: i })).status).toBe(202);
      }
      await receiver.waitFor(eventCount, 60_000);
    } finally {
      watching = false;
      await watch;
      await db.end();
    }
    expect(owners.size, `lease owners seen: ${[...owners].join(', ')}`).toBe(2);
    const arrivals = receiver.requests.map((request) => request.at);
    expect(new Set(receiver.requests.map((request) => JSON.parse(request.body).payment_id)).size).toBe(eventCount);
    receiverLag.disable();
    // A window ending at an arrival recorded late by at most the loop's longest hold-up.
    const windowMs = 1000 - Math.min(receiverLag.max / 1e6, 300);
    expect(mostInAnyWindow(arrivals, windowMs), `arrivals counted in windows of ${windowMs.toFixed(0)} ms`).toBeLessThanOrEqual(perSecond);
  }, 120_000);
});
