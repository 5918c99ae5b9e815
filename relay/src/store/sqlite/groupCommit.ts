/**
 * Group commit for the embedded store: writes that arrive in the same event-loop turn share one transaction,
 * and each caller's promise settles only after that transaction is on disk. One failing write does not undo
 * the others: the batch first runs as one plain transaction; if a write throws, that transaction is rolled back
 * and the batch runs again with each write in its own savepoint (so only the failing write is undone). A write
 * may therefore run twice, the first run rolled back: it must change nothing but the database.
 *
 * Why not a savepoint per write every time: inside a transaction, a page changed again after a savepoint is
 * first copied whole to the savepoint's sub-journal. Under fan-out load consecutive writes change the same pages
 * (the attempts table and its indexes, the deliveries indexes, the webhook row), so a completion paid about a
 * third of its store CPU for those copies (bench/results-history/2026-11-30.md). Writes rarely fail; when one
 * does, its batch pays for running twice.
 *
 * Durability without blocking: SQLite runs with synchronous=NORMAL (a WAL commit writes its frames but does not
 * fsync), and the group commit fsyncs the WAL file itself on libuv's thread pool, settling the batch only when
 * that fsync completes. Same guarantee as synchronous=FULL (nothing is acknowledged before it is on disk), but
 * the event loop keeps serving requests and sending deliveries while the disk syncs, instead of stalling for
 * every commit. Checkpoints stay SQLite's: with NORMAL it syncs the WAL before and the database after each one.
 *
 * While an fsync runs, new writes wait for it to end before they commit: they could not be acknowledged before
 * the next fsync anyway, which starts only after this one, so their latency hardly changes, but under load they
 * commit as one batch per fsync instead of one per event-loop turn (each commit writes its pages to the WAL, and
 * the next fsync flushes them all): fewer, larger commits, less CPU per event (bench/results-history/2026-11-30.md).
 */
import fs from 'node:fs';
import type Database from 'better-sqlite3';

interface PendingWrite {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  durable: boolean;
}

export interface WriteOptions {
  /**
   * false: settled once committed (visible to every connection), without waiting for an fsync, and not held
   * behind the fsync in flight. For writes that a crash may lose at no cost, e.g. a claim's lease: lost, the
   * delivery is simply claimed and sent again after the restart, which at-least-once allows anyway, and a claim
   * that waited for the disk delayed every delivery by an fsync. Default true.
   */
  durable?: boolean;
}

interface WriteResult {
  ok: boolean;
  value: unknown;
}

/** A write threw in a batch run without savepoints: the transaction is rolled back and the batch run again. */
class WriteFailed extends Error {
  constructor(cause: unknown) {
    super('a write in the batch failed', { cause });
  }
}

export class GroupCommit {
  private queue: PendingWrite[] = [];
  private scheduled = false;

  // One savepoint per write, from statements prepared once (db.transaction(fn) per write built a new wrapper each time).
  private readonly savepoint: Database.Statement;
  private readonly release: Database.Statement;
  private readonly rollbackTo: Database.Statement;

  private walFd: number | null = null;
  private syncInFlight = false;
  /** Batches committed and waiting for an fsync that starts after their commit. */
  private awaitingSync: ((syncError: unknown) => void)[] = [];
  private idleWaiters: (() => void)[] = [];
  /** Told the size of each committed batch (metrics). */
  onCommit: ((size: number) => void) | null = null;
  /** Runs first in each batch's transaction, the write lock held (the store checks for other connections' commits). */
  onBegin: (() => void) | null = null;
  /** Told when a batch, or a write in it, was rolled back: what was read meanwhile may not hold. */
  onRollback: (() => void) | null = null;

  private readonly db: Database.Database;
  private readonly walFile: string | null;

  /** `walFile`: the WAL to fsync after each commit; null for a store that is not on disk (:memory:). */
  constructor(db: Database.Database, walFile: string | null = null) {
    this.db = db;
    this.walFile = walFile;
    this.savepoint = db.prepare('SAVEPOINT group_write');
    this.release = db.prepare('RELEASE group_write');
    this.rollbackTo = db.prepare('ROLLBACK TO group_write');
  }

