/**
 * An online, consistent copy of the embedded store, taken while the relay runs: SQLite's backup API copies the
 * database page by page from a read-only connection (restarting if a write lands mid-copy), so the copy is one
 * committed state, WAL included. Then the copy is checked.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sqliteFileName } from './sqliteStore.ts';

export class BackupRefusedError extends Error {}

export async function backupSqlite(dataDir: string, destination: string): Promise<{ file: string; bytes: number; events: number }> {
  const source = path.join(dataDir, sqliteFileName);
  if (!fs.existsSync(source)) throw new BackupRefusedError(`no relay store in ${dataDir}: set RELAY_DATA_DIR to the relay's data dir`);
  const target = path.resolve(destination);
  if (fs.existsSync(target)) throw new BackupRefusedError(`${target} already exists: give a new file name (backups are never overwritten)`);
  if (!fs.existsSync(path.dirname(target))) throw new BackupRefusedError(`the folder ${path.dirname(target)} does not exist`);
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(target);
  } finally {
    db.close();
  }
  const copy = new Database(target, { readonly: true, fileMustExist: true });
  try {
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new BackupRefusedError(`the copy at ${target} failed its integrity check (${String(integrity)}): try again`);
    const events = Number((copy.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n);
    return { file: target, bytes: fs.statSync(target).size, events };
  } finally {
    copy.close();
  }
}
