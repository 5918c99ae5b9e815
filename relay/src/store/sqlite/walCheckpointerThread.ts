/**
 * The checkpointing thread of walCheckpointer.ts: its own connection to the store's file, a PASSIVE checkpoint
 * every interval in which something was committed. PASSIVE copies what no reader still needs and never waits for
 * or blocks the main connection; with synchronous=NORMAL it fsyncs the WAL before copying and the database after,
 * as SQLite's own checkpoint does. A checkpoint that copied the whole WAL lets the next commit start the WAL
 * over; commits made while it ran leave a few pages behind, so it goes again (a short pass) to catch up.
 * After `idleIntervals` intervals without a commit the thread ends (exit code 0), so an idle relay holds none.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

export interface CheckpointerThreadData {
  file: string;
  intervalMs: number;
  idleIntervals: number;
  /** Writes committed since the last checkpoint, added by the main thread. */
  pending: Int32Array;
}

const { file, intervalMs, idleIntervals, pending } = workerData as CheckpointerThreadData;
const db = new Database(file, { fileMustExist: true });
db.pragma('synchronous = NORMAL');

const catchUpPasses = 3;
let idle = 0;

function stop(): void {
  clearInterval(timer);
  db.close();
  parentPort!.close();
}

const timer = setInterval(() => {
  if (Atomics.exchange(pending, 0, 0) === 0) {
    if (++idle >= idleIntervals) stop();
    return;
  }
  idle = 0;
  for (let pass = 0; pass < catchUpPasses; pass++) {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
    if (result.checkpointed >= result.log) break;
  }
}, intervalMs);

parentPort!.on('message', (message) => {
  if (message === 'close') stop();
});
