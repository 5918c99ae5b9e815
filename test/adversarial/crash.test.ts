/**
 * SIGKILL the relay (a real child process on SQLite) during a burst to 3 subscribers, restart it on the same data
 * dir: every event the host got a 2xx for reaches every subscriber at least once, and the only duplicates are
 * deliveries in flight at the kill, repeated with the same webhook-id and delivery id. Then kill it over and over
 * during start-up and recovery: the store stays consistent and nothing acknowledged is lost.
 * (test/relay/startRelay/restart.test.ts is the small version: 50 events to one hanging receiver.)
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { spawnRelayProcess, type RelayProcess } from '../support/relayProcess.ts';
import { tempDir } from '../support/testRelay.ts';
import { until } from '../support/until.ts';

const keys = { RELAY_API_KEY: 'rk_crash_test_key_5u9e', RELAY_INGEST_TOKEN: 'it_crash_test_token_7c2w' };
const baseEnv = {
  ...keys,
  RELAY_ALLOW_PRIVATE_TARGETS: '1',
  RELAY_LEASE: '3s',
  RELAY_REQUEST_TIMEOUT: '2s',
  RELAY_RETRY_SCHEDULE: '0,200ms,500ms,1s,2s,2s,2s,2s',
  RELAY_RETRY_JITTER: '0',
  RELAY_POLL_INTERVAL: '100ms',
};
const processes: RelayProcess[] = [];
const receivers: Receiver[] = [];
afterAll(async () => {
  await Promise.all(processes.map((relay) => relay.kill()));
  await Promise.all(receivers.map((receiver) => receiver.close()));
});

async function startRelay(env: Record<string, string>): Promise<RelayProcess & { url: string }> {
  const relay = await spawnRelayProcess(env, 60_000);
  processes.push(relay);
  return relay as RelayProcess & { url: string };
}

async function subscribe(url: string, target: string) {
  const response = await fetch(`${url}/v1/webhooks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${keys.RELAY_API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Crash subscriber', url: target, event: 'payment_received' }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** Posts events from..to-1 as Ultimate Multisite does, `concurrency` at a time, until done or `stopped()`. */
async function burst(target: () => string, indexes: number[], acked: Map<number, string>, stopped: () => boolean, concurrency = 24) {
  let next = 0;
  const attempted = new Set<number>();
  const worker = async () => {
    while (next < indexes.length && !stopped()) {
      const index = indexes[next++];
      attempted.add(index);
      try {
        const response = await fetch(`${target()}/ingest/${keys.RELAY_INGEST_TOKEN}/payment_received`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ payment_id: index + 1, payment_total: '19.90', customer_user_email: `crash${index}@example.com` }),
        });
        if (response.status >= 200 && response.status < 300) acked.set(index, ((await response.json()) as { id: string }).id);
        else await response.body?.cancel();
      } catch {
        // The relay died mid-request: not acknowledged, so the host would send it again; nothing is promised.
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return attempted;
}


const webhookIdsOf = (receiver: Receiver, from = 0) => receiver.requests.slice(from).map((request) => request.headers['webhook-id'] as string);
const deliveredTo = (receiver: Receiver) => new Set(webhookIdsOf(receiver));

type KillMoment = 'mid-ingest' | 'ingest-done' | 'mid-fan-out';

async function crashDuringBurst(eventCount: number, moment: KillMoment) {
  const dataDir = tempDir('relay-crash-');
  const env = { ...baseEnv, RELAY_DATA_DIR: dataDir };
  const targets = await Promise.all([startReceiver(), startReceiver(), startReceiver()]);
  receivers.push(...targets);
  let relay = await startRelay(env);
  for (const target of targets) await subscribe(relay.url, target.url);

  const started = Date.now();
  const acked = new Map<number, string>();
  let killed = false;
  const all = Array.from({ length: eventCount }, (_, index) => index);
  const firstBurst = burst(() => relay.url, all, acked, () => killed);
  const total = () => targets.reduce((sum, target) => sum + target.requests.length, 0);
  if (moment === 'mid-ingest') await until(() => acked.size >= eventCount * 0.4, Boolean, { timeoutMs: 120_000, describe: () => `${acked.size} acked` });
  if (moment === 'ingest-done') await firstBurst;
  if (moment === 'mid-fan-out') await until(() => total() >= eventCount * 3 * 0.5 || (acked.size === eventCount && total() >= eventCount * 3 * 0.9), Boolean, { timeoutMs: 120_000, describe: () => `${total()} delivered` });

  killed = true;
  await relay.kill();
  const first = relay;
  const ackedAtKill = acked.size;
  const attempted = await firstBurst;
  // Everything received before the restart came from the killed process (requests it sent just before dying
  // may be read after the kill returns), so the count is taken here, not before the kill.
  const receivedAtKill = targets.map((target) => target.requests.length);

  relay = await startRelay(env);
  // The rest of the burst, never attempted before the kill, goes to the restarted relay.
  await burst(() => relay.url, all.filter((index) => !attempted.has(index)), acked, () => false);
  const ackedIds = [...acked.values()];
  await until(
    () => targets.every((target) => { const got = deliveredTo(target); return ackedIds.every((id) => got.has(id)); }),
    Boolean,
    { timeoutMs: 150_000, describe: () => targets.map((target) => `${ackedIds.filter((id) => !deliveredTo(target).has(id)).length} missing`).join(', ') },
  );
  await new Promise((resolve) => setTimeout(resolve, 1000)); // let stragglers (redeliveries) arrive before counting
  const seconds = (Date.now() - started) / 1000;

  const ackedSet = new Set(ackedIds);
  const unackedAttempts = attempted.size - ackedAtKill; // requests in flight when the relay died
  let duplicates = 0;
  for (const [index, target] of targets.entries()) {
    const got = deliveredTo(target);
    expect(ackedIds.filter((id) => !got.has(id))).toEqual([]);
    // Events the relay stored but died before acknowledging may be delivered; they can only be among those in flight.
    expect([...got].filter((id) => !ackedSet.has(id)).length).toBeLessThanOrEqual(unackedAttempts);
    const copies = new Map<string, number[]>();
    target.requests.forEach((request, position) => copies.set(request.headers['webhook-id'] as string, [...(copies.get(request.headers['webhook-id'] as string) ?? []), position]));
    for (const [webhookId, positions] of copies) {
      if (positions.length === 1) continue;
      duplicates += positions.length - 1;
      // A repeat is a delivery that was in flight at the kill (sent before it, its result not yet recorded),
      // sent once more after the restart: same webhook-id, same delivery id.
      expect(positions, webhookId).toHaveLength(2);
      expect(positions[0], webhookId).toBeLessThan(receivedAtKill[index]);
      expect(positions[1], webhookId).toBeGreaterThanOrEqual(receivedAtKill[index]);
      const [a, b] = positions.map((position) => target.requests[position].headers);
      expect(b['x-um-delivery-id']).toBe(a['x-um-delivery-id']);
      expect(b['webhook-id']).toBe(a['webhook-id']);
    }
  }
  for (const process of [first, relay]) {
    const logs = process.logs.join('\n');
    expect(logs).not.toContain(keys.RELAY_API_KEY);
    expect(logs).not.toContain(keys.RELAY_INGEST_TOKEN);
  }
  await relay.stop();
  console.log(`crash ${moment}: ${eventCount} events × 3 subscribers, ${acked.size} acknowledged (${ackedAtKill} before the kill), ` +
    `killed with ${receivedAtKill.reduce((a, b) => a + b, 0)} deliveries received, ${duplicates} redelivered after restart, all delivered in ${seconds.toFixed(1)} s`);
}