  write<T>(run: () => T, options: WriteOptions = {}): Promise<T> {
    const durable = options.durable ?? true;
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, resolve: resolve as (value: unknown) => void, reject, durable });
      if (!this.syncInFlight || !durable) this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    let results: WriteResult[];
    try {
      try {
        results = this.runBatch(batch, false);
      } catch (error) {
        if (!(error instanceof WriteFailed)) throw error;
        this.onRollback?.();
        // A write threw and the whole transaction was rolled back: again, each write on its own. (Alone in its
        // batch, it simply failed.)
        results = batch.length === 1 ? [{ ok: false, value: error.cause }] : this.runBatch(batch, true);
      }
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing in the batch is durable.
      this.onRollback?.();
      for (const write of batch) write.reject(error);
      return this.wakeIdleWaiters();
    }
    this.onCommit?.(batch.length);
    const settle = (writes: number[], syncError: unknown) => {
      for (const index of writes) {
        const write = batch[index];
        if (syncError) write.reject(syncError);
        else if (results[index].ok) write.resolve(results[index].value);
        else write.reject(results[index].value);
      }
    };
    const durable: number[] = [];
    const committed: number[] = [];
    batch.forEach((write, index) => (write.durable && this.walFile !== null ? durable : committed).push(index));
    settle(committed, null);
    if (durable.length === 0) return this.wakeIdleWaiters();
    this.awaitingSync.push((syncError) => settle(durable, syncError));
    this.syncWhenFree();
  }

  /**
   * Runs the batch in one transaction and commits it. Not `isolated`: a write that throws aborts the transaction
   * (WriteFailed). `isolated`: each write in a savepoint, a failing one undone alone and reported in its result.
   */
  private runBatch(batch: PendingWrite[], isolated: boolean): WriteResult[] {
    // IMMEDIATE: the write lock from the start, so no other connection commits between onBegin and the writes.
    return this.db.transaction(() => {
      this.onBegin?.();
      const results: WriteResult[] = [];
      for (const write of batch) {
        if (!isolated) {
          try {
            results.push({ ok: true, value: write.run() });
          } catch (error) {
            throw new WriteFailed(error);
          }
          continue;
        }
        this.savepoint.run();
        try {
          results.push({ ok: true, value: write.run() });
          this.release.run();
        } catch (error) {
          // Undo this write only; the savepoint stays until released.
          this.rollbackTo.run();
          this.release.run();
          this.onRollback?.();
          results.push({ ok: false, value: error });
        }
      }
      return results;
    }).immediate();
  }

  /**
   * One fsync at a time: batches committed while one is running wait for the next, which then covers them all.
   * Under load this turns one fsync per batch into one per disk round trip.
   */
  private syncWhenFree(): void {
    if (this.syncInFlight || this.awaitingSync.length === 0) return;
    const settles = this.awaitingSync.splice(0);
    const done = (error: unknown) => {
      this.syncInFlight = false;
      if (this.queue.length) this.scheduleFlush();
      for (const settle of settles) settle(error);
      if (this.awaitingSync.length) this.syncWhenFree();
      else this.wakeIdleWaiters();
    };
    try {
      // The WAL exists once something was written; the descriptor stays open (the file is reused, not replaced).
      this.walFd ??= fs.openSync(this.walFile!, 'r');
    } catch (error) {
      return done(error);
    }
    this.syncInFlight = true;
    fs.fsync(this.walFd, done);
  }

  private wakeIdleWaiters(): void {
    if (this.syncInFlight || this.awaitingSync.length || this.scheduled) return;
    for (const waiter of this.idleWaiters.splice(0)) waiter();
  }

  /** Waits for the batch scheduled in this turn and every fsync in flight; then the database may be closed. */
  async close(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.syncInFlight || this.awaitingSync.length) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    if (this.walFd !== null) fs.closeSync(this.walFd);
    this.walFd = null;
  }
}
