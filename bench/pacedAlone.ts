/**
 * One relay (SQLite) with 10 subscribers at a paced rate: end-to-end latency from the host's acknowledged POST
 * and from its start (post → arrival), for a quick latency A/B: run it alternately on two checkouts. With
 * `--hang`, each round is run twice, the second time with receiver 0 hanging, and the other nine's latencies
 * are compared (the isolation scenario).
 *
 *   node bench/pacedAlone.ts [--rate=200] [--seconds=5] [--rounds=2] [--root=/tmp/abB] [--hang]
 */
import { summarize } from './latency.ts';
import { LoadGenerator } from './loadGenerator.ts';
import { benchEvent } from './payload.ts';
import { Receivers, endToEnd } from './receiversProcess.ts';
import { startRelayUnderTest } from './relayProcess.ts';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const rate = Number(arg('rate') ?? 200);
const seconds = Number(arg('seconds') ?? 5);
const rounds = Number(arg('rounds') ?? 2);
const waitMs = 90_000;
const hangs = process.argv.includes('--hang') ? [false, true] : [false];

const receivers = await Receivers.start(10);
const relay = await startRelayUnderTest('sqlite', {}, [], arg('root'));
const load = new LoadGenerator(relay.ingestUrl, 50);
try {
  for (const [index, url] of receivers.urls.entries()) await relay.api('/v1/webhooks', { name: `Bench ${index}`, url, event: benchEvent });
  const all = receivers.urls.map((_, index) => index);
  const warmup = await load.count(1000);
  await receivers.waitFor(warmup.acks.length, waitMs);
  for (let round = 0; round < rounds; round++) {
    for (const hang of hangs) {
      await receivers.reset();
      if (hang) await receivers.setMode(0, 'hang');
      const result = await load.paced(rate, rate * seconds);
      const measured = hangs.length > 1 ? all.filter((index) => index !== 0) : all;
      await receivers.waitFor(result.acks.length, hang ? 20_000 : waitMs, measured);
      const arrivals = await receivers.collect();
      if (hang) await receivers.setMode(0, 'ok');
      const fromAck = summarize(endToEnd(arrivals, new Map(result.acks.map((ack) => [ack.id, ack.ackAt])), measured, waitMs).latencies);
      const fromPost = summarize(endToEnd(arrivals, new Map(result.acks.map((ack) => [ack.id, ack.sentAt])), measured, waitMs).latencies);
      console.log(`${arg('root') ?? '.'} at ${rate} events/s × 10${hang ? ', receiver 0 hanging' : ''}: acknowledged → arrival p50 ${fromAck.p50} p99 ${fromAck.p99} ms; ` +
        `post → arrival p50 ${fromPost.p50} p99 ${fromPost.p99} ms; ${result.errors} errors`);
    }
  }
} finally {
  load.close();
  await relay.stop();
  await receivers.stop();
}
