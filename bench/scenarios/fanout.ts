/**
 * Scenario 2, fan-out: N events × 10 subscribers (receivers answering 200, in their own process). Deliveries/s
 * with events posted as fast as the host can, and end-to-end latency (host's acknowledged POST → arrival) at a
 * paced 1,000 events/s, for the relay beside (a) the loopback limit, a client posting straight to the receivers,
 * and (b) BullMQ on Redis with a fetch worker, doing the same job with the same signatures.
 */
import { startChild, type BenchChild } from '../childProcess.ts';
import type { BenchOptions } from '../benchOptions.ts';
import { summarize, type LatencySummary } from '../latency.ts';
import { LoadGenerator, type LoadResult } from '../loadGenerator.ts';
import { benchEvent } from '../payload.ts';
import { deliveriesPerSecond, endToEnd, Receivers } from '../receiversProcess.ts';
import type { Figure } from '../report.ts';
import { startRelayUnderTest } from '../relayUnderTest.ts';
import { isolationFigures } from './isolation.ts';

/** Something with an ingest URL that fans events out to the receivers: the relay or the BullMQ app. */
export interface FanoutSystem {
  name: string;
  ingestUrl: string;
  stop(): Promise<void>;
}

export interface ThroughputMeasure {
  deliveriesPerSecond: number;
  deliveries: number;
  expected: number;
  seconds: number;
  /** Latency with the queue as deep as it gets (the whole batch posted at once). */
  latency: LatencySummary;
  ingestErrors: number;
}

export interface PacedMeasure {
  /** All receivers answering. */
  latency: LatencySummary;
  /** Receivers 1…9: the ones that keep answering in the isolation run. */
  others: LatencySummary;
  missing: number;
  ingestEventsPerSecond: number;
  ingestErrors: number;
  waitedMs: number;
}

async function startRelaySystem(receivers: Receivers, options: BenchOptions): Promise<FanoutSystem> {
  const relay = await startRelayUnderTest('sqlite', {}, options.relayExecArgv);
  for (const [index, url] of receivers.urls.entries()) await relay.api('/v1/webhooks', { name: `Bench ${index}`, url, event: benchEvent });
  return { name: 'relay', ingestUrl: relay.ingestUrl, stop: relay.stop };
}

const bullToken = 'it_benchbullmq';

async function startBullmqSystem(receivers: Receivers): Promise<FanoutSystem> {
  const child = await startChild<{ url: string }>('baselines/bullmqFanout.ts', { RELAY_INGEST_TOKEN: bullToken });
  await child.call('subscribe', receivers.urls);
  return { name: 'BullMQ', ingestUrl: `${child.ready.url}/ingest/${bullToken}/${benchEvent}`, stop: () => child.stop() };
}

const ackTimes = (result: LoadResult) => new Map(result.acks.map((ack) => [ack.id, ack.ackAt]));

/** Posts `fanoutEvents` as fast as 50 connections can and waits until every receiver has them all. */
async function throughputPhase(system: FanoutSystem, receivers: Receivers, options: BenchOptions): Promise<ThroughputMeasure> {
  await receivers.reset();
  const load = new LoadGenerator(system.ingestUrl, options.connections);
  const result = await load.count(options.fanoutEvents);
  load.close();
  const waitMs = options.drainWaitMs;
  await receivers.waitFor(result.acks.length, waitMs);
  const arrivals = await receivers.collect();
  const startedAt = Math.min(...result.acks.map((ack) => ack.sentAt));
  const rate = deliveriesPerSecond(arrivals, startedAt);
  const all = receivers.urls.map((_, index) => index);
  return {
    deliveriesPerSecond: rate.perSecond,
    deliveries: rate.deliveries,
    expected: result.acks.length * receivers.urls.length,
    seconds: rate.seconds,
    latency: summarize(endToEnd(arrivals, ackTimes(result), all, waitMs).latencies),
    ingestErrors: result.errors,
  };
}

export interface Pace {
  rate: number;
  events: number;
  /** This receiver never answers. */
  hang?: number;
}

/** Posts at `pace.rate` events/s (open loop) and measures end-to-end latency. */
export async function pacedPhase(system: FanoutSystem, receivers: Receivers, options: BenchOptions, pace: Pace): Promise<PacedMeasure> {
  const hang = pace.hang ?? null;
  await receivers.reset();
  const all = receivers.urls.map((_, index) => index);
  const answering = all.filter((index) => index !== hang);
  if (hang !== null) await receivers.setMode(hang, 'hang');
  try {
    const load = new LoadGenerator(system.ingestUrl, options.connections);
    const result = await load.paced(pace.rate, pace.events);
    load.close();
    const waitedMs = hang === null ? options.drainWaitMs : options.hangWaitMs;
    await receivers.waitFor(result.acks.length, waitedMs, answering);
    const arrivals = await receivers.collect();
    const acks = ackTimes(result);
    const everyone = endToEnd(arrivals, acks, answering, waitedMs);
    return {
      latency: summarize(everyone.latencies),
      others: summarize(endToEnd(arrivals, acks, all.filter((index) => index !== 0), waitedMs).latencies),
      missing: everyone.missing,
      ingestEventsPerSecond: result.acks.length / result.seconds,
      ingestErrors: result.errors,
      waitedMs,
    };
  } finally {
    if (hang !== null) await receivers.setMode(hang, 'ok');
  }
}

