/**
 * Scale-out on PostgreSQL: three relay processes share one database and its delivery queue. Every subscriber
 * gets every event exactly once while all processes are healthy; when one is SIGKILLed mid-run, the others
 * take over its leased deliveries after the lease expires, and only those can arrive twice (same webhook-id).
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createPoster } from '../../support/fastPoster.ts';
import { dropSchema, newSchemaName, testDatabaseUrl, urlWithSchema } from '../../support/postgres.ts';
import { startReceiver, type Receiver } from '../../support/receiver.ts';
import { spawnTestRelayProcesses, type TestRelayProcess } from '../../support/relayProcess.ts';

const eventCount = Number(process.env.SCALE_OUT_EVENTS || 5000);

let processes: TestRelayProcess[] = [];
let receivers: Receiver[] = [];
let schema = '';
afterEach(async (context) => {
  // A failure is easier to read with what the relays said (a crashed process especially).
  if (context.task.result?.state === 'fail') {
    for (const relay of processes) console.error(`relay ${relay.workerId} (exit ${relay.child.exitCode ?? relay.child.signalCode ?? 'running'}):\n${relay.logs.slice(-20).join('\n')}`);
  }
  await Promise.all(processes.map((relay) => relay.kill()));
  await Promise.all(receivers.map((receiver) => receiver.close()));
  await dropSchema(schema);
  processes = [];
  receivers = [];
});

async function setUp() {
  schema = newSchemaName('relay_scale');
  processes = await spawnTestRelayProcesses(3, {
    DATABASE_URL: urlWithSchema(schema),
    // Generous for a loaded CI machine: a timed-out attempt or an expired lease would be a legitimate resend.
    RELAY_REQUEST_TIMEOUT: '5s',
    RELAY_LEASE: '10s',
    RELAY_POLL_INTERVAL: '200ms',
  });
  receivers = await Promise.all([1, 2, 3].map(() => startReceiver()));
  const webhookIds: string[] = [];
  for (const [index, receiver] of receivers.entries()) {
    const created = await processes[index].api('/v1/webhooks', { method: 'POST', json: { name: `Subscriber ${index}`, url: receiver.url, event: 'payment_received' } });
    expect(created.status).toBe(201);
    webhookIds.push(((await created.json()) as { id: string }).id);
  }
  return webhookIds;
}

/** Posts `eventCount` events round-robin across the processes, 48 at a time; returns the stored event ids. */
async function postEvents(): Promise<{ ids: string[]; seconds: number }> {
  const ids: string[] = new Array(eventCount);
  const poster = createPoster();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 48 }, async () => {
      while (next < eventCount) {
        const index = next++;
        const response = await poster.post(`${processes[index % processes.length].url}/ingest/${processes[0].ingestToken}/payment_received`, { payment_id: index, customer_user_email: `c${index}@example.com` });
        expect(response.status).toBe(202);
        ids[index] = (JSON.parse(response.body) as { id: string }).id;
      }
    }),
  ).finally(() => poster.close());
  return { ids, seconds: (performance.now() - started) / 1000 };
}

/** webhook-id → how many times this receiver got it, and payment_id → the webhook-ids it came under. */
function tally(receiver: Receiver) {
  const byWebhookId = new Map<string, number>();
  const webhookIdsByPayment = new Map<number, Set<string>>();
  for (const request of receiver.requests) {
    const id = String(request.headers['webhook-id']);
    byWebhookId.set(id, (byWebhookId.get(id) ?? 0) + 1);
    const payment = (JSON.parse(request.body) as { payment_id: number }).payment_id;
    webhookIdsByPayment.set(payment, (webhookIdsByPayment.get(payment) ?? new Set()).add(id));
  }
  return { byWebhookId, webhookIdsByPayment };
}

async function waitForAll(ids: string[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const missing = receivers.map((receiver) => ids.length - tally(receiver).byWebhookId.size);
    if (missing.every((count) => count === 0)) return;
    if (Date.now() > deadline) throw new Error(`still missing per receiver: ${missing.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('scale-out: three relay processes on one PostgreSQL', () => {
  it(`delivers ${eventCount} events to each of 3 subscribers exactly once`, async () => {
    await setUp();
    const started = performance.now();
    const { ids, seconds } = await postEvents();
    await waitForAll(ids, 60_000);
    const total = (performance.now() - started) / 1000;
    // Anything late would be a duplicate: give it a moment to show up.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const receiver of receivers) {
      const { byWebhookId } = tally(receiver);
      expect([...byWebhookId.keys()].sort()).toEqual([...ids].sort());
      expect(receiver.requests).toHaveLength(eventCount);
    }
    console.log(`scale-out: ${eventCount} events ingested in ${seconds.toFixed(1)} s (${Math.round(eventCount / seconds)}/s), ` +
      `${eventCount * 3} deliveries done ${total.toFixed(1)} s after the first post (${Math.round((eventCount * 3) / total)}/s)`);
  }, 120_000);

  it('recovers the deliveries of a SIGKILLed process after its lease; only those arrive twice, under the same webhook-id', async () => {
    const webhookIds = await setUp();
    // Receivers answer after 100 ms, so every worker always holds leases on requests in flight: the kill then
    // certainly leaves leased deliveries behind for the others to take over.
    for (const receiver of receivers) receiver.respond(() => ({ status: 200, body: '{"ok":true}', delayMs: 100 }));
    const { ids } = await postEvents();
    const victim = processes[2];
    const db = new pg.Client({ connectionString: testDatabaseUrl });
    await db.connect();
    const leasedByVictim = async () =>
      (await db.query(`SELECT event_id, webhook_id FROM ${schema}.deliveries WHERE lease_owner = $1 AND status = 'pending'`, [victim.workerId])).rows as { event_id: string; webhook_id: string }[];
    // Kill it mid-run (a third delivered), at a moment it holds a good number of leases.
    while (receivers.reduce((sum, receiver) => sum + receiver.requests.length, 0) < eventCount) await new Promise((resolve) => setTimeout(resolve, 5));
    while ((await leasedByVictim()).length < 8) await new Promise((resolve) => setTimeout(resolve, 5));
    await victim.kill();
    const inFlightAtKill = new Set((await leasedByVictim()).map((row) => `${row.webhook_id}/${row.event_id}`));
    await db.end();

    await waitForAll(ids, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    let duplicates = 0;
    for (const [index, receiver] of receivers.entries()) {
      const { byWebhookId, webhookIdsByPayment } = tally(receiver);
      expect([...byWebhookId.keys()].sort()).toEqual([...ids].sort());
      for (const [eventId, count] of byWebhookId) {
        if (count === 1) continue;
        duplicates += count - 1;
        expect(count).toBe(2);
        expect(inFlightAtKill.has(`${webhookIds[index]}/${eventId}`)).toBe(true);
      }
      // A redelivery carries the first delivery's webhook-id: one id per event.
      for (const webhookIdsOfPayment of webhookIdsByPayment.values()) expect(webhookIdsOfPayment.size).toBe(1);
    }
    console.log(`kill: ${inFlightAtKill.size} deliveries leased by the killed process, ${duplicates} delivered twice`);
    expect(inFlightAtKill.size).toBeGreaterThan(0);
  }, 120_000);
});
