/**
 * Counters kept out of the hot transactions. Per-type event counts and per-webhook health totals are single
 * rows every ingest batch (or every attempt batch) would otherwise update: on PostgreSQL concurrent batches, in
 * this process and in others, would queue on those row locks until each other's COMMIT; on SQLite every event
 * paid a statement for them. Instead, committed batches add to an in-memory tally that is written right after
 * (or `minIntervalMs` after the last write) in its own short statement, one write in flight per kind, merging
 * whatever arrived meanwhile. Reads in this process wait for it (read-your-writes); other processes see it that
 * much later. A process killed in that window loses those counter increments only, never an event, a delivery
 * or an attempt.
 *
 * `minIntervalMs` spaces the writes: at a steady rate every ingest batch is one or two events, and a write after
 * each would be a second commit (a second WAL flush on the server) per batch, which the next batch's commit
 * queues behind. Spaced, what arrives meanwhile is merged into one write; a read in this process still sees it
 * at once (flush() writes without waiting for the interval).
 */
export class DeferredTally<V> {
  private pending = new Map<string, V>();
  private writing: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  /** Ends the wait for the interval (flush). */
  private wake: (() => void) | null = null;
  /** Readers waiting: no interval is kept until they have what they wait for. */
  private flushing = 0;

  private readonly merge: (earlier: V, later: V) => V;
  private readonly write: (entries: Map<string, V>) => Promise<void>;
  private readonly onError: (error: unknown) => void;

  private readonly minIntervalMs: number;

  constructor(
    merge: (earlier: V, later: V) => V,
    write: (entries: Map<string, V>) => Promise<void>,
    onError: (error: unknown) => void,
    options: { minIntervalMs?: number } = {},
  ) {
    this.merge = merge;
    this.write = write;
    this.onError = onError;
    this.minIntervalMs = options.minIntervalMs ?? 0;
  }

  add(key: string, value: V): void {
    const earlier = this.pending.get(key);
    this.pending.set(key, earlier === undefined ? value : this.merge(earlier, value));
    this.start();
  }

  /** Resolves when what was added so far is written, or its write failed (it is retried in the background). */
  async flush(): Promise<void> {
    this.flushing++;
    try {
      this.wake?.();
      while (this.writing) await this.writing;
    } finally {
      this.flushing--;
    }
  }

  /** Stops retrying (the store is closing); call after flush(). */
  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  private start(): void {
    if (!this.stopped) this.writing ??= this.writeAll();
  }

  private async writeAll(): Promise<void> {
    for (;;) {
      await this.interval();
      if (this.pending.size === 0) break;
      const entries = this.pending;
      this.pending = new Map();
      this.lastWriteAt = Date.now();
      try {
        await this.write(entries);
      } catch (error) {
        // Keep them, in order before anything added since; readers do not wait for the retry.
        for (const [key, later] of this.pending) entries.set(key, entries.has(key) ? this.merge(entries.get(key)!, later) : later);
        this.pending = entries;
        this.onError(error);
        this.retryTimer ??= setTimeout(() => {
          this.retryTimer = null;
          this.start();
        }, 1000);
        break;
      }
    }
    this.writing = null;
  }

  /** Lets the other batches finishing in this turn (or, spaced, in the interval) add theirs first. */
  private interval(): Promise<void> {
    const wait = this.lastWriteAt + this.minIntervalMs - Date.now();
    return new Promise<void>((resolve) => {
      if (wait <= 0 || this.flushing > 0) return void setImmediate(resolve);
      const timer = setTimeout(() => this.wake?.(), wait);
      this.wake = () => {
        this.wake = null;
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
