/**
 * Group commit for the embedded store: writes that arrive in the same event-loop turn share one transaction,
 * and each caller's promise settles only after that transaction is on disk. Each write runs in its own
 * savepoint, so one failing write does not undo the others.
 *
 * Durability without blocking: SQLite runs with synchronous=NORMAL (a WAL commit writes its frames but does not
 * fsync), and the group commit fsyncs the WAL file itself on libuv's thread pool, settling the batch only when
 * that fsync completes. Same guarantee as synchronous=FULL (nothing is acknowledged before it is on disk), but
 * the event loop keeps serving requests and sending deliveries while the disk syncs, instead of stalling for
 * every commit. Checkpoints stay SQLite's: with NORMAL it syncs the WAL before and the database after each one.
 */
import fs from 'node:fs';
import type Database from 'better-sqlite3';

interface PendingWrite {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
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

  write<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    const results: { ok: boolean; value: unknown }[] = [];
    try {
      this.db.transaction(() => {
        for (const write of batch) {
          this.savepoint.run();
          try {
            results.push({ ok: true, value: write.run() });
            this.release.run();
          } catch (error) {
            // Undo this write only; the savepoint stays until released.
            this.rollbackTo.run();
            this.release.run();
            results.push({ ok: false, value: error });
          }
        }
      })();
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing in the batch is durable.
      for (const write of batch) write.reject(error);
      return;
    }
    this.onCommit?.(batch.length);
    const settle = (syncError: unknown) =>
      batch.forEach((write, index) => {
        if (syncError) write.reject(syncError);
        else if (results[index].ok) write.resolve(results[index].value);
        else write.reject(results[index].value);
      });
    if (this.walFile === null) return settle(null);
    this.awaitingSync.push(settle);
    this.syncWhenFree();
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
      for (const settle of settles) settle(error);
      if (this.awaitingSync.length) this.syncWhenFree();
      else for (const waiter of this.idleWaiters.splice(0)) waiter();
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

  /** Waits for the batch scheduled in this turn and every fsync in flight; then the database may be closed. */
  async close(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.syncInFlight || this.awaitingSync.length) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    if (this.walFd !== null) fs.closeSync(this.walFd);
    this.walFd = null;
  }
}
