/**
 * Scenario 6, host isolation: every Zap's hook is on hooks.zapier.com, so isolation must hold per webhook even when
 * every webhook is on one host:port. 20 healthy webhooks (answering 200 at once) and 20 hanging ones (they read the
 * request and never answer), all on one receivers server, told apart by path; a steady 100 events/s for a fixed
 * time. The healthy ones' end-to-end latency (acknowledged POST → arrival) is compared with the same 20 healthy
 * webhooks alone, in the same run, and /healthz is probed every 100 ms throughout, as a load balancer would.
 *
 * Three phases, each on a fresh relay (fresh SQLite store, no backlog or open connections carried over):
 *  1. the 20 healthy webhooks alone: the baseline the target is judged against;
 *  2. the same 20 plus 20 hanging webhooks on the same host:port: what is judged;
 *  3. all 40 answering (none hanging), for reference: twice the deliveries of phase 1, which on 2 shared cores is
 *     near the relay's fan-out capacity, so its latency is load, not isolation (see bench/README.md).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import type { BenchOptions } from '../benchOptions.ts';
import { clock } from '../childProcess.ts';
import { summarize, type LatencySummary } from '../latency.ts';
import { LoadGenerator } from '../loadGenerator.ts';
import { benchEvent } from '../payload.ts';
import { endToEnd, Receivers } from '../receiversProcess.ts';
import type { Figure } from '../report.ts';
import { startRelayUnderTest } from '../relayProcess.ts';

/** The relay's default RELAY_MAX_IN_FLIGHT_PER_WEBHOOK (not set here): what each hanging webhook may hold. */
const maxInFlightPerWebhook = 16;
/**
 * Longer than any phase's posting (and ≥ the default 15 s), so the hanging receivers hold their connections for the
 * whole phase instead of timing out half-way.
 */
const requestTimeout = '60s';
const probeTimeoutMs = 5000;

export interface HealthzMeasure {
  latency: LatencySummary;
  probes: number;
  /** Non-200 answers, errors and probes unanswered within 5 s (counted as 5 s in the latency). */
  failures: number;
  firstFailure: string | null;
}

export interface HostPhaseMeasure {
  name: string;
  webhooks: number;
  hanging: number;
  /** The healthy webhooks' end-to-end latency; an event not delivered within `waitedMs` counts as `waitedMs`. */
  healthy: LatencySummary;
  missing: number;
  duplicates: number;
  waitedMs: number;
  events: number;
  ingestEventsPerSecond: number;
  ingestErrors: number;
  firstIngestError: string | null;
  /** Requests that reached the hanging receivers (each still open) and connections open to the receivers server, when posting stopped. */
  hangingRequestsHeld: number;
  receiverConnections: number;
  healthz: HealthzMeasure;
  /** Relay CPU while posting, as a share of one core (100 % = one core busy). */
  relayCpuPercent: number;
  receiversCpuPercent: number;
  /**
   * While posting, as % of wall time: the relay's main thread (its event loop) running, and runnable but waiting for
   * a CPU taken by something else; and the machine's CPU pressure (some task waiting for a CPU; PSI "some").
   */
  relayMainThreadRunPercent: number;
  relayMainThreadWaitPercent: number;
  /** The same for the sender thread (the busiest other thread of the relay process). */
  relaySenderThreadRunPercent: number;
  relaySenderThreadWaitPercent: number;
  cpuPressurePercent: number | null;
  loadAverage: number[];
}

/** CPU run time and time spent runnable but waiting for a CPU (run-queue wait), in ms, from /proc (Linux; zeros elsewhere). */
export function schedOf(pid: number): { mainRunMs: number; mainWaitMs: number; allRunMs: number; allWaitMs: number; tasks: Map<string, { run: number; wait: number }> } {
  const read = (file: string) => {
    try {
      const [run, wait] = fs.readFileSync(file, 'utf8').split(' ').map(Number);
      return { run: run / 1e6, wait: wait / 1e6 };
    } catch {
      return { run: 0, wait: 0 };
    }
  };
  const main = read(`/proc/${pid}/schedstat`);
  let allRunMs = 0;
  let allWaitMs = 0;
  let tasks: string[] = [];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    // not Linux
  }
  const byTask = new Map<string, { run: number; wait: number }>();
  for (const task of tasks) {
    const t = read(`/proc/${pid}/task/${task}/schedstat`);
    byTask.set(task, t);
    allRunMs += t.run;
    allWaitMs += t.wait;
  }
  return { mainRunMs: main.run, mainWaitMs: main.wait, allRunMs, allWaitMs, tasks: byTask };
}

/**
 * The busiest thread other than the main one over a phase (the sender thread: Linux names Node's threads alike),
 * its run time and run-queue wait in ms.
 */
export function busiestOtherThread(pid: number, before: ReturnType<typeof schedOf>, after: ReturnType<typeof schedOf>): { runMs: number; waitMs: number } {
  let busiest = { runMs: 0, waitMs: 0 };
  for (const [task, t] of after.tasks) {
    if (task === String(pid)) continue;
    const b = before.tasks.get(task) ?? { run: 0, wait: 0 };
    if (t.run - b.run > busiest.runMs) busiest = { runMs: t.run - b.run, waitMs: t.wait - b.wait };
  }
  return busiest;
}

