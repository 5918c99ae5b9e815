/** How long each scenario runs: the full bench (under 10 minutes) or --quick (a smoke test, under 90 s). */
export interface BenchOptions {
  quick: boolean;
  /** Ingest: warm-up and measured seconds per target. */
  ingestWarmupMs: number;
  ingestMs: number;
  /** Ingest latency is also taken at this steady rate, for half of ingestMs. */
  ingestSteadyRate: number;
  connections: number;
  /** Fan-out: events posted as fast as possible, and the paced run's rate and length. */
  fanoutEvents: number;
  /** Posted and delivered before the throughput phase measures (JIT, caches, connections warm, as in a running relay). */
  fanoutWarmupEvents: number;
  subscribers: number;
  /**
   * Paced runs: a fraction of the relay's own maximum deliveries/s measured in the same run (half: the latency
   * target's load), for `pacedSeconds`; and a steady rate well under capacity (also used for isolation).
   */
  pacedFraction: number;
  pacedSeconds: number;
  steadyRate: number;
  steadyEvents: number;
  /** Longest wait for deliveries after posting stopped, and in the isolation run (where some never come). */
  drainWaitMs: number;
  hangWaitMs: number;
  /** Host isolation: healthy and hanging webhooks on one host:port, posting time per phase at steadyRate, /healthz probe interval. */
  hostHealthy: number;
  hostHanging: number;
  hostPhaseMs: number;
  healthzEveryMs: number;
  /** Recovery: how long receivers are down, and the event rate meanwhile. */
  outageMs: number;
  outageRate: number;
  /** Zapier intake: the burst to one Zap, and how long the others' stream runs without it. */
  zapierBurst: number;
  zapierBaselineMs: number;
  /** Footprint. */
  subscriptions: number;
  attempts: number;
  /** Extra node flags for the relay process (e.g. --cpu-prof). */
  relayExecArgv: string[];
}

/** The value of `--name=value` on the command line of a bench tool, if given. */
export function commandLineOption(name: string): string | undefined {
  return process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}

export function benchOptions(argv: string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const cpuProf = argv.includes('--cpu-prof');
  return {
    quick,
    ingestWarmupMs: quick ? 500 : 2000,
    ingestMs: quick ? 2000 : 10_000,
    ingestSteadyRate: 500,
    connections: 50,
    fanoutEvents: quick ? 300 : 10_000,
    fanoutWarmupEvents: quick ? 200 : 1000,
    subscribers: 10,
    pacedFraction: 0.5,
    pacedSeconds: quick ? 2 : 5,
    steadyRate: 100,
    steadyEvents: quick ? 200 : 1000,
    drainWaitMs: quick ? 15_000 : 90_000,
    hangWaitMs: quick ? 5000 : 20_000,
    hostHealthy: 20,
    hostHanging: 20,
    hostPhaseMs: quick ? 8000 : 25_000,
    healthzEveryMs: 100,
    outageMs: quick ? 3000 : 30_000,
    outageRate: 50,
    zapierBurst: quick ? 300 : 3000,
    zapierBaselineMs: quick ? 5000 : 30_000,
    subscriptions: quick ? 500 : 10_000,
    attempts: quick ? 20_000 : 1_000_000,
    relayExecArgv: cpuProf ? ['--cpu-prof', '--cpu-prof-dir=bench/results/profiles'] : [],
  };
}
