/** Reads settings (the generated keys) from an existing SQLite store, read-only: never creates or migrates one. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sqliteFileName } from './sqliteStore.ts';

/** null when there is no store in `dataDir`. */
export function readStoredSettings(dataDir: string, keys: readonly string[]): Record<string, string | undefined> | null {
  const file = path.join(dataDir, sqliteFileName);
  if (!fs.existsSync(file)) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const select = db.prepare('SELECT value FROM settings WHERE key = ?');
    return Object.fromEntries(keys.map((key) => [key, (select.get(key) as { value: string } | undefined)?.value]));
  } finally {
    db.close();
  }
}