/** Machine-wide CPU pressure: µs during which at least one runnable task waited for a CPU (PSI "some"), or null. */
export function cpuPressureMicros(): number | null {
  try {
    return Number(/some .*total=(\d+)/.exec(fs.readFileSync('/proc/pressure/cpu', 'utf8'))?.[1] ?? NaN);
  } catch {
    return null;
  }
}

/** GET /healthz every `everyMs` on a fresh connection (as a load balancer's probe), each timed on its own. */
export function probeHealthz(baseUrl: string, everyMs: number) {
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | null = null;
  const inFlight = new Set<Promise<void>>();
  const fail = (why: string) => {
    failures++;
    firstFailure ??= why;
  };
  const probe = () => {
    const started = clock();
    const done = new Promise<void>((resolve) => {
      const request = http.get(`${baseUrl}/healthz`, { agent: false, timeout: probeTimeoutMs }, (response) => {
        response.resume();
        response.on('end', () => {
          latencies.push(clock() - started);
          if (response.statusCode !== 200) fail(`HTTP ${response.statusCode}`);
          resolve();
        });
      });
      request.on('timeout', () => request.destroy(new Error(`no answer within ${probeTimeoutMs} ms`)));
      request.on('error', (error) => {
        latencies.push(Math.max(clock() - started, probeTimeoutMs));
        fail(error.message);
        resolve();
      });
    });
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };
  probe();
  const timer = setInterval(probe, everyMs);
  return {
    async stop(): Promise<HealthzMeasure> {
      clearInterval(timer);
      await Promise.all(inFlight);
      return { latency: summarize(latencies), probes: latencies.length, failures, firstFailure };
    },
  };
}

interface Phase {
  name: string;
  /** Receiver indices subscribed (one webhook each) and those that hang. */
  subscribed: number[];
  hanging: number[];
}

async function runPhase(receivers: Receivers, healthy: number[], phase: Phase, options: BenchOptions): Promise<HostPhaseMeasure> {
  await receivers.reset();
  for (const index of phase.hanging) await receivers.setMode(index, 'hang');
  const relay = await startRelayUnderTest('sqlite', { RELAY_REQUEST_TIMEOUT: requestTimeout }, options.relayExecArgv);
  try {
    for (const index of phase.subscribed) {
      const kind = phase.hanging.includes(index) ? 'Hanging' : 'Healthy';
      await relay.api('/v1/webhooks', { name: `${kind} Zap ${index}`, url: receivers.urls[index], event: benchEvent });
    }
    const loadAverage = os.loadavg().map((load) => Math.round(load * 100) / 100);
    const healthz = probeHealthz(relay.url, options.healthzEveryMs);
    const cpuBefore = await relay.child.call<number>('cpuMicros');
    const receiversCpuBefore = await receivers.cpuMicros();
    const schedBefore = schedOf(relay.child.pid);
    const pressureBefore = cpuPressureMicros();
    const load = new LoadGenerator(relay.ingestUrl, options.connections);
    const events = Math.round((options.steadyRate * options.hostPhaseMs) / 1000);
    const result = await load.paced(options.steadyRate, events);
    load.close();
    const cpuAfter = await relay.child.call<number>('cpuMicros');
    const receiversCpuAfter = await receivers.cpuMicros();
    const schedAfter = schedOf(relay.child.pid);
    const pressureAfter = cpuPressureMicros();
    const counts = await receivers.counts();
    const connections = await receivers.connections();
    const waitedMs = options.drainWaitMs;
    await receivers.waitFor(result.acks.length, waitedMs, healthy);
    const healthzMeasure = await healthz.stop();
    const arrivals = await receivers.collect();
    const acks = new Map(result.acks.map((ack) => [ack.id, ack.ackAt]));
    const latency = endToEnd(arrivals, acks, healthy, waitedMs);
    return {
      name: phase.name,
      webhooks: phase.subscribed.length,
      hanging: phase.hanging.length,
      healthy: summarize(latency.latencies),
      missing: latency.missing,
      duplicates: arrivals.duplicates,
      waitedMs,
      events: result.acks.length,
      ingestEventsPerSecond: result.acks.length / result.seconds,
      ingestErrors: result.errors,
      firstIngestError: result.firstError,
      hangingRequestsHeld: phase.hanging.reduce((sum, index) => sum + counts[index], 0),
      receiverConnections: connections.reduce((sum, n) => sum + n, 0),
      healthz: healthzMeasure,
      relayCpuPercent: (100 * (cpuAfter - cpuBefore)) / (result.seconds * 1e6),
      receiversCpuPercent: (100 * (receiversCpuAfter - receiversCpuBefore)) / (result.seconds * 1e6),
      relayMainThreadRunPercent: (100 * (schedAfter.mainRunMs - schedBefore.mainRunMs)) / (result.seconds * 1000),
      relayMainThreadWaitPercent: (100 * (schedAfter.mainWaitMs - schedBefore.mainWaitMs)) / (result.seconds * 1000),
      relaySenderThreadRunPercent: (100 * busiestOtherThread(relay.child.pid, schedBefore, schedAfter).runMs) / (result.seconds * 1000),
      relaySenderThreadWaitPercent: (100 * busiestOtherThread(relay.child.pid, schedBefore, schedAfter).waitMs) / (result.seconds * 1000),
      cpuPressurePercent: pressureBefore === null || pressureAfter === null ? null : (100 * (pressureAfter - pressureBefore)) / (result.seconds * 1e6),
      loadAverage,
    };
  } finally {
    // SIGTERM (SIGKILL after 5 s): the relay's hanging requests die with it, so the next phase starts clean.
    await relay.stop();
    for (const index of phase.hanging) await receivers.setMode(index, 'ok');
  }
}

