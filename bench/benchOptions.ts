/** How long each scenario runs: the full bench (under 10 minutes) or --quick (a smoke test, under 90 s). */
export interface BenchOptions {
  quick: boolean;
  /** Ingest: warm-up and measured seconds per target. */
  ingestWarmupMs: number;
  ingestMs: number;
  connections: number;
  /** Fan-out: events posted as fast as possible, and the paced run's rate and length. */
  fanoutEvents: number;
  subscribers: number;
  /** Paced runs: the target's rate (1,000 ev/s), and a steady rate well under capacity (also used for isolation). */
  pacedRate: number;
  pacedEvents: number;
  steadyRate: number;
  steadyEvents: number;
  /** Longest wait for deliveries after posting stopped. */
  drainWaitMs: number;
  /** Recovery: how long receivers are down, and the event rate meanwhile. */
  outageMs: number;
  outageRate: number;
  /** Footprint. */
  subscriptions: number;
  attempts: number;
  /** Extra node flags for the relay process (e.g. --cpu-prof). */
  relayExecArgv: string[];
}

export function benchOptions(argv: string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const cpuProf = argv.includes('--cpu-prof');
  return {
    quick,
    ingestWarmupMs: quick ? 1000 : 2000,
    ingestMs: quick ? 3000 : 10_000,
    connections: 50,
    fanoutEvents: quick ? 500 : 10_000,
    subscribers: 10,
    pacedRate: 1000,
    pacedEvents: quick ? 1000 : 5000,
    steadyRate: 100,
    steadyEvents: quick ? 300 : 1000,
    drainWaitMs: quick ? 15_000 : 90_000,
    outageMs: quick ? 5000 : 30_000,
    outageRate: 50,
    subscriptions: quick ? 1000 : 10_000,
    attempts: quick ? 50_000 : 1_000_000,
    relayExecArgv: cpuProf ? ['--cpu-prof', '--cpu-prof-dir=bench/results/profiles'] : [],
  };
}
