/**
 * The store's share of a delivery, without HTTP: a SQLite store on disk (group commit, fsync) in this process,
 * 10 webhooks, events stored as ingest does, then claimed and completed the way the worker does (claims of up to
 * 128, at most 16 per webhook, completions in flight together). CPU time of this process (process.cpuUsage: the
 * main thread and libuv's fsync threads) per delivery for each step, commits and fsyncs counted. One thread's
 * CPU time, so machine load moves it far less than any rate.
 *
 *   node bench/storeCost.ts [--events=2000] [--root=/tmp/abA]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commandLineOption } from './benchOptions.ts';

const arg = (name: string, fallback: string) => commandLineOption(name) ?? fallback;
const root = path.resolve(arg('root', path.join(path.dirname(new URL(import.meta.url).pathname), '..')));
const events = Number(arg('events', '2000'));
const { SqliteStore } = await import(path.join(root, 'relay/src/store/sqlite/sqliteStore.ts'));
const { newId } = await import(path.join(root, 'relay/src/store/ids.ts'));
const { paymentReceivedBody, benchEvent } = await import(path.join(root, 'bench/payload.ts'));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-cost-'));
const store = new SqliteStore(path.join(dir, 'relay.db'));
await store.migrate();
let commits = 0;
store.observeCommitBatches(() => commits++);
const webhooks = 10;
for (let index = 0; index < webhooks; index++) {
  await store.createWebhook({ id: newId('whk'), name: `W${index}`, url: `http://127.0.0.1:9/${index}`, events: [benchEvent], integration: 'generic', active: true, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', createdAt: Date.now() });
}
const cpu = () => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

async function phase<T>(name: string, deliveries: number, run: () => Promise<T>): Promise<T> {
  const commitsBefore = commits;
  const before = cpu();
  const started = performance.now();
  const result = await run();
  const micros = cpu() - before;
  console.log(`| ${name} | ${(micros / deliveries).toFixed(1)} µs | ${(commits - commitsBefore).toLocaleString('en-US')} commits, ${(deliveries / Math.max(1, commits - commitsBefore)).toFixed(1)} deliveries each | ${((performance.now() - started) / 1000).toFixed(2)} s |`);
  return result;
}

console.log(`root ${root}, ${events} events × ${webhooks} webhooks, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
console.log('| step | CPU per delivery | commits | wall |\n| --- | ---: | --- | ---: |');
const total = events * webhooks;
// Ingest: 50 events in flight at a time, as 50 connections would.
await phase('store events (10 deliveries each)', total, async () => {
  for (let sent = 0; sent < events; sent += 50) {
    await Promise.all(Array.from({ length: Math.min(50, events - sent) }, (_, n) => store.insertEvent({
      id: newId('evt'), event: benchEvent, body: paymentReceivedBody(sent + n), isTest: false, source: 'plugin', idempotencyKey: null, receivedAt: Date.now(),
    })));
  }
});
// The worker: claims of up to 128 (16 per webhook) while the previous claim's 128 are in flight (leased, still
// pending: a claim reads past them), then those are completed together; CPU summed per step.
const workerId = 'cost:1';
type Claimed = { delivery: { id: string; eventId: string; attempts: number }; webhook: { id: string } };
const complete = (batch: Claimed[]) => Promise.all(batch.map(({ delivery, webhook }) => {
  const startedAt = Date.now();
  return store.queue.completeAttempt(delivery.id, workerId, {
    attempt: {
      id: newId('att'), deliveryId: delivery.id, webhookId: webhook.id, eventId: delivery.eventId, attemptNumber: delivery.attempts + 1,
      trigger: 'scheduled', startedAt, durationMs: 2, ok: true, statusCode: 200, error: null, responseExcerpt: '{"ok":true}',
    },
    status: 'succeeded', nextAttemptAt: null, disableWebhookReason: null,
  });
}));
const steps = { claims: { cpu: 0, commits: 0 }, completions: { cpu: 0, commits: 0 } };
const timed = async <T>(step: keyof typeof steps, run: () => Promise<T>): Promise<T> => {
  const before = cpu();
  const commitsBefore = commits;
  const result = await run();
  steps[step].cpu += cpu() - before;
  steps[step].commits += commits - commitsBefore;
  return result;
};
let inFlight: Claimed[] = [];
for (;;) {
  const batch = await timed('claims', () => store.queue.claimDueDeliveries({ workerId, now: Date.now() + 1000, limit: 128, leaseMs: 60_000, perWebhookLimit: 16, excludeWebhookIds: [] })) as Claimed[];
  await timed('completions', () => complete(inFlight));
  inFlight = batch;
  if (batch.length === 0) break;
}
console.log(`| claims (up to 128, 16 per webhook, 128 more leased) | ${(steps.claims.cpu / total).toFixed(1)} µs | ${steps.claims.commits} commits |  |`);
console.log(`| completions (attempt row, delivery, webhook) | ${(steps.completions.cpu / total).toFixed(1)} µs | ${steps.completions.commits} commits |  |`);
await store.close();
fs.rmSync(dir, { recursive: true, force: true });
