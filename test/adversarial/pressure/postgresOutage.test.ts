/**
 * PostgreSQL restarting or failing over under ingest load: the relay's sessions are terminated (57P01) again and
 * again, then the database refuses connections for a while. The relay must stay up, answer 503 with Retry-After
 * while the database is away, carry on by itself when it is back, and deliver every event it acknowledged.
 * The test gets a database of its own, so blocking connections to it disturbs nobody else.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testDatabaseUrl } from '../../support/postgres.ts';
import { startReceiver, type Receiver } from '../../support/receiver.ts';
import { spawnTestRelayProcess, type TestRelayProcess } from '../../support/relayProcess.ts';
import { subscribe } from '../../support/subscribe.ts';
import { until } from '../../support/until.ts';

const database = `relay_outage_${randomBytes(5).toString('hex')}`;
let admin: pg.Client;
let relay: TestRelayProcess;
let receiver: Receiver;

const sessionsOfRelay = () => admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);

beforeAll(async () => {
  admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${database}`;
  receiver = await startReceiver();
  relay = await spawnTestRelayProcess({ DATABASE_URL: url.toString(), RELAY_REQUEST_TIMEOUT: '2s', RELAY_LEASE: '4s' });
  await subscribe(relay.api, receiver.url);
});
afterAll(async () => {
  await relay?.kill();
  await receiver?.close();
  await admin.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS true`).catch(() => undefined);
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
});

it('survives terminated sessions and an unreachable database under load, then delivers every acknowledged event', async () => {
  const acknowledged = new Set<string>();
  const refusals: { status: number; retryAfter: string | null; code: string }[] = [];
  let stop = false;
  let sequence = 0;
  // A little ingest load, from 4 concurrent senders, for the whole test.
  const load = Array.from({ length: 4 }, async () => {
    while (!stop) {
      const response = await relay.ingest('payment_received', { payment_id: ++sequence, payment_total: '$ 1.00' }).catch(() => null);
      if (!response) continue;
      const body = await response.json();
      if (response.status === 202) acknowledged.add(body.id);
      else refusals.push({ status: response.status, retryAfter: response.headers.get('retry-after'), code: body.error?.code });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  });
  const waitForAcks = async (count: number) => {
    const target = acknowledged.size + count;
    await until(() => {
      if (relay.child.exitCode !== null || relay.child.signalCode !== null) throw new Error(`the relay died:\n${relay.logs.slice(-5).join('\n')}`);
      return acknowledged.size;
    }, (size) => size >= target);
  };

  await waitForAcks(20);
  for (let round = 0; round < 4; round++) {
    await sessionsOfRelay(); // what a restart or failover does to every open session
    await waitForAcks(10); // and the relay carries on by itself
  }

  // The database refuses connections for a while: ingest answers 503 with Retry-After, /healthz says so.
  await admin.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS false`);
  await sessionsOfRelay();
  await until(() => refusals.some((refusal) => refusal.status === 503), Boolean);
  const health = await fetch(`${relay.url}/healthz`);
  expect(health.status).toBe(503);
  expect((await health.json()).checks.store.ok).toBe(false);
  await admin.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS true`);
  await waitForAcks(20);
  stop = true;
  await Promise.all(load);

  expect(relay.child.exitCode).toBeNull();
  expect(refusals.length).toBeGreaterThan(0);
  for (const refusal of refusals) expect(refusal).toEqual({ status: 503, retryAfter: expect.stringMatching(/^\d+$/), code: 'store_unavailable' });
  // Health follows by itself too (its write probe is reused for a second, so it may lag the first acks).
  const healthAfter = await until(() => fetch(`${relay.url}/healthz`), (response) => response.status === 200, { timeoutMs: 10_000, describe: (response) => `HTTP ${response.status}` });
  expect(await healthAfter.json()).toMatchObject({ ok: true });
  expect(relay.logs.some((line) => line.includes('store unavailable'))).toBe(true);

  // Every acknowledged event reaches the receiver (webhook-id is the event id).
  const delivered = () => new Set(receiver.requests.map((request) => String(request.headers['webhook-id'])));
  await until(() => [...acknowledged].filter((id) => !delivered().has(id)), (missing) => missing.length === 0, { timeoutMs: 30_000 });
  expect([...acknowledged].filter((id) => !delivered().has(id))).toEqual([]);
}, 120_000);
