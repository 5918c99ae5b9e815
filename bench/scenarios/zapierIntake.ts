/**
 * Scenario 7, Zapier intake: a renewal cron's burst to one Zap among other webhooks. The Zap's receiver is a
 * double of Zapier's intake (30 per second and 10,000 per 5 minutes over sliding windows, 429 with Retry-After
 * beyond them); ten other webhooks take a steady stream of another event. All eleven on one host:port, as every
 * Zap is on hooks.zapier.com.
 *
 * The Zap's webhook has a Zapier-shaped path on loopback, where the relay cannot recognise Zapier's host: its
 * rate limit is set explicitly to Zapier's values (what a hooks.zapier.com URL gets by default).
 *
 * Phases, each on a fresh relay (fresh SQLite store):
 *  1. the ten others alone, steady: the baseline their p99 is judged against;
 *  2. the same steady stream plus a burst of `zapierBurst` events to the Zap at its start: what is judged (429s
 *     received, time to drain against burst / 30 per second, requests and attempts per event, the others' p99);
 *  3. (full runs) the burst again with no rate limit on the Zap: how back-pressure alone copes (429s, drain time,
 *     attempts spent).
 */
import type { BenchOptions } from '../benchOptions.ts';
import { clock } from '../childProcess.ts';
import { summarize, type LatencySummary } from '../latency.ts';
import { LoadGenerator, type LoadResult } from '../loadGenerator.ts';
import { endToEnd, Receivers } from '../receiversProcess.ts';
import type { Figure } from '../report.ts';
import { startRelayUnderTest, type RelayUnderTest } from '../relayProcess.ts';

const zapierPerSecond = 30;
const zapierRateLimit = { per_second: zapierPerSecond, per_window: 10_000, window: '5m' };
/** The burst's event (what the renewal cron creates) and the others' steady one. */
const burstEvent = 'renewal_payment_created';
const steadyEvent = 'payment_received';

export interface IntakePhaseMeasure {
  name: string;
  /** The others' end-to-end latency (acknowledged POST → arrival), every steady event of the phase. */
  others: LatencySummary;
  othersMissing: number;
  steadyEvents: number;
  burst: number;
  /** The Zap: events arrived, 429s it answered, first burst ack → last arrival, requests and relay attempts per event. */
  zapArrived: number;
  zap429s: number;
  drainSeconds: number | null;
  requestsPerEvent: number | null;
  attemptsPerEvent: number | null;
  duplicates: number;
}

const zapIndex = 0;

async function attemptsPerDelivery(relay: RelayUnderTest, webhookId: string): Promise<number | null> {
  let attempts = 0;
  let deliveries = 0;
  let before: string | null = null;
  do {
    const page: { data: { attempts: number }[]; next_cursor: string | null } = await relay.api(`/v1/webhooks/${webhookId}/deliveries?limit=100${before ? `&before=${before}` : ''}`);
    for (const delivery of page.data) (attempts += delivery.attempts, deliveries++);
    before = page.next_cursor;
  } while (before);
  return deliveries ? attempts / deliveries : null;
}

async function runPhase(receivers: Receivers, options: BenchOptions, phase: { name: string; burst: number; steadyMs: number; zapLimit: typeof zapierRateLimit | 'none' }): Promise<IntakePhaseMeasure> {
  await receivers.reset();
  await receivers.setMode(zapIndex, 'zapier');
  const others = receivers.urls.map((_, index) => index).filter((index) => index !== zapIndex);
  const relay = await startRelayUnderTest('sqlite', {}, options.relayExecArgv);
  try {
    const zap = await relay.api<{ id: string }>('/v1/webhooks', {
      name: 'Zap: renewals to the CRM', url: `${receivers.urls[zapIndex]}/hooks/catch/1234567/abcdef/`, event: burstEvent, integration: 'zapier', rate_limit: phase.zapLimit,
    });
    for (const index of others) await relay.api('/v1/webhooks', { name: `Other ${index}`, url: receivers.urls[index], event: steadyEvent });
    const steady = new LoadGenerator(relay.ingestUrl, options.connections);
    const burstLoad = new LoadGenerator(relay.ingestUrl.replace(new RegExp(`/${steadyEvent}$`), `/${burstEvent}`), options.connections);
    const steadyCount = Math.round((options.steadyRate / 10) * (phase.steadyMs / 1000));
    const burstStarted = clock();
    // The burst as a cron sends it (as fast as the relay takes it) while the others' stream goes on.
    const [burst, stream]: [LoadResult | null, LoadResult] = await Promise.all([
      phase.burst ? burstLoad.count(phase.burst) : Promise.resolve(null),
      steady.paced(options.steadyRate / 10, steadyCount),
    ]);
    steady.close();
    burstLoad.close();
    await receivers.waitFor(stream.acks.length, options.drainWaitMs, others);
    if (burst) await receivers.waitFor(burst.acks.length, Math.max(options.drainWaitMs, 4 * 1000 * (phase.burst / zapierPerSecond)), [zapIndex]);
    const arrivals = await receivers.collect();
    const rejected = await receivers.rejected();
    const latency = endToEnd(arrivals, new Map(stream.acks.map((ack) => [ack.id, ack.ackAt])), others, options.drainWaitMs);
    const zapArrivals = [...arrivals.byReceiver[zapIndex].values()];
    const zapArrived = zapArrivals.length;
    return {
      name: phase.name,
      others: summarize(latency.latencies),
      othersMissing: latency.missing,
      steadyEvents: stream.acks.length,
      burst: burst?.acks.length ?? 0,
      zapArrived,
      zap429s: rejected[zapIndex],
      drainSeconds: burst && zapArrived === burst.acks.length ? (Math.max(...zapArrivals) - burstStarted) / 1000 : null,
      requestsPerEvent: burst && zapArrived ? (zapArrived + rejected[zapIndex]) / zapArrived : null,
      attemptsPerEvent: burst ? await attemptsPerDelivery(relay, zap.id) : null,
      duplicates: arrivals.duplicates,
    };
  } finally {
    await relay.stop();
  }
}

