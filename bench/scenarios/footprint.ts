/**
 * Scenario 5, footprint: RSS of the relay process idle, with many subscriptions, and after a million delivery
 * attempts logged; the SQLite file's size. Attempts are written through the store API in large batches, in the
 * relay's own process (the worker's write path, without a million real requests): see seedAttempts. The relay
 * and the bare Hono baseline run compiled, as `npm start` runs the relay (relay/build.ts); the relay run from its
 * TypeScript sources (Node's type stripper loaded) is shown beside. RSS is read after a memory-reducing full GC,
 * where an idle process gets by itself within about 20 s (childProcess.ts: memoryReducingGc).
 */
import { randomBytes } from 'node:crypto';
import { compiledBench, rssOf, startChild } from '../childProcess.ts';
import type { BenchOptions } from '../benchOptions.ts';
import { benchEvent } from '../payload.ts';
import type { Figure } from '../report.ts';
import { startRelayUnderTest } from '../relayProcess.ts';

const MB = 1024 * 1024;
const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));
/** RSS after a full GC, so garbage from the work just done does not count as footprint. */
async function residentAfterGc(child: { pid: number; call(method: string): Promise<unknown> }): Promise<number> {
  await child.call('gc');
  await settle();
  return rssOf(child.pid);
}

export async function footprintScenario(options: BenchOptions): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const compiled = compiledBench();
  const bare = await startChild(`${compiled}/bench/baselines/honoCeiling.js`, { RELAY_INGEST_TOKEN: 'it_benchfootprint' }, ['--expose-gc']);
  const bareRss = await residentAfterGc(bare);
  await bare.stop();

  const fromSources = await startRelayUnderTest('sqlite', {}, ['--expose-gc']);
  const idleFromSources = await residentAfterGc(fromSources.child);
  await fromSources.stop();

  const relay = await startRelayUnderTest('sqlite', {}, ['--expose-gc', ...options.relayExecArgv], compiled);
  try {
    const idle = await residentAfterGc(relay.child);
    const emptyFile = await relay.child.call<number>('storeFileBytes');

    let created = 0;
    let firstId = '';
    await Promise.all(Array.from({ length: 20 }, async () => {
      while (created < options.subscriptions) {
        const n = created++;
        const webhook = await relay.api<{ id: string }>('/v1/webhooks', { name: `Subscriber ${n}`, url: `http://127.0.0.1:9/hook/${n}/${randomBytes(4).toString('hex')}`, event: benchEvent, active: false });
        if (n === 0) firstId = webhook.id;
      }
    }));
    const withSubscriptions = await residentAfterGc(relay.child);

    const seeded = await relay.child.call<{ seconds: number }>('seedAttempts', firstId, options.attempts);
    const withAttempts = await residentAfterGc(relay.child);
    const file = await relay.child.call<number>('storeFileBytes');

    const details = { bareHonoRss: bareRss, idle, idleFromSources, withSubscriptions, withAttempts, emptyFile, file, seedSeconds: seeded.seconds, subscriptions: options.subscriptions, attempts: options.attempts };
    console.error(`  footprint: ${JSON.stringify(details)}`);
    const scenario = '5 Footprint (SQLite)';
    const subs = options.subscriptions.toLocaleString('en-US');
    const attempts = options.attempts.toLocaleString('en-US');
    const figures: Figure[] = [
      { scenario, measure: 'RSS idle (npm start: compiled)', unit: 'MB', value: idle / MB, baseline: { name: 'bare Node + Hono process', value: bareRss / MB }, target: { text: '≤ 95 MB', met: idle / MB <= 95 } },
      { scenario, measure: 'RSS idle, run from the TypeScript sources', unit: 'MB', value: idleFromSources / MB, baseline: { name: 'compiled', value: idle / MB } },
      { scenario, measure: `RSS with ${subs} subscriptions`, unit: 'MB', value: withSubscriptions / MB, baseline: { name: 'relay idle', value: idle / MB } },
      { scenario, measure: `RSS after ${attempts} attempts logged`, unit: 'MB', value: withAttempts / MB, baseline: { name: `with ${subs} subscriptions`, value: withSubscriptions / MB } },
      {
        scenario, measure: `SQLite file after ${attempts} attempts (${Math.round((file! - emptyFile!) / options.attempts)} B/attempt; written in ${seeded.seconds.toFixed(0)} s)`,
        unit: 'MB', value: file! / MB, baseline: { name: 'empty store', value: emptyFile! / MB },
      },
    ];
    return { figures, details };
  } finally {
    await relay.stop();
  }
}
