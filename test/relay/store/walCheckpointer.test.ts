import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, test } from 'vitest';
import { GroupCommit } from '../../../relay/src/store/sqlite/groupCommit.ts';
import { WalCheckpointer } from '../../../relay/src/store/sqlite/walCheckpointer.ts';
import { until } from '../../support/until.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function open(options: { startAfterWrites: number; idleMs?: number }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wal-checkpointer-'));
  const file = path.join(dir, 'test.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  const checkpointer = new WalCheckpointer(db, { file, intervalMs: 20, ...options });
  const writes = new GroupCommit(db, `${file}-wal`, (size) => checkpointer.committed(size));
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  // Each row about a page: the WAL grows by a page or more per write.
  const write = (rows: number) => Promise.all(Array.from({ length: rows }, () => writes.write(() => insert.run('x'.repeat(4000)))));
  cleanups.push(async () => {
    await writes.close();
    await checkpointer.close();
    if (db.open) db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { db, file, checkpointer, writes, write };
}

const pages = (file: string) => fs.statSync(file).size / 4096;

test('once started, the thread copies the WAL into the database while the main connection would not yet', async () => {
  const { db, file, checkpointer, write } = open({ startAfterWrites: 10 });
  await write(5);
  expect(checkpointer.running).toBe(false);
  await write(5);
  expect(checkpointer.running).toBe(true);
  // The main connection checkpoints only past 10,000 pages now: far more than is written here.
  expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
  const before = pages(file);
  for (let round = 0; round < 10; round++) await write(20);
  await until(() => pages(file), (now) => now >= before + 200, { describe: (now) => `database file ${now} pages, ${before} before the writes` });
  expect((db.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n).toBe(210);
});

test('the WAL starts over after the thread caught up: it does not grow with every write', async () => {
  const { file, write } = open({ startAfterWrites: 1 });
  await write(1);
  // Write in rounds; after each, wait for the checkpoint; the WAL file stays near one round's size.
  for (let round = 0; round < 8; round++) {
    await write(50);
    await until(() => pages(file), (now) => now >= 50 * (round + 1), { describe: (now) => `database file ${now} pages after round ${round}` });
  }
  expect(pages(`${file}-wal`)).toBeLessThan(8 * 50);
});

test('ends when idle, and starts again with new writes', async () => {
  const { checkpointer, write, db } = open({ startAfterWrites: 5, idleMs: 100 });
  await write(5);
  expect(checkpointer.running).toBe(true);
  await until(() => checkpointer.running, (running) => !running);
  // SQLite's own threshold again while it is down.
  expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  await write(5);
  expect(checkpointer.running).toBe(true);
});

test('close ends the thread; every committed row is in the file after', async () => {
  const { db, file, checkpointer, writes, write } = open({ startAfterWrites: 1 });
  await write(30);
  expect(checkpointer.running).toBe(true);
  await writes.close();
  await checkpointer.close();
  expect(checkpointer.running).toBe(false);
  db.close();
  const again = new Database(file, { readonly: true });
  expect((again.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n).toBe(30);
  again.close();
});
