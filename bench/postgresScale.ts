/**
 * PostgreSQL scale-out benchmark: ingest events/s and deliveries/s with 1 and with 3 worker processes.
 * Each run uses a fresh schema: API process(es) (RELAY_ROLE=api) take the events, worker processes
 * (RELAY_ROLE=worker) deliver them to local receivers answering 200 at once.
 *
 *   node --import tsx bench/postgresScale.ts [--events 5000] [--subscribers 3] [--workers 1,3 (0: ingest only)] [--apis 1] [--concurrency 48]
 *
 * TEST_DATABASE_URL chooses the database (default postgres://postgres@127.0.0.1:5432/test).
 */
import pg from 'pg';
import { parseArgs } from 'node:util';
import { createPoster } from '../test/support/fastPoster.ts';
import { dropSchema, newSchemaName, testDatabaseUrl, urlWithSchema } from '../test/support/postgres.ts';
import { startReceiver, type Receiver } from '../test/support/receiver.ts';
import { spawnRelayProcess, type RelayProcess } from '../test/support/relayProcess.ts';

const { values: options } = parseArgs({
  args: process.argv.slice(2),
  options: { events: { type: 'string' }, subscribers: { type: 'string' }, workers: { type: 'string' }, apis: { type: 'string' }, concurrency: { type: 'string' } },
});
const events = Number(options.events ?? 5000);
const subscribers = Number(options.subscribers ?? 3);
const workerCounts = String(options.workers ?? '1,3').split(',').map(Number);
const apis = Number(options.apis ?? 1);
const concurrency = Number(options.concurrency ?? 48);
const apiKey = 'rk_bench_postgres_scale';
const ingestToken = 'it_bench_postgres_scale';

async function run(workers: number) {
  const schema = newSchemaName('relay_bench');
  const env = {
    DATABASE_URL: urlWithSchema(schema), RELAY_API_KEY: apiKey, RELAY_INGEST_TOKEN: ingestToken, RELAY_ALLOW_PRIVATE_TARGETS: '1',
    RELAY_POLL_INTERVAL: '200ms',
  };
  const processes: RelayProcess[] = [];
  const receivers: Receiver[] = [];
  try {
    const apiProcesses = await Promise.all(Array.from({ length: apis }, () => spawnRelayProcess({ ...env, RELAY_ROLE: 'api' })));
    processes.push(...apiProcesses);
    receivers.push(...(await Promise.all(Array.from({ length: subscribers }, () => startReceiver()))));
    for (const receiver of receivers) {
      const response = await fetch(`${apiProcesses[0].url}/v1/webhooks`, {
        method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'bench', url: receiver.url, event: 'payment_received' }),
      });
      if (response.status !== 201) throw new Error(`creating a webhook: ${response.status} ${await response.text()}`);
    }
    processes.push(...(await Promise.all(Array.from({ length: workers }, () => spawnRelayProcess({ ...env, RELAY_ROLE: 'worker' })))));

    const sampler = await sampleLockWaits();
    const poster = createPoster();
    const started = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < events) {
        const index = next++;
        const response = await poster.post(`${apiProcesses[index % apis].url}/ingest/${ingestToken}/payment_received`, { payment_id: index, customer_user_email: `c${index}@example.com` });
        if (response.status !== 202) throw new Error(`ingest: ${response.status} ${response.body}`);
      }
    }));
    const ingestSeconds = (performance.now() - started) / 1000;
    poster.close();
    const expected = workers === 0 ? 0 : events * subscribers;
    while (receivers.reduce((sum, receiver) => sum + receiver.requests.length, 0) < expected) await new Promise((resolve) => setTimeout(resolve, 20));
    const deliverySeconds = (performance.now() - started) / 1000;
    const locks = await sampler.stop();
    return { locks, workers, ingestPerSecond: events / ingestSeconds, deliveriesPerSecond: expected / deliverySeconds, ingestSeconds, deliverySeconds, expected };
  } finally {
    await Promise.all(processes.map((relay) => relay.stop()));
    await Promise.all(receivers.map((receiver) => receiver.close()));
    await dropSchema(schema);
  }
}

console.log(`${events} events × ${subscribers} subscribers, ${apis} api process(es), ${concurrency} concurrent posts`);
for (const workers of workerCounts) {
  const result = await run(workers);
  console.log(
    `${workers} worker process(es): ingest ${Math.round(result.ingestPerSecond)} events/s (${result.ingestSeconds.toFixed(1)} s), ` +
      `lock waits in ${result.locks.waiting} of ${result.locks.busy} busy session samples${result.locks.top ? ` (${result.locks.top})` : ''}, ` +
      (result.expected ? `deliveries ${Math.round(result.deliveriesPerSecond)}/s (all ${result.expected} received ${result.deliverySeconds.toFixed(1)} s after the first post)` : 'no workers, ingest only'),
  );
}

/**
 * Lock contention, measured: every 20 ms, which relay sessions are running a statement and which of those are
 * waiting for a lock (pg_stat_activity), with the statements that waited most.
 */
async function sampleLockWaits() {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  let busy = 0;
  let waiting = 0;
  const waitedOn = new Map<string, number>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query(
        `SELECT wait_event_type, left(regexp_replace(query, '\\s+', ' ', 'g'), 50) AS query FROM pg_stat_activity
         WHERE application_name = 'relay' AND state = 'active'`,
      );
      for (const row of rows as { wait_event_type: string | null; query: string }[]) {
        busy++;
        if (row.wait_event_type !== 'Lock') continue;
        waiting++;
        waitedOn.set(row.query, (waitedOn.get(row.query) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await client.end();
      const top = [...waitedOn].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([query, count]) => `${count}× "${query}"`).join(', ');
      return { busy, waiting, top };
    },
  };
}
