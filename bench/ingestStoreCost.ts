/**
 * The store's share of an ingest, without HTTP: events stored through `store.insertEvent` with 50 in flight (as
 * 50 connections would), no subscribers (as the ingest scenario). Counts that machine load hardly moves: this
 * process's CPU time per event, and for PostgreSQL the CPU time of the store's own server backends
 * (`/proc/<pid>/schedstat`, found by application_name) and the WAL written per event (`pg_current_wal_lsn`: the
 * whole server's, so another client writing meanwhile inflates it); for SQLite the bytes this process wrote
 * (`wchar` of /proc/self/io: the WAL's frames and the checkpoints' pages).
 *
 *   node bench/ingestStoreCost.ts [--store=sqlite|postgres] [--events=10000] [--in-flight=50] [--root=/tmp/abA]
 *
 * `--in-flight`: events submitted together in one event-loop turn, so one commit each (the ingest scenario's
 * PostgreSQL batches hold about 20–25, its SQLite commits more: those that arrive during an fsync).
 * `--rate=500`: instead, one event every 2 ms whatever the answers (open loop, as the ingest scenario's steady
 * rows), and the store's latency (insertEvent called → settled) p50 / p99 / max.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import { commandLineOption } from './benchOptions.ts';
import { postgresUrl } from './relayProcess.ts';
import { dropSchema } from '../test/support/postgres.ts';

const arg = (name: string, fallback: string) => commandLineOption(name) ?? fallback;
const root = path.resolve(arg('root', path.join(path.dirname(new URL(import.meta.url).pathname), '..')));
const kind = arg('store', 'sqlite') === 'postgres' ? 'postgres' : 'sqlite';
const events = Number(arg('events', '10000'));
const inFlight = Number(arg('in-flight', '50'));
const rate = Number(arg('rate', '0'));
const { newId } = await import(path.join(root, 'relay/src/store/ids.ts'));
const { paymentReceivedBody, benchEvent } = await import(path.join(root, 'bench/payload.ts'));

const tag = `ingest_cost_${randomBytes(4).toString('hex')}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-cost-'));
const databaseUrl = new URL(postgresUrl);
databaseUrl.searchParams.set('schema', tag);
databaseUrl.searchParams.set('application_name', tag);
const admin = kind === 'postgres' ? new pg.Client({ connectionString: postgresUrl }) : null;
await admin?.connect();

const store = kind === 'postgres'
  ? new (await import(path.join(root, 'relay/src/store/postgres/postgresStore.ts'))).PostgresStore(databaseUrl.toString(), { listen: false })
  : new (await import(path.join(root, 'relay/src/store/sqlite/sqliteStore.ts'))).SqliteStore(path.join(dir, 'relay.db'));
await store.migrate();
let commits = 0;
store.observeCommitBatches(() => commits++);

const ownCpu = () => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};
/** µs on a CPU of the main thread alone (the event loop), without libuv's and the store's threads. */
const mainThreadCpu = () => Number(fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1000;
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
/** Nanoseconds on a CPU of the store's server backends (PostgreSQL), 0 for SQLite. */
async function serverCpuNs(): Promise<number> {
  if (!admin) return 0;
  const { rows } = await admin.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [tag]);
  return rows.reduce((sum, row) => {
    try {
      return sum + Number(fs.readFileSync(`/proc/${row.pid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      return sum;
    }
  }, 0);
}
async function bytesWritten(): Promise<number> {
  if (admin) return Number((await admin.query(`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0') AS b`)).rows[0].b);
  return Number(/^wchar: (\d+)$/m.exec(fs.readFileSync('/proc/self/io', 'utf8'))![1]);
}

const latencies: number[] = [];
async function paced(count: number, offset: number) {
  const started = performance.now();
  const writes: Promise<unknown>[] = [];
  for (let n = 0; n < count; n++) {
    const wait = started + (n * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const at = performance.now();
    writes.push(store.insertEvent({
      id: newId('evt'), event: benchEvent, body: paymentReceivedBody(offset + n), isTest: false, source: 'ingest', idempotencyKey: null, receivedAt: Date.now(),
    }).then(() => latencies.push(performance.now() - at)));
  }
  await Promise.all(writes);
}

async function insert(count: number, offset: number) {
  if (rate > 0) return paced(count, offset);
  for (let sent = 0; sent < count; sent += inFlight) {
    await Promise.all(Array.from({ length: Math.min(inFlight, count - sent) }, (_, n) => store.insertEvent({
      id: newId('evt'), event: benchEvent, body: paymentReceivedBody(offset + sent + n), isTest: false, source: 'ingest', idempotencyKey: null, receivedAt: Date.now(),
    })));
  }
}

try {
  await insert(2000, 0); // warm-up: JIT, prepared statements, pool connections
  loopDelay.enable();
  const before = { main: mainThreadCpu(), own: ownCpu(), server: await serverCpuNs(), wal: await bytesWritten(), commits, at: performance.now() };
  latencies.length = 0;
  await insert(events, 2000);
  loopDelay.disable();
  const after = { main: mainThreadCpu(), own: ownCpu(), server: await serverCpuNs(), wal: await bytesWritten(), commits, at: performance.now() };
  const per = (value: number) => value / events;
  console.log(`${kind} ${root}: ${events} events, ${(after.commits - before.commits)} commits (${(events / (after.commits - before.commits)).toFixed(1)} events each); ` +
    `per event: relay ${per(after.own - before.own).toFixed(1)} µs CPU (event loop ${per(after.main - before.main).toFixed(1)})` +
    (admin ? `, server backends ${per((after.server - before.server) / 1000).toFixed(1)} µs CPU, WAL` : ', written') + ` ${Math.round(per(after.wal - before.wal))} B` +
    `; ${Math.round(events / ((after.at - before.at) / 1000))} events/s wall, event-loop delay p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, ` +
    `max ${(loopDelay.max / 1e6).toFixed(1)} ms; load ${os.loadavg()[0].toFixed(1)}`);
  if (rate > 0) {
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(2);
    console.log(`  at ${rate} events/s: store latency p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`);
  }
} finally {
  await store.close();
  await admin?.end();
  if (kind === 'postgres') await dropSchema(tag, postgresUrl);
  fs.rmSync(dir, { recursive: true, force: true });
}
