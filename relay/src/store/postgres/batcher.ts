/**
 * Group commit for the PostgreSQL store: calls that arrive while the previous batches are running (or in the
 * same event-loop turn) are handed to `flush` together, so many ingests share one transaction and one round
 * trip per statement. Each caller's promise settles only after its batch committed. When a batch fails, its
 * items are retried one by one, so one bad item cannot fail the others.
 */
export interface BatcherOptions<I, O> {
  flush(items: I[]): Promise<O[]>;
  /** Batches running at once (each holds a pooled connection). */
  maxConcurrent: number;
  maxBatchSize: number;
}

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

export class Batcher<I, O> {
  private queue: Pending<I, O>[] = [];
  private running = 0;
  private scheduled = false;
  /** Told the size of each batch handed to flush (metrics). */
  onBatch: ((size: number) => void) | null = null;

  private readonly options: BatcherOptions<I, O>;

  constructor(options: BatcherOptions<I, O>) {
    this.options = options;
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once nothing is queued or running. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.running > 0 || this.scheduled) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.options.maxConcurrent) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.startBatches();
    });
  }

  private startBatches(): void {
    while (this.queue.length > 0 && this.running < this.options.maxConcurrent) {
      const batch = this.queue.splice(0, this.options.maxBatchSize);
      this.onBatch?.(batch.length);
      this.running++;
      void this.run(batch).finally(() => {
        this.running--;
        if (this.queue.length > 0) this.schedule();
      });
    }
  }

  private async run(batch: Pending<I, O>[]): Promise<void> {
    try {
      const results = await this.options.flush(batch.map((pending) => pending.item));
      batch.forEach((pending, index) => pending.resolve(results[index]));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      for (const pending of batch) {
        await this.options.flush([pending.item]).then(([result]) => pending.resolve(result), pending.reject);
      }
    }
  }
}
