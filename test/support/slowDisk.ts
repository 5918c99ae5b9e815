/** A slow disk for tests of the SQLite group commit: every fsync takes 50 ms more, and when each ended is recorded. */
import fs from 'node:fs';

export function slowDisk(): { syncsEnded: number[]; restore: () => void } {
  const realFsync = fs.fsync;
  const syncsEnded: number[] = [];
  fs.fsync = ((fd: number, callback: (error: NodeJS.ErrnoException | null) => void) =>
    realFsync(fd, (error) => setTimeout(() => { syncsEnded.push(performance.now()); callback(error); }, 50))) as typeof fs.fsync;
  return { syncsEnded, restore: () => void (fs.fsync = realFsync) };
}