export async function hostIsolationScenario(options: BenchOptions): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const total = options.hostHealthy + options.hostHanging;
  const receivers = await Receivers.start(total, { shared: true });
  try {
    const healthy = Array.from({ length: options.hostHealthy }, (_, index) => index);
    const hanging = Array.from({ length: options.hostHanging }, (_, index) => options.hostHealthy + index);
    const everyone = [...healthy, ...hanging];
    const log = (measure: HostPhaseMeasure) => console.error(`  ${measure.name}: ${JSON.stringify(measure)}`);
    // The two judged phases back to back, so that load from outside drifting during the scenario hits them alike.
    const alone = await runPhase(receivers, healthy, { name: 'healthy alone', subscribed: healthy, hanging: [] }, options);
    log(alone);
    const withHanging = await runPhase(receivers, healthy, { name: 'with hanging', subscribed: everyone, hanging }, options);
    log(withHanging);
    const allAnswering = await runPhase(receivers, healthy, { name: 'all answering', subscribed: everyone, hanging: [] }, options);
    log(allAnswering);

    const scenario = `6 Host isolation (${options.hostHanging} hang + ${options.hostHealthy} healthy on one host:port, ${options.steadyRate} ev/s, ${options.hostPhaseMs / 1000} s)`;
    const undelivered = (m: HostPhaseMeasure) =>
      m.missing ? ` (${((100 * m.missing) / (m.healthy.count || 1)).toFixed(1)} % not delivered within ${m.waitedMs / 1000} s: lower bound)` : '';
    const healthzFailures = (m: HostPhaseMeasure) => (m.healthz.failures ? ` (${m.healthz.failures} of ${m.healthz.probes} probes failed: ${m.healthz.firstFailure})` : '');
    const aloneName = `${options.hostHealthy} healthy alone`;
    const figures: Figure[] = [
      {
        scenario, measure: `healthy ${options.hostHealthy} p99 with ${options.hostHanging} hanging${undelivered(withHanging)}`, unit: 'ms',
        value: withHanging.healthy.p99, baseline: { name: aloneName, value: alone.healthy.p99 },
        target: { text: '< 1.2×', met: withHanging.missing === 0 && withHanging.healthy.p99 < 1.2 * alone.healthy.p99 },
      },
      { scenario, measure: `healthy ${options.hostHealthy} p50 with ${options.hostHanging} hanging`, unit: 'ms', value: withHanging.healthy.p50, baseline: { name: aloneName, value: alone.healthy.p50 } },
      {
        scenario, measure: `healthy ${options.hostHealthy} p99 with ${options.hostHanging} hanging, vs all ${total} answering${undelivered(allAnswering)}`, unit: 'ms',
        value: withHanging.healthy.p99, baseline: { name: `all ${total} answering`, value: allAnswering.healthy.p99 },
      },
      {
        scenario, measure: `/healthz p99 while ${options.hostHanging} hang (every ${options.healthzEveryMs} ms, ${withHanging.healthz.probes} probes)${healthzFailures(withHanging)}`, unit: 'ms',
        value: withHanging.healthz.latency.p99, baseline: { name: aloneName, value: alone.healthz.latency.p99 },
        target: { text: '< 50 ms', met: withHanging.healthz.failures === 0 && withHanging.healthz.latency.p99 < 50 },
      },
      {
        scenario, measure: 'requests held open by the hanging receivers when posting stopped', unit: 'requests', value: withHanging.hangingRequestsHeld,
        baseline: { name: `${options.hostHanging} × ${maxInFlightPerWebhook} per webhook`, value: options.hostHanging * maxInFlightPerWebhook },
      },
      {
        scenario, measure: 'relay event loop runnable but waiting for a CPU, while posting with hanging', unit: '% of the time',
        value: withHanging.relayMainThreadWaitPercent, baseline: { name: aloneName, value: alone.relayMainThreadWaitPercent },
      },
      { scenario, measure: 'relay CPU while posting, with hanging', unit: '% of a core', value: withHanging.relayCpuPercent, baseline: { name: aloneName, value: alone.relayCpuPercent } },
    ];
    return { figures, details: { alone, withHanging, allAnswering, requestTimeout } };
  } finally {
    await receivers.stop();
  }
}
