/**
 * Retention: a worker process deletes events older than RELAY_RETENTION once nothing is pending for them, with
 * their delivery log, and gap repair's ledger entries as old, in small batches so ingest never waits long on the store; and, whatever the retention, the
 * records of signed-out web sessions whose cookies have expired anyway.
 */
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';

const batchSize = 1000;

export class RetentionSweeper {
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  private readonly options: { store: Store; retentionMs: number; log: Logger; now?: () => number };

  constructor(options: { store: Store; retentionMs: number; log: Logger; now?: () => number }) {
    this.options = options;
  }

  /** Sweeps at a tenth of the retention period, at most hourly (hourly with retention 0: events are kept, but not stale sessions). */
  start(): void {
    if (this.timer) return;
    const every = this.options.retentionMs > 0 ? Math.min(3_600_000, Math.max(100, Math.floor(this.options.retentionMs / 10))) : 3_600_000;
    this.timer = setInterval(() => void this.sweep(), every);
    this.timer.unref();
  }

  sweep(): Promise<void> {
    return (this.sweeping ??= this.run().finally(() => (this.sweeping = null)));
  }

  private async run(): Promise<void> {
    const now = (this.options.now ?? Date.now)();
    const cutoff = now - this.options.retentionMs;
    let removed = 0;
    try {
      const sessions = await this.options.store.pruneRevokedSessions(Math.floor(now / 1000));
      if (sessions) this.options.log.info('retention: expired signed-out sessions forgotten', { sessions });
      for (let pruned = batchSize; pruned === batchSize && this.timer && this.options.retentionMs > 0; ) {
        pruned = await this.options.store.pruneBefore(cutoff, batchSize);
        removed += pruned;
      }
      if (removed) this.options.log.info('retention: old events removed', { events: removed, before: new Date(cutoff).toISOString() });
      let entries = 0;
      for (let pruned = batchSize; pruned === batchSize && this.timer && this.options.retentionMs > 0; ) {
        pruned = await this.options.store.gapRepair.pruneBefore(cutoff, batchSize);
        entries += pruned;
      }
      if (entries) this.options.log.info("retention: old entries of gap repair's ledger removed", { entries, before: new Date(cutoff).toISOString() });
    } catch (error) {
      this.options.log.warn('retention sweep failed; will try again', { error: (error as Error).message });
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping;
  }
}
