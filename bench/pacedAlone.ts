/**
 * One relay (SQLite) with 10 subscribers at a paced rate, the fan-out scenario's paced phase alone: end-to-end
 * latency from the host's acknowledged POST and from its start (post → arrival), for a quick latency A/B: run it
 * alternately on two checkouts. With `--hang`, each round is run again with receiver 0 hanging, and the other
 * nine's latencies are compared (the isolation scenario).
 *
 *   node bench/pacedAlone.ts [--rate=200] [--seconds=5] [--rounds=2] [--root=/tmp/abB] [--hang]
 */
import { benchOptions, commandLineOption } from './benchOptions.ts';
import { LoadGenerator } from './loadGenerator.ts';
import { Receivers } from './receiversProcess.ts';
import { pacedPhase, startRelaySystem } from './scenarios/fanout.ts';

const options = benchOptions([]);
const rate = Number(commandLineOption('rate') ?? 200);
const seconds = Number(commandLineOption('seconds') ?? 5);
const rounds = Number(commandLineOption('rounds') ?? 2);
const root = commandLineOption('root');
const hangs = process.argv.includes('--hang') ? [false, true] : [false];

const receivers = await Receivers.start(options.subscribers);
const system = await startRelaySystem(receivers, options, root);
try {
  const warmup = new LoadGenerator(system.ingestUrl, options.connections);
  const warm = await warmup.count(options.fanoutWarmupEvents);
  warmup.close();
  await receivers.waitFor(warm.acks.length, options.drainWaitMs);
  for (let round = 0; round < rounds; round++) {
    for (const hang of hangs) {
      const paced = await pacedPhase(system, receivers, options, { rate, events: rate * seconds, ...(hang ? { hang: 0 } : {}) });
      console.log(`${root ?? '.'} at ${rate} events/s × ${options.subscribers}${hang ? ', receiver 0 hanging' : ''}: ` +
        `acknowledged → arrival p50 ${paced.latency.p50} p99 ${paced.latency.p99} ms; post → arrival p50 ${paced.fromPost.p50} p99 ${paced.fromPost.p99} ms; ` +
        `receivers 1–9 p99 ${paced.others.p99} ms; ${paced.ingestErrors} errors`);
    }
  }
} finally {
  await system.stop();
  await receivers.stop();
}
