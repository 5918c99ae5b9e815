/**
 * Counters kept out of the hot transactions. Per-type event counts and per-webhook health totals are single
 * rows every ingest batch (or every attempt batch) would otherwise update, so concurrent batches, in this
 * process and in others, would queue on those row locks until each other's COMMIT. Instead, committed batches
 * add to an in-memory tally that is written right after in its own short statement, one write in flight per
 * kind, merging whatever arrived meanwhile. Reads in this process wait for it (read-your-writes); other
 * processes see it milliseconds later. A process killed in that window loses those counter increments only,
 * never an event, a delivery or an attempt.
 */
export class DeferredTally<V> {
  private pending = new Map<string, V>();
  private writing: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  private readonly merge: (earlier: V, later: V) => V;
  private readonly write: (entries: Map<string, V>) => Promise<void>;
  private readonly onError: (error: unknown) => void;

  constructor(
    merge: (earlier: V, later: V) => V,
    write: (entries: Map<string, V>) => Promise<void>,
    onError: (error: unknown) => void,
  ) {
    this.merge = merge;
    this.write = write;
    this.onError = onError;
  }

  add(key: string, value: V): void {
    const earlier = this.pending.get(key);
    this.pending.set(key, earlier === undefined ? value : this.merge(earlier, value));
    this.start();
  }

  /** Resolves when what was added so far is written, or its write failed (it is retried in the background). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
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
    // Let the other batches finishing in this turn add theirs first.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.size > 0) {
      const entries = this.pending;
      this.pending = new Map();
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
}
