/**
 * Scenario 3, isolation: scenario 2's steady paced fan-out again, with receiver 0 hanging (it reads the request
 * and never answers). Compares the other nine receivers' latency with theirs in scenario 2, same run. At the
 * steady rate rather than 1,000 ev/s, so that queueing behind a saturated machine does not hide the effect.
 */
import type { BenchOptions } from '../benchOptions.ts';
import type { LatencySummary } from '../latency.ts';
import type { Figure } from '../report.ts';

/** What the paced phases measure (fanout.ts's PacedMeasure, the part read here). */
interface PacedMeasure {
  latency: LatencySummary;
  others: LatencySummary;
  missing: number;
  waitedMs: number;
}

export function isolationFigures(options: BenchOptions, relay: { steady: PacedMeasure; isolation: PacedMeasure }, bullmq: { steady: PacedMeasure; isolation: PacedMeasure }): Figure[] {
  const scenario = `3 Isolation (1 of 10 hangs, ${options.steadyRate} ev/s)`;
  const undelivered = (m: PacedMeasure) =>
    m.missing ? ` (${((100 * m.missing) / (m.latency.count || 1)).toFixed(1)} % not delivered within ${m.waitedMs / 1000} s: lower bound)` : '';
  return [
    {
      scenario, measure: `relay: other 9 p99${undelivered(relay.isolation)}`, unit: 'ms', value: relay.isolation.latency.p99,
      baseline: { name: 'relay, none hanging', value: relay.steady.others.p99 },
      target: { text: '< 1.2×', met: relay.isolation.latency.p99 < 1.2 * relay.steady.others.p99 },
    },
    { scenario, measure: 'relay: other 9 p50', unit: 'ms', value: relay.isolation.latency.p50, baseline: { name: 'relay, none hanging', value: relay.steady.others.p50 } },
    {
      scenario, measure: `BullMQ: other 9 p99${undelivered(bullmq.isolation)}`, unit: 'ms', value: bullmq.isolation.latency.p99,
      baseline: { name: 'BullMQ, none hanging', value: bullmq.steady.others.p99 },
    },
  ];
}