/** The loopback limit, from a client in its own process: as fast as possible, then paced. */
async function rawPhases(receivers: Receivers, options: BenchOptions): Promise<{ throughput: ThroughputMeasure; paced: PacedMeasure; steady: PacedMeasure }> {
  const child: BenchChild<unknown> = await startChild('baselines/rawLoopback.ts');
  try {
    const all = receivers.urls.map((_, index) => index);
    await receivers.reset();
    const fast = await child.call<{ sent: [string, number][] }>('run', receivers.urls, options.fanoutEvents, 0);
    await receivers.waitFor(fast.sent.length, 60_000);
    let arrivals = await receivers.collect();
    const fastRate = deliveriesPerSecond(arrivals, fast.sent[0][1]);
    const throughput: ThroughputMeasure = {
      deliveriesPerSecond: fastRate.perSecond, deliveries: fastRate.deliveries, expected: fast.sent.length * all.length, seconds: fastRate.seconds,
      latency: summarize(endToEnd(arrivals, new Map(fast.sent), all, 60_000).latencies), ingestErrors: 0,
    };
    const pacedRun = async (pace: Pace): Promise<PacedMeasure> => {
      await receivers.reset();
      const paced = await child.call<{ sent: [string, number][]; seconds: number }>('run', receivers.urls, pace.events, pace.rate);
      await receivers.waitFor(paced.sent.length, options.drainWaitMs);
      arrivals = await receivers.collect();
      const sent = new Map(paced.sent);
      const everyone = endToEnd(arrivals, sent, all, options.drainWaitMs);
      return {
        latency: summarize(everyone.latencies), others: summarize(endToEnd(arrivals, sent, all.slice(1), options.drainWaitMs).latencies),
        missing: everyone.missing, ingestEventsPerSecond: paced.sent.length / paced.seconds, ingestErrors: 0, waitedMs: options.drainWaitMs,
      };
    };
    return {
      throughput,
      paced: await pacedRun({ rate: options.pacedRate, events: options.pacedEvents }),
      steady: await pacedRun({ rate: options.steadyRate, events: options.steadyEvents }),
    };
  } finally {
    await child.stop();
  }
}

export async function fanoutScenario(options: BenchOptions): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const receivers = await Receivers.start(options.subscribers);
  const details: Record<string, unknown> = {};
  try {
    const log = (name: string, value: unknown) => console.error(`  ${name}: ${JSON.stringify(value)}`);
    const raw = await rawPhases(receivers, options);
    log('loopback limit', raw);

    const measureSystem = async (system: FanoutSystem) => {
      try {
        const throughput = await throughputPhase(system, receivers, options);
        log(`${system.name} throughput`, throughput);
        const paced = await pacedPhase(system, receivers, options, { rate: options.pacedRate, events: options.pacedEvents });
        log(`${system.name} paced`, paced);
        const steady = await pacedPhase(system, receivers, options, { rate: options.steadyRate, events: options.steadyEvents });
        log(`${system.name} steady`, steady);
        // Isolation: the steady phase again with receiver 0 hanging.
        const isolation = await pacedPhase(system, receivers, options, { rate: options.steadyRate, events: options.steadyEvents, hang: 0 });
        log(`${system.name} isolation`, isolation);
        return { throughput, paced, steady, isolation };
      } finally {
        await system.stop();
      }
    };
    const relay = await measureSystem(await startRelaySystem(receivers, options));
    const bullmq = await measureSystem(await startBullmqSystem(receivers));
    Object.assign(details, { loopback: raw, relay, bullmq });

    const scenario = `2 Fan-out (${options.fanoutEvents.toLocaleString('en-US')} ev × ${options.subscribers})`;
    const paced = `at ${options.pacedRate.toLocaleString('en-US')} ev/s`;
    const figures: Figure[] = [
      {
        scenario, measure: 'deliveries/s vs BullMQ', unit: 'del/s', value: relay.throughput.deliveriesPerSecond,
        baseline: { name: 'BullMQ + fetch', value: bullmq.throughput.deliveriesPerSecond },
        target: { text: '≥ 2×', met: relay.throughput.deliveriesPerSecond >= 2 * bullmq.throughput.deliveriesPerSecond },
      },
      {
        scenario, measure: 'deliveries/s vs loopback limit', unit: 'del/s', value: relay.throughput.deliveriesPerSecond,
        baseline: { name: 'raw keep-alive client', value: raw.throughput.deliveriesPerSecond },
        target: { text: '≥ 0.5×', met: relay.throughput.deliveriesPerSecond >= 0.5 * raw.throughput.deliveriesPerSecond },
      },
    ];
    for (const p of ['p50', 'p95', 'p99'] as const) {
      figures.push({
        scenario, measure: `end-to-end ${p} ${paced}`, unit: 'ms', value: relay.paced.latency[p],
        baseline: { name: 'BullMQ + fetch', value: bullmq.paced.latency[p] },
        ...(p === 'p99' ? { target: { text: '≤ 50 ms', met: relay.paced.latency.p99 <= 50 } } : {}),
      });
    }
    figures.push({ scenario, measure: `end-to-end p99 ${paced}, loopback limit`, unit: 'ms', value: relay.paced.latency.p99, baseline: { name: 'raw keep-alive client', value: raw.paced.latency.p99 } });
    const steady = `at ${options.steadyRate} ev/s`;
    for (const p of ['p50', 'p99'] as const) {
      figures.push({ scenario, measure: `end-to-end ${p} ${steady}`, unit: 'ms', value: relay.steady.latency[p], baseline: { name: 'BullMQ + fetch', value: bullmq.steady.latency[p] } });
    }
    figures.push({ scenario, measure: `end-to-end p99 ${steady}, loopback limit`, unit: 'ms', value: relay.steady.latency.p99, baseline: { name: 'raw keep-alive client', value: raw.steady.latency.p99 } });
    figures.push(...isolationFigures(options, relay, bullmq));
    return { figures, details };
  } finally {
    await receivers.stop();
  }
}