export async function zapierIntakeScenario(options: BenchOptions): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const receivers = await Receivers.start(11, { shared: true });
  try {
    const log = (measure: IntakePhaseMeasure) => console.error(`  ${measure.name}: ${JSON.stringify(measure)}`);
    const ideal = options.zapierBurst / zapierPerSecond;
    // The others' stream lasts as long as the burst ideally takes to drain; their baseline runs a shorter while.
    const duringBurst = ideal * 1000;
    const alone = await runPhase(receivers, options, { name: 'others alone', burst: 0, steadyMs: options.zapierBaselineMs, zapLimit: zapierRateLimit });
    log(alone);
    const paced = await runPhase(receivers, options, { name: 'burst, Zapier limits', burst: options.zapierBurst, steadyMs: duringBurst, zapLimit: zapierRateLimit });
    log(paced);
    const unpaced = options.quick ? null : await runPhase(receivers, options, { name: 'burst, no limit', burst: options.zapierBurst, steadyMs: duringBurst, zapLimit: 'none' });
    if (unpaced) log(unpaced);

    const scenario = `7 Zapier intake (${options.zapierBurst} to one Zap at 30/s + 10 others at ${options.steadyRate / 10} ev/s, one host:port)`;
    const drained = (m: IntakePhaseMeasure) => (m.drainSeconds === null ? ` (${m.zapArrived} of ${m.burst} arrived)` : '');
    const figures: Figure[] = [
      { scenario, measure: '429s received, Zapier limits', unit: '429s', value: paced.zap429s, target: { text: '0', met: paced.zap429s === 0 } },
      {
        scenario, measure: `time to drain the burst, Zapier limits${drained(paced)}`, unit: 's', value: paced.drainSeconds,
        baseline: { name: `ideal ${options.zapierBurst} / 30 per s`, value: ideal },
        target: { text: '≤ 1.15× ideal', met: paced.drainSeconds !== null && paced.drainSeconds <= 1.15 * ideal },
      },
      { scenario, measure: 'requests the Zap received per event, Zapier limits', unit: 'requests', value: paced.requestsPerEvent, target: { text: '1', met: paced.requestsPerEvent === 1 } },
      { scenario, measure: 'attempts spent per delivery, Zapier limits', unit: 'attempts', value: paced.attemptsPerEvent, target: { text: '1', met: paced.attemptsPerEvent === 1 } },
      {
        scenario, measure: `others' p99 during the burst${paced.othersMissing ? ` (${paced.othersMissing} not delivered)` : ''}`, unit: 'ms', value: paced.others.p99,
        baseline: { name: 'others without the burst', value: alone.others.p99 },
        target: { text: '≤ 1.5×', met: paced.othersMissing === 0 && paced.others.p99 <= 1.5 * alone.others.p99 },
      },
      { scenario, measure: "others' p50 during the burst", unit: 'ms', value: paced.others.p50, baseline: { name: 'others without the burst', value: alone.others.p50 } },
    ];
    if (unpaced) {
      figures.push(
        { scenario, measure: '429s received, no limit set (back-pressure only)', unit: '429s', value: unpaced.zap429s },
        { scenario, measure: `time to drain the burst, no limit set${drained(unpaced)}`, unit: 's', value: unpaced.drainSeconds, baseline: { name: `ideal ${options.zapierBurst} / 30 per s`, value: ideal } },
        { scenario, measure: 'attempts spent per delivery, no limit set (429s not counted)', unit: 'attempts', value: unpaced.attemptsPerEvent },
        { scenario, measure: "others' p99 during the burst, no limit set", unit: 'ms', value: unpaced.others.p99, baseline: { name: 'others without the burst', value: alone.others.p99 } },
      );
    }
    return { figures, details: { alone, paced, unpaced } };
  } finally {
    await receivers.stop();
  }
}
