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
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commandLineOption } from './benchOptions.ts';
import { LoadGenerator } from './loadGenerator.ts';
import { benchEvent } from './payload.ts';
import { deliveriesPerSecond, Receivers } from './receiversProcess.ts';
import { startRelayUnderTest } from './relayProcess.ts';

const arg = (name: string, fallback: string) => commandLineOption(name) ?? fallback;
const roots = { A: path.resolve(arg('a', '.')), B: path.resolve(arg('b', '.')) };
const rounds = Number(arg('rounds', '6'));
const events = Number(arg('events', '3000'));
const warmup = Number(arg('warmup', '500'));
const subscribers = 10;
const tsxFor = arg('tsx', '');
const execArgv = process.argv.includes('--cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve('bench/results/profiles')}`] : [];

interface Round { variant: 'A' | 'B'; cpuPerDelivery: number; receiversCpuPerDelivery: number; deliveriesPerSecond: number; load: number; threads: Map<string, number> }

const ticksPerSecond = 100; // USER_HZ on Linux
/** CPU time (µs) of each of a process's threads, by thread id (/proc/<pid>/task/<tid>/stat). */
function threadCpu(pid: number): Map<string, number> {
  const byTid = new Map<string, number>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      byTid.set(tid, ((Number(fields[11]) + Number(fields[12])) * 1e6) / ticksPerSecond);
    } catch {
      // The thread ended meanwhile.
    }
  }
  return byTid;
}

/**
 * Threads' CPU over the phase, grouped: the main thread (tid = pid), the busiest other thread (the sender thread:
 * Linux names Node's threads alike, so it is told apart by being busiest), and all the others together (libuv's
 * pool doing the fsyncs, V8's GC and compiler helpers).
 */
function threadGroups(pid: number, before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const used = [...after].map(([tid, micros]) => [tid, micros - (before.get(tid) ?? 0)] as const);
  const main = used.find(([tid]) => tid === String(pid))?.[1] ?? 0;
  const others = used.filter(([tid]) => tid !== String(pid)).map(([, micros]) => micros).sort((a, b) => b - a);
  return new Map([['main', main], ['sender (busiest other)', others[0] ?? 0], ['rest', others.slice(1).reduce((sum, m) => sum + m, 0)]]);
}

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
    const threadsBefore = threadCpu(relay.child.pid);
    const loadAt = os.loadavg()[0];
    const result = await load.count(events);
    await receivers.waitFor(result.acks.length, 120_000);
    const cpu = (await relay.child.call<number>('cpuMicros')) - cpuBefore;
    const receiversCpu = (await receivers.cpuMicros()) - receiversBefore;
    const threads = threadGroups(relay.child.pid, threadsBefore, threadCpu(relay.child.pid));
    load.close();
    const arrivals = await receivers.collect();
    const rate = deliveriesPerSecond(arrivals, Math.min(...result.acks.map((ack) => ack.sentAt)));
    for (const [name, micros] of threads) threads.set(name, micros / rate.deliveries);
    return { variant, cpuPerDelivery: cpu / rate.deliveries, receiversCpuPerDelivery: receiversCpu / rate.deliveries, deliveriesPerSecond: rate.perSecond, load: loadAt, threads };
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
      const threads = [...r.threads].map(([name, micros]) => `${name} ${micros.toFixed(0)}`).join(', ');
      console.error(`round ${round + 1} ${variant}: relay ${r.cpuPerDelivery.toFixed(0)} µs CPU/delivery (${threads}), receivers ${r.receiversCpuPerDelivery.toFixed(0)} µs, ${r.deliveriesPerSecond.toFixed(0)} del/s, load ${r.load.toFixed(1)}`);
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
console.log('| variant | relay CPU µs/delivery: median (min–max) | by thread (medians) | receivers µs/delivery | deliveries/s: median (min–max) |');
console.log('| --- | ---: | --- | ---: | ---: |');
for (const variant of ['A', 'B'] as const) {
  const mine = results.filter((r) => r.variant === variant);
  const cpu = mine.map((r) => r.cpuPerDelivery);
  const rate = mine.map((r) => r.deliveriesPerSecond);
  const byThread = ['main', 'sender (busiest other)', 'rest'].map((name) => `${name} ${median(mine.map((r) => r.threads.get(name) ?? 0)).toFixed(0)}`).join(', ');
  console.log(`| ${variant} | ${median(cpu).toFixed(0)} (${Math.min(...cpu).toFixed(0)}–${Math.max(...cpu).toFixed(0)}) | ${byThread} | ${median(mine.map((r) => r.receiversCpuPerDelivery)).toFixed(0)} | ${median(rate).toFixed(0)} (${Math.min(...rate).toFixed(0)}–${Math.max(...rate).toFixed(0)}) |`);
}
process.exit(0);
