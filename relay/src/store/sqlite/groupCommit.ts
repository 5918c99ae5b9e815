/**
 * Group commit for the embedded store: writes that arrive in the same event-loop turn share one transaction
 * (one WAL fsync), and each caller's promise settles only after that commit. Each write runs in its own
 * savepoint, so one failing write does not undo the others.
 */
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

  constructor(private readonly db: Database.Database) {
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
    batch.forEach((write, index) => (results[index].ok ? write.resolve(results[index].value) : write.reject(results[index].value)));
  }
}
