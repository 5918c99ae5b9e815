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

  constructor(
    private readonly merge: (earlier: V, later: V) => V,
    private readonly write: (entries: Map<string, V>) => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  add(key: string, value: V): void {
    const earlier = this.pending.get(key);
    this.pending.set(key, earlier === undefined ? value : this.merge(earlier, value));
    this.writing ??= this.writeAll();
  }

  /** Resolves when everything added so far is written. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
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
        // Keep them, in order before anything added since, and try again shortly.
        for (const [key, later] of this.pending) entries.set(key, entries.has(key) ? this.merge(entries.get(key)!, later) : later);
        this.pending = entries;
        this.onError(error);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    this.writing = null;
  }
}
