/**
 * One relay alone under the ingest scenario's load (50 connections, closed loop): events/s, the relay's CPU per
 * event and its group commits. Quicker than the full ingest scenario for an A/B of a store or route change: run
 * it alternately on two checkouts (another checkout's relay with `--root`), and profile with `--cpu-prof`.
 *
 *   node bench/ingestAlone.ts [--store=sqlite|postgres] [--seconds=8] [--root=/tmp/abB] [--cpu-prof]
 */
import { commandLineOption as arg } from './benchOptions.ts';
import { LoadGenerator } from './loadGenerator.ts';
import { startRelayUnderTest } from './relayProcess.ts';

const store = arg('store') === 'postgres' ? 'postgres' : 'sqlite';
const seconds = Number(arg('seconds') ?? 8);
const profile = process.argv.includes('--cpu-prof') ? ['--cpu-prof', '--cpu-prof-dir=bench/results/profiles'] : [];

const relay = await startRelayUnderTest(store, {}, profile, arg('root'));
const load = new LoadGenerator(relay.ingestUrl, 50);
try {
  await load.forDuration(2000);
  const cpuBefore = await relay.child.call<number>('cpuMicros');
  const result = await load.forDuration(seconds * 1000);
  const cpu = (await relay.child.call<number>('cpuMicros')) - cpuBefore;
  const metrics = await (await fetch(`${relay.url}/metrics`, { headers: { authorization: `Bearer ${relay.child.ready.apiKey}` } })).text();
  const figure = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
  const commits = figure('relay_group_commit_batch_size_count');
  console.log(`${store}${arg('root') ? ` (${arg('root')})` : ''}: ${Math.round(result.acks.length / result.seconds)} events/s, ` +
    `${Math.round(cpu / result.acks.length)} µs CPU per event, ${result.errors} errors; ` +
    `${commits} commits since start, ${(figure('relay_group_commit_batch_size_sum') / commits).toFixed(1)} writes each`);
} finally {
  load.close();
  await relay.stop();
}
