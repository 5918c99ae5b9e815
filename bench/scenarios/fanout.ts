/**
 * Scenario 2, fan-out: N events × 10 subscribers (receivers answering 200, in their own process). Deliveries/s
 * and CPU per delivery with events posted as fast as the host can, and end-to-end latency (host's acknowledged
 * POST → arrival) paced at half the relay's own maximum deliveries/s measured just before, for the relay beside
 * (a) the loopback limit, a client posting straight to the receivers, and (b) BullMQ on Redis with a fetch
 * worker, doing the same job with the same signatures.
 */
import { startChild, type BenchChild } from '../childProcess.ts';
import type { BenchOptions } from '../benchOptions.ts';
import { summarize, type LatencySummary } from '../latency.ts';
import { LoadGenerator, type LoadResult } from '../loadGenerator.ts';
import { benchEvent } from '../payload.ts';
import { deliveriesPerSecond, endToEnd, Receivers } from '../receiversProcess.ts';
import type { Figure } from '../report.ts';
import { startRelayUnderTest } from '../relayProcess.ts';
import { isolationFigures } from './isolation.ts';

/** Something with an ingest URL that fans events out to the receivers: the relay or the BullMQ app. */
export interface FanoutSystem {
  name: string;
  ingestUrl: string;
  /** CPU time its process used so far, in µs (every thread; BullMQ: not Redis's). */
  cpuMicros(): Promise<number>;
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
  /** CPU of the system's process over the phase (first POST → last arrival) ÷ deliveries; ingest included. */
  cpuMicrosPerDelivery: number;
  /** The receivers' CPU per delivery over the same phase (the same for every system: a check on the figure above). */
  receiversCpuMicrosPerDelivery: number;
}

export interface PacedMeasure {
  /** All receivers answering, from the host's acknowledged POST. */
  latency: LatencySummary;
  /** The same from the moment the host started the POST (the acknowledgement's own latency included). */
  fromPost: LatencySummary;
  /** Receivers 1…9: the ones that keep answering in the isolation run. */
  others: LatencySummary;
  missing: number;
  ingestEventsPerSecond: number;
  ingestErrors: number;
  waitedMs: number;
}

/** The relay on SQLite, every receiver subscribed; `root`: another checkout's relay. */
export async function startRelaySystem(receivers: Receivers, options: BenchOptions, root?: string): Promise<FanoutSystem> {
  const relay = await startRelayUnderTest('sqlite', {}, options.relayExecArgv, root);
  for (const [index, url] of receivers.urls.entries()) await relay.api('/v1/webhooks', { name: `Bench ${index}`, url, event: benchEvent });
  return { name: 'relay', ingestUrl: relay.ingestUrl, cpuMicros: () => relay.child.call<number>('cpuMicros'), stop: relay.stop };
}

const bullToken = 'it_benchbullmq';

async function startBullmqSystem(receivers: Receivers): Promise<FanoutSystem> {
  const child = await startChild<{ url: string }>('baselines/bullmqFanout.ts', { RELAY_INGEST_TOKEN: bullToken });
  await child.call('subscribe', receivers.urls);
  return { name: 'BullMQ', ingestUrl: `${child.ready.url}/ingest/${bullToken}/${benchEvent}`, cpuMicros: () => child.call<number>('cpuMicros'), stop: () => child.stop() };
}

const ackTimes = (result: LoadResult) => new Map(result.acks.map((ack) => [ack.id, ack.ackAt]));

