/**
 * What /healthz reports: can this process do its job? The store must take a write, the delivery worker's loop
 * must be turning, the sender thread must be up. After the store refused an event (a nearly full disk refuses a
 * large event while a small write still fits), the write probe is as large as that event until the store takes
 * it: /healthz does not say 200 while ingest says 503. The oldest due delivery's age is reported, not judged:
 * a backlog is load, not a fault (alert on it from /healthz or the metrics).
 */
import type { Store } from '../store/store.ts';

export interface HealthSources {
  store: Pick<Store, 'putSetting'> & { queue: Pick<Store['queue'], 'nextDueAt'> };
  /** Absent in an api-only process. */
  worker?: { lastTurnAt: number; pollIntervalMs: number } | null;
  /** Absent when deliveries are sent on the main thread. */
  senderThread?: { alive: boolean; restarts: number } | null;
  now: () => number;
}

export interface HealthCheck {
  ok: boolean;
  [detail: string]: unknown;
}

export interface HealthReport {
  ok: boolean;
  checks: Record<string, HealthCheck>;
}

/** A loop that has not turned for this long (and at least this many poll intervals) is stuck. */
const stuckAfterMs = 30_000;
/** One write probe at a time, reused by requests for this long: a health-check flood is not a write flood. */
const probeReuseMs = 1000;

/** The probe's usual size: about an ordinary event. */
const probeBytes = 4096;

export class RelayHealth {
  private probe: { at: number; result: Promise<HealthCheck> } | null = null;
  /** Bytes of the largest event the store refused since it last took one. */
  private refusedBytes = 0;

  private readonly sources: HealthSources;

  constructor(sources: HealthSources) {
    this.sources = sources;
  }

  async report(): Promise<HealthReport> {
    const checks: Record<string, HealthCheck> = { store: await this.storeCheck() };
    const { worker, senderThread, now } = this.sources;
    if (worker) {
      const idleMs = now() - worker.lastTurnAt;
      checks.worker = { ok: idleMs < Math.max(stuckAfterMs, worker.pollIntervalMs * 10), last_turn_ms_ago: idleMs };
    }
    if (senderThread) checks.sender_thread = { ok: senderThread.alive, restarts: senderThread.restarts };
    if (checks.store.ok) {
      const due = await this.sources.store.queue.nextDueAt().catch(() => null);
      checks.deliveries = { ok: true, oldest_due_age_ms: due !== null && due <= now() ? now() - due : 0 };
    }
    return { ok: Object.values(checks).every((check) => check.ok), checks };
  }

  /** The store could not take an event of this size (unavailable, not a bad request). */
  writeRefused(bytes: number): void {
    this.refusedBytes = Math.max(this.refusedBytes, bytes);
    this.probe = null;
  }

  /** The store took an event of this size: a refusal of one no larger is over. */
  writeAccepted(bytes: number): void {
    if (bytes >= this.refusedBytes) this.refusedBytes = 0;
  }

  private storeCheck(): Promise<HealthCheck> {
    const now = this.sources.now();
    if (this.probe && now - this.probe.at < probeReuseMs) return this.probe.result;
    const bytes = Math.max(probeBytes, this.refusedBytes);
    const result = this.sources.store.putSetting('health_probe', String(now).padEnd(bytes, '.')).then(
      (): HealthCheck => {
        this.writeAccepted(bytes);
        return { ok: true, writable: true };
      },
      (error: Error): HealthCheck => ({ ok: false, writable: false, error: error.message }),
    );
    this.probe = { at: now, result };
    return result;
  }
}
