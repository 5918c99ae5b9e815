/**
 * WAL checkpoints off the event loop. SQLite's own checkpoint runs inside the commit that crosses 1,000 WAL
 * pages, on the committing connection: it copies those pages into the database file and fsyncs the WAL and the
 * database, all on the event loop (10–90 ms each on a loaded 2-core machine, several times a second under
 * ingest load; bench/results-history/2026-12-06.md), and every request waits. Here a thread with its own
 * connection runs the same PASSIVE checkpoint (SQLite's protocol, SQLite's syncs, never blocking a writer) a few
 * times a second while there are new commits, and the main connection's own checkpoint only bounds the WAL
 * should the thread fall behind or die.
 *
 * The thread starts once the store has committed `startAfterWrites` writes and ends after `idleMs` without one:
 * an idle relay does not hold it.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { CheckpointerThreadData } from './walCheckpointerThread.ts';

/** SQLite's default threshold, used until the thread runs and again if it dies. */
const ownCheckpointPages = 1000;
/** With the thread running: only a bound on the WAL, should the thread not keep up. */
const fallbackCheckpointPages = 10_000;

export interface WalCheckpointerOptions {
  file: string;
  startAfterWrites?: number;
  intervalMs?: number;
  idleMs?: number;
}

export class WalCheckpointer {
  /** Writes committed since the thread's last checkpoint; the thread zeroes it. */
  private readonly pending = new Int32Array(new SharedArrayBuffer(4));
  private worker: Worker | null = null;
  private written = 0;
  private closed = false;
  private readonly db: Database.Database;
  private readonly options: Required<WalCheckpointerOptions>;

  constructor(db: Database.Database, options: WalCheckpointerOptions) {
    this.db = db;
    this.options = { startAfterWrites: 1000, intervalMs: 250, idleMs: 30_000, ...options };
  }

  /** Called after each commit (cheap: one atomic add). */
  committed(writes: number): void {
    Atomics.add(this.pending, 0, writes);
    if (this.worker || this.closed) return;
    this.written += writes;
    if (this.written >= this.options.startAfterWrites) this.start();
  }

  /** Whether the thread is running (tests). */
  get running(): boolean {
    return this.worker !== null;
  }

  private start(): void {
    const nativeTypeScript = Boolean((process.features as { typescript?: string | false }).typescript);
    const { file, intervalMs, idleMs } = this.options;
    const workerData: CheckpointerThreadData = { file, intervalMs, idleIntervals: Math.max(1, Math.round(idleMs / intervalMs)), pending: this.pending };
    const worker = new Worker(new URL(`./walCheckpointerThread${path.extname(import.meta.url)}`, import.meta.url), {
      workerData,
      // As the sender thread: from the sources on Node without type stripping, through tsx.
      ...(nativeTypeScript ? {} : { execArgv: ['--import', import.meta.resolve('tsx')] }),
    });
    worker.unref();
    this.worker = worker;
    this.db.pragma(`wal_autocheckpoint = ${fallbackCheckpointPages}`);
    const ended = (failed: boolean) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.written = 0;
      // Ended idle, it starts again with the next writes; failed, it is not restarted (the cause would likely
      // recur). Meanwhile SQLite checkpoints on its own.
      if (failed) this.closed = true;
      if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${ownCheckpointPages}`);
    };
    worker.on('error', () => ended(true));
    worker.on('exit', (code) => ended(code !== 0));
  }

  /** Stops the thread (its connection closed) before the store closes its own. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.ref(); // else a process with nothing else to do would exit before the thread has closed its connection
    worker.postMessage('close');
    await exited;
  }
}
