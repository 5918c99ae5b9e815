/**
 * One relay alone under the ingest scenario's load (50 connections, closed loop): events/s, the relay's CPU per
 * event and its group commits; on PostgreSQL also the CPU its server sessions spent per event (their
 * /proc/<pid>/schedstat: counts only the relay's own sessions, not the WAL writer). Quicker than the full ingest
 * scenario for an A/B of a store or route change: run it alternately on two checkouts (another checkout's relay
 * with `--root`), and profile with `--cpu-prof`.
 *
 * `--scale-out` (PostgreSQL): two relay processes (RELAY_ROLE=api) on one schema; in alternated rounds the same 50
 * connections go all to one of them, then 25 to each (as a load balancer would spread them): events/s and CPU
 * per event (both relays, and their server sessions) for one process against two, in the same run.
 *
 *   node --import tsx bench/ingestAlone.ts [--store=sqlite|postgres] [--seconds=8] [--rate=500] [--root=/tmp/abB] [--cpu-prof]
 *
 * `--rate=500`: afterwards, the same number of seconds at a steady 500 events/s (open loop): p50 / p99.
 *   node --import tsx bench/ingestAlone.ts --scale-out [--rounds=3] [--seconds=8]
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { dropSchema } from '../test/support/postgres.ts';
import { commandLineOption as arg } from './benchOptions.ts';
import { LoadGenerator, type LoadResult } from './loadGenerator.ts';
import { PostgresSessionsCpu, postgresUrl, startRelayUnderTest, type RelayUnderTest } from './relayProcess.ts';

const scaleOut = process.argv.includes('--scale-out');
const store = arg('store') === 'postgres' || scaleOut ? 'postgres' : 'sqlite';
const seconds = Number(arg('seconds') ?? 8);
const profile = process.argv.includes('--cpu-prof') ? ['--cpu-prof', '--cpu-prof-dir=bench/results/profiles'] : [];
const connections = 50;
const rate = Number(arg('rate') ?? 0);

interface Window {
  result: LoadResult;
  relayMicros: number;
  serverMicros: number;
}

/** Posts from `connections` split evenly over `relays` for `ms`; CPU of every relay (and of their sessions) over that time. */
async function measure(relays: RelayUnderTest[], all: RelayUnderTest[], schema: string | null, ms: number): Promise<Window> {
  const cpu = async () => (await Promise.all(all.map((relay) => relay.child.call<number>('cpuMicros')))).reduce((a, b) => a + b, 0);
  const sessions = schema ? await PostgresSessionsCpu.open(schema) : null;
  const loads = relays.map((relay) => new LoadGenerator(relay.ingestUrl, connections / relays.length));
  try {
    await sessions?.start();
    const before = { relay: await cpu() };
    const results = await Promise.all(loads.map((load) => load.forDuration(ms)));
    const after = { relay: await cpu(), server: (await sessions?.stop()) ?? 0 };
    const result: LoadResult = {
      acks: results.flatMap((r) => r.acks), errors: results.reduce((n, r) => n + r.errors, 0),
      firstError: results.find((r) => r.firstError)?.firstError ?? null, seconds: Math.max(...results.map((r) => r.seconds)),
    };
    return { result, relayMicros: after.relay - before.relay, serverMicros: after.server };
  } finally {
    for (const load of loads) load.close();
    await sessions?.close();
  }
}

function line(label: string, window: Window): string {
  const events = window.result.acks.length;
  const latencies = window.result.acks.map((ack) => ack.ackAt - ack.sentAt).sort((a, b) => a - b);
  const p99 = latencies[Math.min(events - 1, Math.floor(events * 0.99))];
  return `${label}: ${Math.round(events / window.result.seconds)} events/s, p99 ${p99.toFixed(1)} ms, ${Math.round(window.relayMicros / events)} µs relay CPU per event` +
    (window.serverMicros ? ` + ${Math.round(window.serverMicros / events)} µs PostgreSQL sessions` : '') +
    `, ${window.result.errors} errors (load average ${os.loadavg()[0].toFixed(1)})`;
}

async function commits(relay: RelayUnderTest): Promise<string> {
  const metrics = await (await fetch(`${relay.url}/metrics`, { headers: { authorization: `Bearer ${relay.child.ready.apiKey}` } })).text();
  const figure = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
  const count = figure('relay_group_commit_batch_size_count');
  return `${count} commits since start, ${(figure('relay_group_commit_batch_size_sum') / count).toFixed(1)} writes each`;
}

if (!scaleOut) {
  const relay = await startRelayUnderTest(store, {}, profile, arg('root'));
  try {
    await measure([relay], [relay], null, 2000);
    const window = await measure([relay], [relay], relay.schema, seconds * 1000);
    console.log(`${line(`${store}${arg('root') ? ` (${arg('root')})` : ''}`, window)}; ${await commits(relay)}`);
    if (rate > 0) {
      // Open loop at a steady rate, as the ingest scenario's last rows: the latency the store adds unsaturated.
      const load = new LoadGenerator(relay.ingestUrl, connections);
      const paced = await load.paced(rate, rate * seconds).finally(() => load.close());
      const latencies = paced.acks.map((ack) => ack.ackAt - ack.sentAt).sort((a, b) => a - b);
      const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(2);
      console.log(`  at ${rate} events/s: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, ${paced.errors} errors`);
    }
  } finally {
    await relay.stop();
  }
} else {
  const schema = `relay_bench_${randomBytes(5).toString('hex')}`;
  const relays: RelayUnderTest[] = [];
  try {
    for (let index = 0; index < 2; index++) relays.push(await startRelayUnderTest('postgres', { RELAY_ROLE: 'api' }, profile, arg('root'), schema));
    await measure(relays, relays, null, 2000);
    const rounds = Number(arg('rounds') ?? 3);
    const rows: string[] = [];
    for (let round = 1; round <= rounds; round++) {
      // Alternated, the order swapped every round, so that load drifting from outside hits both alike.
      const order = round % 2 ? [1, 2] : [2, 1];
      for (const processes of order) {
        const window = await measure(relays.slice(0, processes), relays, schema, seconds * 1000);
        rows.push(line(`round ${round}, ${processes} relay process${processes > 1 ? 'es' : ''}`, window));
        console.log(rows.at(-1));
      }
    }
  } finally {
    for (const relay of relays) await relay.stop();
    await dropSchema(schema, postgresUrl);
  }
}
