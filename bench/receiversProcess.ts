/** The parent's handle on the receivers process (processes/receivers.ts) and the latencies it measures. */
import { startChild, type BenchChild } from './childProcess.ts';

export interface Arrivals {
  /** Per receiver: event id → first arrival time. */
  byReceiver: Map<string, number>[];
  duplicates: number;
}

export class Receivers {
  private readonly child: BenchChild<{ pid: number }>;
  readonly urls: string[];

  private constructor(child: BenchChild<{ pid: number }>, urls: string[]) {
    this.child = child;
    this.urls = urls;
  }

  /** `count` receivers, each on its own port; with `shared`, all on one host:port, told apart by path. */
  static async start(count: number, options: { shared?: boolean } = {}): Promise<Receivers> {
    const child = await startChild<{ pid: number }>('processes/receivers.ts');
    return new Receivers(child, await child.call<string[]>('start', count, options));
  }

  reset = () => this.child.call('reset');
  setMode = (index: number, mode: 'ok' | 'hang' | 'zapier') => this.child.call('setMode', index, mode);
  /** Per receiver, the requests answered 429 (zapier mode). */
  rejected = () => this.child.call<number[]>('rejected');
  down = () => this.child.call('down');
  up = () => this.child.call('up');
  counts = () => this.child.call<number[]>('counts');
  /** CPU time the receivers process used so far, in µs. */
  cpuMicros = () => this.child.call<number>('cpuMicros');
  /** Open connections, per listening server. */
  connections = () => this.child.call<number[]>('connections');
  waitFor = (expected: number, timeoutMs: number, indices?: number[]) =>
    this.child.call<{ complete: boolean; counts: number[] }>('waitFor', expected, timeoutMs, indices);

  async collect(): Promise<Arrivals> {
    const raw = await this.child.call<{ arrivals: [string, number][]; duplicates: number }[]>('collect');
    return { byReceiver: raw.map((receiver) => new Map(receiver.arrivals)), duplicates: raw.reduce((sum, receiver) => sum + receiver.duplicates, 0) };
  }

  async stop(): Promise<void> {
    await this.child.call('close').catch(() => undefined);
    await this.child.stop();
  }
}

/**
 * End-to-end latencies (arrival − acknowledged) for the receivers in `indices`. An acknowledged event that never
 * arrived counts as `missingAs` ms (the wait window), so percentiles stay honest lower bounds.
 */
export function endToEnd(arrivals: Arrivals, acks: Map<string, number>, indices: number[], missingAs: number) {
  const latencies: number[] = [];
  let missing = 0;
  for (const index of indices) {
    const received = arrivals.byReceiver[index];
    for (const [id, ackAt] of acks) {
      const at = received.get(id);
      if (at === undefined) {
        missing++;
        latencies.push(missingAs);
      } else latencies.push(Math.max(0, at - ackAt));
    }
  }
  return { latencies, missing };
}

/** Deliveries per second: distinct arrivals over the time from the first send to the last arrival. */
export function deliveriesPerSecond(arrivals: Arrivals, startedAt: number): { deliveries: number; seconds: number; perSecond: number } {
  let deliveries = 0;
  let last = startedAt;
  for (const receiver of arrivals.byReceiver) {
    deliveries += receiver.size;
    for (const at of receiver.values()) if (at > last) last = at;
  }
  const seconds = (last - startedAt) / 1000;
  return { deliveries, seconds, perSecond: deliveries / seconds };
}
