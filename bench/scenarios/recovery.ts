/**
 * Scenario 4, recovery: all receivers go down (connections refused) for a while as events keep coming, then
 * come back. How long the relay takes to drain the backlog, and proof that nothing was lost: every acknowledged
 * event reached every receiver, and the store has no delivery left pending or failed.
 *
 * The relay runs with a retry schedule capped at 10 s between attempts (0,1s,2s,4s,8s, then 10s): with the
 * default schedule (0,5s,5m,…) the drain would mostly measure the 5-minute wait, not the relay.
 */
import { clock } from '../childProcess.ts';
import type { BenchOptions } from '../benchOptions.ts';
import { LoadGenerator } from '../loadGenerator.ts';
import { benchEvent } from '../payload.ts';
import { Receivers } from '../receiversProcess.ts';
import type { Figure } from '../report.ts';
import { startRelayUnderTest } from '../relayProcess.ts';

export const recoveryRetrySchedule = ['0', '1s', '2s', '4s', '8s', ...Array(20).fill('10s')].join(',');

export async function recoveryScenario(options: BenchOptions): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const receivers = await Receivers.start(options.subscribers);
  const relay = await startRelayUnderTest('sqlite', { RELAY_RETRY_SCHEDULE: recoveryRetrySchedule }, options.relayExecArgv);
  try {
    for (const [index, url] of receivers.urls.entries()) await relay.api('/v1/webhooks', { name: `Bench ${index}`, url, event: benchEvent });
    await receivers.down();
    const load = new LoadGenerator(relay.ingestUrl, options.connections);
    const posted = await load.paced(options.outageRate, Math.round((options.outageRate * options.outageMs) / 1000));
    load.close();
    const backlog = await relay.child.call<{ pendingDeliveries: number }>('stats');
    await receivers.up();
    const upAt = clock();
    const waited = await receivers.waitFor(posted.acks.length, options.drainWaitMs);
    const drainedAt = clock();
    const arrivals = await receivers.collect();
    let lastArrival = upAt;
    let lost = 0;
    for (const receiver of arrivals.byReceiver) {
      for (const ack of posted.acks) {
        const at = receiver.get(ack.id);
        if (at === undefined) lost++;
        else if (at > lastArrival) lastArrival = at;
      }
    }
    // Give the last attempts a moment to be recorded before asking the store.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const counts = await relay.child.call<Record<string, number>>('deliveryCounts');
    const expected = posted.acks.length * receivers.urls.length;
    const drainSeconds = (lastArrival - upAt) / 1000;
    const details = {
      outageSeconds: options.outageMs / 1000, eventsAcknowledged: posted.acks.length, ingestErrors: posted.errors,
      backlogAtRecovery: backlog.pendingDeliveries, expectedDeliveries: expected, drainSeconds, complete: waited.complete,
      waitedSeconds: (drainedAt - upAt) / 1000, lost, duplicates: arrivals.duplicates, storeDeliveries: counts,
      retrySchedule: recoveryRetrySchedule,
    };
    console.error(`  recovery: ${JSON.stringify(details)}`);
    const scenario = `4 Recovery (${options.outageMs / 1000} s down, ${options.outageRate} ev/s)`;
    const figures: Figure[] = [
      { scenario, measure: 'backlog when receivers came back', unit: 'deliveries', value: backlog.pendingDeliveries, baseline: { name: 'acknowledged × subscribers', value: expected } },
      {
        scenario, measure: 'time to drain the backlog', unit: 's', value: drainSeconds,
        baseline: { name: 'longest retry interval', value: 10 },
        note: waited.complete ? undefined : 'not drained',
      },
      {
        scenario, measure: 'deliveries lost (acknowledged, never received)', unit: 'deliveries', value: lost,
        baseline: { name: 'expected', value: expected },
        target: { text: '0 lost, none pending or failed', met: lost === 0 && counts.pending === 0 && counts.failed === 0 && counts.succeeded === expected },
      },
      { scenario, measure: 'duplicates received (at-least-once)', unit: 'deliveries', value: arrivals.duplicates },
    ];
    return { figures, details };
  } finally {
    await relay.stop();
    await receivers.stop();
  }
}
