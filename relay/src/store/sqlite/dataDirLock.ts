/**
 * One relay per SQLite data dir: `relay.lock` holds the running relay's pid and URL. SQLite would let a second
 * process open the file, and two workers on one embedded store would step on each other's leases; the lock
 * refuses that with a message. The CLI reads the same file to find the relay it talks to.
 */
import fs from 'node:fs';
import path from 'node:path';

export const lockFileName = 'relay.lock';

export interface RunningRelayInfo {
  pid: number;
  /** http://host:port of its API, null until it listens (or for a worker-only process). */
  url: string | null;
  startedAt: string;
}

export class DataDirLockedError extends Error {}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

function readLock(file: string): RunningRelayInfo | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<RunningRelayInfo>;
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, url: parsed.url ?? null, startedAt: parsed.startedAt ?? '' } : null;
  } catch {
    return null;
  }
}

/** The relay running on this data dir, if its lock names a live process. */
export function findRunningRelay(dataDir: string): RunningRelayInfo | null {
  const info = readLock(path.join(dataDir, lockFileName));
  return info && isAlive(info.pid) ? info : null;
}

export class DataDirLock {
  private info: RunningRelayInfo;
  private released = false;
  private readonly file: string;

  private constructor(file: string, info: RunningRelayInfo) {
    this.file = file;
    this.info = info;
  }

  /** Takes the lock, replacing one left by a process that is gone (a crash or SIGKILL). */
  static acquire(dataDir: string): DataDirLock {
    const file = path.join(dataDir, lockFileName);
    const info: RunningRelayInfo = { pid: process.pid, url: null, startedAt: new Date().toISOString() };
    for (let tries = 0; tries < 3; tries++) {
      try {
        fs.writeFileSync(file, JSON.stringify(info), { flag: 'wx' });
        return new DataDirLock(file, info);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = readLock(file);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new DataDirLockedError(
          `another relay (pid ${holder.pid}${holder.url ? `, ${holder.url}` : ''}) is running on ${dataDir}: stop it first, or give this one its own RELAY_DATA_DIR`,
        );
      }
      // Stale (its process is gone) or unreadable (a crash mid-write): take it over.
      fs.rmSync(file, { force: true });
    }
    throw new DataDirLockedError(`could not take ${file}: remove it if no relay is running`);
  }

  /** Lets CLI commands find this relay's URL. */
  recordUrl(url: string): void {
    this.info = { ...this.info, url };
    if (!this.released) fs.writeFileSync(this.file, JSON.stringify(this.info));
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    const holder = readLock(this.file);
    if (holder?.pid === process.pid) fs.rmSync(this.file, { force: true });
  }
}
