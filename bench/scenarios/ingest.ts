/**
 * Scenario 1, ingest: events/s acknowledged and latency at 50 host connections, posting Payment Received to
 * /ingest/…, for the relay on SQLite and PostgreSQL, beside two store-nothing ceilings measured in the same
 * run (a Hono route doing the same parsing and validation, and bare node:http).
 */
import { startChild } from '../childProcess.ts';
import { summarize, type LatencySummary } from '../latency.ts';
import { LoadGenerator } from '../loadGenerator.ts';
import type { BenchOptions } from '../benchOptions.ts';
import type { Figure } from '../report.ts';
import { postgresUnavailable, startRelayUnderTest } from '../relayUnderTest.ts';

export interface IngestMeasure {
  eventsPerSecond: number;
  latency: LatencySummary;
  errors: number;
  /** Server CPU time per acknowledged event, µs. */
  cpuMicrosPerEvent: number;
  /** Latency at a steady rate well under capacity (open loop), where queueing does not dominate. */
  steady: LatencySummary;
}

async function measure(url: string, server: { call<T>(method: string): Promise<T> }, options: BenchOptions): Promise<IngestMeasure> {
  const load = new LoadGenerator(url, options.connections);
  try {
    await load.forDuration(options.ingestWarmupMs);
    const cpuBefore = await server.call<number>('cpuMicros');
    const result = await load.forDuration(options.ingestMs);
    const cpu = (await server.call<number>('cpuMicros')) - cpuBefore;
    if (result.errors) console.error(`  ${result.errors} errors, first: ${result.firstError}`);
    const steady = await load.paced(options.ingestSteadyRate, Math.round((options.ingestSteadyRate * options.ingestMs) / 2000));
    return {
      eventsPerSecond: result.acks.length / result.seconds,
      latency: summarize(result.acks.map((ack) => ack.ackAt - ack.sentAt)),
      errors: result.errors,
      cpuMicrosPerEvent: cpu / result.acks.length,
      steady: summarize(steady.acks.map((ack) => ack.ackAt - ack.sentAt)),
    };
  } finally {
    load.close();
  }
}

const token = 'it_benchceiling';

async function ceiling(script: string, options: BenchOptions): Promise<IngestMeasure> {
  const child = await startChild<{ url: string }>(script, { RELAY_INGEST_TOKEN: token });
  try {
    return await measure(`${child.ready.url}/ingest/${token}/payment_received`, child, options);
  } finally {
    await child.stop();
  }
}

async function relay(store: 'sqlite' | 'postgres', options: BenchOptions): Promise<IngestMeasure> {
  const relay = await startRelayUnderTest(store, {}, options.relayExecArgv);
  try {
    return await measure(relay.ingestUrl, relay.child, options);
  } finally {
    await relay.stop();
  }
}

export async function ingestScenario(options: BenchOptions): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const log = (name: string, m: IngestMeasure) =>
    console.error(`  ${name}: ${Math.round(m.eventsPerSecond)} events/s, p50 ${m.latency.p50} p95 ${m.latency.p95} p99 ${m.latency.p99} ms, ${Math.round(m.cpuMicrosPerEvent)} µs CPU/event; at ${options.ingestSteadyRate}/s p50 ${m.steady.p50} p99 ${m.steady.p99} ms`);
  const hono = await ceiling('baselines/honoCeiling.ts', options);
  log('hono ceiling', hono);
  const raw = await ceiling('baselines/rawNodeHttp.ts', options);
  log('node:http ceiling', raw);
  const sqlite = await relay('sqlite', options);
  log('relay sqlite', sqlite);
  const pgMissing = await postgresUnavailable();
  const postgres = pgMissing ? null : await relay('postgres', options);
  if (postgres) log('relay postgres', postgres);

  const scenario = '1 Ingest (50 conns)';
  const figures: Figure[] = [];
  for (const [name, m, note] of [['SQLite', sqlite, undefined], ['PostgreSQL', postgres, pgMissing ?? undefined]] as const) {
    figures.push({
      scenario, measure: `relay ${name}: events/s`, unit: 'ev/s', value: m?.eventsPerSecond ?? null, note,
      baseline: { name: 'Hono ceiling', value: hono.eventsPerSecond },
      target: { text: '≥ 0.75× ceiling', met: m ? m.eventsPerSecond >= 0.75 * hono.eventsPerSecond : null },
    });
    for (const p of ['p50', 'p95', 'p99'] as const) {
      figures.push({
        scenario, measure: `relay ${name}: latency ${p}`, unit: 'ms', value: m?.latency[p] ?? null, note,
        baseline: { name: 'Hono ceiling', value: hono.latency[p] },
        ...(p === 'p99' ? { target: { text: '≤ 10 ms', met: m ? m.latency.p99 <= 10 : null } } : {}),
      });
    }
    figures.push({ scenario, measure: `relay ${name}: server CPU per event`, unit: 'µs', value: m?.cpuMicrosPerEvent ?? null, note, baseline: { name: 'Hono ceiling', value: hono.cpuMicrosPerEvent } });
    for (const p of ['p50', 'p99'] as const) {
      figures.push({ scenario, measure: `relay ${name}: latency ${p} at a steady ${options.ingestSteadyRate} ev/s`, unit: 'ms', value: m?.steady[p] ?? null, note, baseline: { name: 'Hono ceiling', value: hono.steady[p] } });
    }
  }
  figures.push({ scenario, measure: 'Hono ceiling (stores nothing): events/s', unit: 'ev/s', value: hono.eventsPerSecond, baseline: { name: 'node:http', value: raw.eventsPerSecond } });
  figures.push({ scenario, measure: 'Hono ceiling: latency p99', unit: 'ms', value: hono.latency.p99, baseline: { name: 'node:http', value: raw.latency.p99 } });
  figures.push({ scenario, measure: 'Hono ceiling: server CPU per event', unit: 'µs', value: hono.cpuMicrosPerEvent, baseline: { name: 'node:http', value: raw.cpuMicrosPerEvent } });
  return { figures, details: { honoCeiling: hono, rawNodeHttp: raw, relaySqlite: sqlite, relayPostgres: postgres ?? pgMissing } };
}
