/**
 * A/B of the relay's fan-out cost, for changes to the relay: two checkouts of the project (e.g. `git archive`
 * of the commit before into /tmp/abA, with node_modules linked) measured in interleaved rounds (A B B A A B …) in
 * one run, so that load from outside drifting during the run hits both alike. Each round starts a fresh relay
 * (SQLite, 10 webhooks on the same receivers process), warms it up, then posts `--events` as fast as 50
 * connections can and waits for every delivery. Per round: relay CPU per delivery (process.cpuUsage of the
 * relay process, every thread, over the whole phase, ingest included: one event is 10 deliveries), the
 * receivers' CPU per delivery, and deliveries/s. CPU per delivery is the figure machine load moves least.
 *
 *   node bench/abFanout.ts --a=/tmp/abA --b=. [--rounds=6] [--events=3000] [--cpu-prof] [--tsx=A]
 *
 * `--tsx=A` starts variant A's relay with the tsx loader (`--import tsx`, inherited by its sender thread), B's
 * without (as `npm start` runs): what the TypeScript loader costs.
 */
import os from 'node:os';
import path from 'node:path';
import { LoadGenerator } from './loadGenerator.ts';
import { benchEvent } from './payload.ts';
import { deliveriesPerSecond, Receivers } from './receiversProcess.ts';
import { startRelayUnderTest } from './relayUnderTest.ts';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const roots = { A: path.resolve(arg('a', '.')), B: path.resolve(arg('b', '.')) };
const rounds = Number(arg('rounds', '6'));
const events = Number(arg('events', '3000'));
const warmup = Number(arg('warmup', '500'));
const subscribers = 10;
const tsxFor = arg('tsx', '');
const execArgv = process.argv.includes('--cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve('bench/results/profiles')}`] : [];

interface Round { variant: 'A' | 'B'; cpuPerDelivery: number; receiversCpuPerDelivery: number; deliveriesPerSecond: number; load: number }

const receivers = await Receivers.start(subscribers);
const results: Round[] = [];

async function measure(variant: 'A' | 'B'): Promise<Round> {
  if (tsxFor === variant) process.env.BENCH_TSX = '1';
  else delete process.env.BENCH_TSX;
  const relay = await startRelayUnderTest('sqlite', {}, execArgv, roots[variant]);
  try {
    for (const [index, url] of receivers.urls.entries()) await relay.api('/v1/webhooks', { name: `AB ${index}`, url, event: benchEvent });
    const load = new LoadGenerator(relay.ingestUrl, 50);
    await receivers.reset();
    const warm = await load.count(warmup);
    await receivers.waitFor(warm.acks.length, 60_000);
    await receivers.reset();
    const cpuBefore = await relay.child.call<number>('cpuMicros');
    const receiversBefore = await receivers.cpuMicros();
    const loadAt = os.loadavg()[0];
    const result = await load.count(events);
    await receivers.waitFor(result.acks.length, 120_000);
    const cpu = (await relay.child.call<number>('cpuMicros')) - cpuBefore;
    const receiversCpu = (await receivers.cpuMicros()) - receiversBefore;
    load.close();
    const arrivals = await receivers.collect();
    const rate = deliveriesPerSecond(arrivals, Math.min(...result.acks.map((ack) => ack.sentAt)));
    return { variant, cpuPerDelivery: cpu / rate.deliveries, receiversCpuPerDelivery: receiversCpu / rate.deliveries, deliveriesPerSecond: rate.perSecond, load: loadAt };
  } finally {
    await relay.stop();
  }
}

try {
  for (let round = 0; round < rounds; round++) {
    // A B, B A, A B, …: neither variant always runs first.
    const order: ('A' | 'B')[] = round % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
    for (const variant of order) {
      const r = await measure(variant);
      results.push(r);
      console.error(`round ${round + 1} ${variant}: relay ${r.cpuPerDelivery.toFixed(0)} µs CPU/delivery, receivers ${r.receiversCpuPerDelivery.toFixed(0)} µs, ${r.deliveriesPerSecond.toFixed(0)} del/s, load ${r.load.toFixed(1)}`);
    }
  }
} finally {
  await receivers.stop();
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};
console.log(`A = ${roots.A}\nB = ${roots.B}\n${rounds} rounds × ${events} events × ${subscribers} subscribers, load average now ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log('| variant | relay CPU µs/delivery: median (min–max) | receivers µs/delivery | deliveries/s: median (min–max) |');
console.log('| --- | ---: | ---: | ---: |');
for (const variant of ['A', 'B'] as const) {
  const mine = results.filter((r) => r.variant === variant);
  const cpu = mine.map((r) => r.cpuPerDelivery);
  const rate = mine.map((r) => r.deliveriesPerSecond);
  console.log(`| ${variant} | ${median(cpu).toFixed(0)} (${Math.min(...cpu).toFixed(0)}–${Math.max(...cpu).toFixed(0)}) | ${median(mine.map((r) => r.receiversCpuPerDelivery)).toFixed(0)} | ${median(rate).toFixed(0)} (${Math.min(...rate).toFixed(0)}–${Math.max(...rate).toFixed(0)}) |`);
}
process.exit(0);
