/**
 * One relay per SQLite data dir. SQLite would let a second process open relay.db, and two workers on one
 * embedded store would step on each other's leases; the lock refuses that with a message.
 *
 * The lock is SQLite's own exclusive lock on `relay.lock.db`, held by an open connection: an fcntl lock the
 * kernel drops when the process ends, however it ends (crash, SIGKILL, reboot), on Linux and macOS alike. So a
 * stale file never blocks a start, and a recycled pid cannot pass for a running relay. `relay.lock` beside it
 * only tells the CLI the holder's pid and URL; it is never what decides.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export const lockFileName = 'relay.lock';
export const lockDatabaseName = 'relay.lock.db';

export interface RunningRelayInfo {
  pid: number;
  /** http://host:port of its API, null until it listens (or for a worker-only process). */
  url: string | null;
  startedAt: string;
}

export class DataDirLockedError extends Error {}

/** A starting relay waits this long for a CLI that is only looking (findRunningRelay) to let go. */
const startWaitMs = 2000;

/** Referenced until released: a lock object garbage-collected would close its connection and drop the lock. */
const heldLocks = new Set<DataDirLock>();

const isBusy = (error: unknown) => /^SQLITE_(BUSY|LOCKED)/.test((error as { code?: string }).code ?? '');

function readInfo(dataDir: string): RunningRelayInfo | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(dataDir, lockFileName), 'utf8')) as Partial<RunningRelayInfo>;
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, url: parsed.url ?? null, startedAt: parsed.startedAt ?? '' } : null;
  } catch {
    return null;
  }
}

/** The relay running on this data dir, if one holds its lock. */
export function findRunningRelay(dataDir: string): RunningRelayInfo | null {
  let probe: Database.Database;
  try {
    probe = new Database(path.join(dataDir, lockDatabaseName), { readonly: true, fileMustExist: true, timeout: 0 });
  } catch {
    return null; // never locked here
  }
  try {
    probe.prepare('SELECT count(*) FROM sqlite_master').get();
    return null;
  } catch (error) {
    if (!isBusy(error)) return null;
    return readInfo(dataDir) ?? { pid: 0, url: null, startedAt: '' };
  } finally {
    probe.close();
  }
}

export class DataDirLock {
  private info: RunningRelayInfo;
  private released = false;
  private readonly dataDir: string;
  private readonly held: Database.Database;

  private constructor(dataDir: string, held: Database.Database, info: RunningRelayInfo) {
    this.dataDir = dataDir;
    this.held = held;
    this.info = info;
    this.writeInfo();
    heldLocks.add(this);
  }

  static acquire(dataDir: string): DataDirLock {
    const held = new Database(path.join(dataDir, lockDatabaseName), { timeout: startWaitMs });
    try {
      // Exclusive locking mode keeps the lock from the first write until the connection closes.
      held.pragma('locking_mode = EXCLUSIVE');
      held.pragma('journal_mode = MEMORY');
      held.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, started_at TEXT NOT NULL); DELETE FROM holder;');
      const info: RunningRelayInfo = { pid: process.pid, url: null, startedAt: new Date().toISOString() };
      held.prepare('INSERT INTO holder (pid, started_at) VALUES (?, ?)').run(info.pid, info.startedAt);
      return new DataDirLock(dataDir, held, info);
    } catch (error) {
      held.close();
      if (!isBusy(error)) throw error;
      const holder = readInfo(dataDir);
      throw new DataDirLockedError(
        `another relay (${holder ? `pid ${holder.pid}${holder.url ? `, ${holder.url}` : ''}` : 'starting'}) is running on ${dataDir}: stop it first, or give this one its own RELAY_DATA_DIR`,
      );
    }
  }

  /** Lets CLI commands find this relay's URL. */
  recordUrl(url: string): void {
    this.info = { ...this.info, url };
    if (!this.released) this.writeInfo();
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    fs.rmSync(path.join(this.dataDir, lockFileName), { force: true });
    // The lock database stays: removing it could let two processes lock two different files of the same name.
    this.held.close();
    heldLocks.delete(this);
  }

  private writeInfo(): void {
    fs.writeFileSync(path.join(this.dataDir, lockFileName), JSON.stringify(this.info));
  }
}