describe('SIGKILL during a burst to 3 subscribers', () => {
  it('10,000 events, killed mid-ingest', { timeout: 240_000 }, () => crashDuringBurst(10_000, 'mid-ingest'));
  it('3,000 events, killed the moment the last one is acknowledged', { timeout: 180_000 }, () => crashDuringBurst(3_000, 'ingest-done'));
  it('3,000 events, killed halfway through the fan-out', { timeout: 180_000 }, () => crashDuringBurst(3_000, 'mid-fan-out'));
});

/** Starts `relay start` and SIGKILLs it after `delayMs`, whatever it is doing (migrating, recovering leases, delivering). */
async function startAndKillAfter(env: Record<string, string>, delayMs: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'relay/src/cli/main.ts', 'start'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { ...process.env, PORT: '0', RELAY_HOST: '127.0.0.1', ...env },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  child.kill('SIGKILL');
  await exited;
}

describe('kill, start, kill, start', () => {
  it('keeps the store consistent and loses nothing acknowledged', { timeout: 240_000 }, async () => {
    const dataDir = tempDir('relay-restarts-');
    const env = { ...baseEnv, RELAY_DATA_DIR: dataDir, RELAY_LOG_LEVEL: 'info' };
    // Killed during its very first start-ups: creating the database, migrating.
    for (const delay of [150, 400, 700, 1000]) await startAndKillAfter(env, delay);
    const targets = await Promise.all([startReceiver(), startReceiver(), startReceiver()]);
    receivers.push(...targets);
    let relay = await startRelay(env);
    for (const target of targets) await subscribe(relay.url, target.url);
    const acked = new Map<number, string>();
    await burst(() => relay.url, Array.from({ length: 2000 }, (_, index) => index), acked, () => false);
    expect(acked.size).toBe(2000);
    await relay.kill();
    // Start-up and recovery, killed again and again at different points (leases of the dead worker still held).
    for (const delay of [200, 600, 1200, 1800, 2500, 3500]) await startAndKillAfter(env, delay);
    for (let round = 0; round < 2; round++) {
      relay = await startRelay(env);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await relay.kill();
    }

    relay = await startRelay(env);
    const ackedIds = [...acked.values()];
    await until(() => targets.every((target) => ackedIds.every((id) => deliveredTo(target).has(id))), Boolean,
      { timeoutMs: 150_000, describe: () => targets.map((target) => `${ackedIds.filter((id) => !deliveredTo(target).has(id)).length} missing`).join(', ') });
    // Let the last results be recorded, then look inside the store.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await relay.stop();

    const db = new Database(path.join(dataDir, 'relay.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT COUNT(*) AS n FROM webhooks').get()).toEqual({ n: 3 });
      const stored = new Set((db.prepare('SELECT id FROM events').all() as { id: string }[]).map((row) => row.id));
      expect(ackedIds.filter((id) => !stored.has(id))).toEqual([]);
      expect(stored.size).toBe(ackedIds.length);
      // One delivery per event and subscriber, all succeeded, each with its attempts logged, no lease left behind.
      expect(db.prepare("SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status").all()).toEqual([{ status: 'succeeded', n: 6000 }]);
      expect(db.prepare('SELECT COUNT(*) AS n FROM (SELECT event_id, webhook_id FROM deliveries GROUP BY event_id, webhook_id HAVING COUNT(*) > 1)').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT COUNT(*) AS n FROM deliveries d WHERE NOT EXISTS (SELECT 1 FROM attempts a WHERE a.delivery_id = d.id AND a.ok = 1)').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT COUNT(*) AS n FROM deliveries WHERE lease_owner IS NOT NULL').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT COUNT(*) AS n FROM deliveries d WHERE attempts <> (SELECT COUNT(*) FROM attempts a WHERE a.delivery_id = d.id)').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});