/** After a warm-up, posts `fanoutEvents` as fast as 50 connections can and waits until every receiver has them all. */
async function throughputPhase(system: FanoutSystem, receivers: Receivers, options: BenchOptions): Promise<ThroughputMeasure> {
  const load = new LoadGenerator(system.ingestUrl, options.connections);
  await receivers.reset();
  const warmup = await load.count(options.fanoutWarmupEvents);
  await receivers.waitFor(warmup.acks.length, options.drainWaitMs);
  await receivers.reset();
  const cpuBefore = await system.cpuMicros();
  const receiversCpuBefore = await receivers.cpuMicros();
  const result = await load.count(options.fanoutEvents);
  load.close();
  const waitMs = options.drainWaitMs;
  await receivers.waitFor(result.acks.length, waitMs);
  const cpu = (await system.cpuMicros()) - cpuBefore;
  const receiversCpu = (await receivers.cpuMicros()) - receiversCpuBefore;
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
    cpuMicrosPerDelivery: cpu / Math.max(1, rate.deliveries),
    receiversCpuMicrosPerDelivery: receiversCpu / Math.max(1, rate.deliveries),
  };
}

/** The paced phase's rate: a fraction of the relay's own maximum, in events/s (each is `subscribers` deliveries). */
export function pacedPace(relayDeliveriesPerSecond: number, options: BenchOptions): Pace {
  const rate = Math.max(1, Math.round((relayDeliveriesPerSecond * options.pacedFraction) / options.subscribers));
  return { rate, events: Math.max(1, Math.round(rate * options.pacedSeconds)) };
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
      fromPost: summarize(endToEnd(arrivals, new Map(result.acks.map((ack) => [ack.id, ack.sentAt])), answering, waitedMs).latencies),
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

/** The loopback limit, from a client in its own process: as fast as possible (with its CPU per request), then paced. */
interface RawLoopback {
  throughput(): Promise<ThroughputMeasure>;
  paced(pace: Pace): Promise<PacedMeasure>;
  stop(): Promise<void>;
}

async function startRawLoopback(receivers: Receivers, options: BenchOptions): Promise<RawLoopback> {
  const child: BenchChild<unknown> = await startChild('baselines/rawLoopback.ts');
  const all = receivers.urls.map((_, index) => index);
  return {
    throughput: async () => {
      await receivers.reset();
      const warmup = await child.call<{ sent: [string, number][] }>('run', receivers.urls, options.fanoutWarmupEvents, 0);
      await receivers.waitFor(warmup.sent.length, 60_000);
      await receivers.reset();
      const cpuBefore = await child.call<number>('cpuMicros');
      const receiversCpuBefore = await receivers.cpuMicros();
      const fast = await child.call<{ sent: [string, number][] }>('run', receivers.urls, options.fanoutEvents, 0);
      await receivers.waitFor(fast.sent.length, 60_000);
      const cpu = (await child.call<number>('cpuMicros')) - cpuBefore;
      const receiversCpu = (await receivers.cpuMicros()) - receiversCpuBefore;
      const arrivals = await receivers.collect();
      const fastRate = deliveriesPerSecond(arrivals, fast.sent[0][1]);
      return {
        deliveriesPerSecond: fastRate.perSecond, deliveries: fastRate.deliveries, expected: fast.sent.length * all.length, seconds: fastRate.seconds,
        latency: summarize(endToEnd(arrivals, new Map(fast.sent), all, 60_000).latencies), ingestErrors: 0,
        cpuMicrosPerDelivery: cpu / Math.max(1, fastRate.deliveries), receiversCpuMicrosPerDelivery: receiversCpu / Math.max(1, fastRate.deliveries),
      };
    },
    paced: async (pace: Pace): Promise<PacedMeasure> => {
      await receivers.reset();
      const paced = await child.call<{ sent: [string, number][]; seconds: number }>('run', receivers.urls, pace.events, pace.rate);
      await receivers.waitFor(paced.sent.length, options.drainWaitMs);
      const arrivals = await receivers.collect();
      const sent = new Map(paced.sent);
      const everyone = endToEnd(arrivals, sent, all, options.drainWaitMs);
      const latency = summarize(everyone.latencies);
      return {
        // The client's "acknowledgement" is the moment it starts the request: both latencies are the same.
        latency, fromPost: latency, others: summarize(endToEnd(arrivals, sent, all.slice(1), options.drainWaitMs).latencies),
        missing: everyone.missing, ingestEventsPerSecond: paced.sent.length / paced.seconds, ingestErrors: 0, waitedMs: options.drainWaitMs,
      };
    },
    stop: () => child.stop(),
  };
}

export async function fanoutScenario(options: BenchOptions): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const receivers = await Receivers.start(options.subscribers);
  const details: Record<string, unknown> = {};
  try {
    const log = (name: string, value: unknown) => console.error(`  ${name}: ${JSON.stringify(value)}`);
    const rawClient = await startRawLoopback(receivers, options);
    let rawThroughput: ThroughputMeasure;
    let rawPaced: PacedMeasure;
    let rawSteady: PacedMeasure;
    let pace: Pace;
    const measureSystem = async (system: FanoutSystem, first: boolean) => {
      try {
        const throughput = await throughputPhase(system, receivers, options);
        log(`${system.name} throughput`, throughput);
        if (first) {
          // The paced rate is half the relay's own maximum in this run; the loopback client and BullMQ get the same.
          pace = pacedPace(throughput.deliveriesPerSecond, options);
          log('paced rate', pace);
          rawPaced = await rawClient.paced(pace);
          log('loopback limit paced', rawPaced);
          rawSteady = await rawClient.paced({ rate: options.steadyRate, events: options.steadyEvents });
          log('loopback limit steady', rawSteady);
          await rawClient.stop();
        }
        const paced = await pacedPhase(system, receivers, options, pace);
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
    try {
      rawThroughput = await rawClient.throughput();
      log('loopback limit throughput', rawThroughput);
    } catch (error) {
      await rawClient.stop();
      throw error;
    }
    const relay = await measureSystem(await startRelaySystem(receivers, options), true);
    const raw = { throughput: rawThroughput, paced: rawPaced!, steady: rawSteady! };
    const bullmq = await measureSystem(await startBullmqSystem(receivers), false);
    Object.assign(details, { loopback: raw, relay, bullmq, pace: pace! });

    const scenario = `2 Fan-out (${options.fanoutEvents.toLocaleString('en-US')} ev × ${options.subscribers})`;
    const paced = `at ${pace!.rate.toLocaleString('en-US')} ev/s (${Math.round(100 * options.pacedFraction)} % of the relay's max)`;
    const figures: Figure[] = [
      {
        scenario, measure: 'deliveries/s vs BullMQ', unit: 'del/s', value: relay.throughput.deliveriesPerSecond,
        baseline: { name: 'BullMQ + fetch', value: bullmq.throughput.deliveriesPerSecond },
        target: { text: '≥ 2.5×', met: relay.throughput.deliveriesPerSecond >= 2.5 * bullmq.throughput.deliveriesPerSecond },
      },
      {
        scenario, measure: 'deliveries/s vs loopback limit', unit: 'del/s', value: relay.throughput.deliveriesPerSecond,
        baseline: { name: 'raw keep-alive client', value: raw.throughput.deliveriesPerSecond },
        target: { text: '≥ 0.5×', met: relay.throughput.deliveriesPerSecond >= 0.5 * raw.throughput.deliveriesPerSecond },
      },
      {
        scenario, measure: 'relay CPU per delivery (ingest included) vs loopback client CPU per request', unit: 'µs', value: relay.throughput.cpuMicrosPerDelivery,
        baseline: { name: 'raw keep-alive client', value: raw.throughput.cpuMicrosPerDelivery },
      },
      {
        scenario, measure: 'relay CPU per delivery vs BullMQ process CPU per delivery (Redis not counted)', unit: 'µs', value: relay.throughput.cpuMicrosPerDelivery,
        baseline: { name: 'BullMQ + fetch', value: bullmq.throughput.cpuMicrosPerDelivery },
      },
      {
        scenario, measure: 'receivers CPU per delivery (same work for both: a check on the CPU rows)', unit: 'µs', value: relay.throughput.receiversCpuMicrosPerDelivery,
        baseline: { name: 'raw keep-alive client run', value: raw.throughput.receiversCpuMicrosPerDelivery },
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
