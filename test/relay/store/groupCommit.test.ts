import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, test } from 'vitest';
import { GroupCommit } from '../../../relay/src/store/sqlite/groupCommit.ts';
import { slowDisk } from '../../support/slowDisk.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function open() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'group-commit-'));
  dirs.push(dir);
  const file = path.join(dir, 'test.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
  return { db, writes: new GroupCommit(db, `${file}-wal`) };
}

test('a write that fails in a batch is undone alone: the others in its transaction commit', async () => {
  const { db, writes } = open();
  const insert = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
  let runs = 0;
  const results = await Promise.allSettled([
    writes.write(() => insert.run('a', 1).changes),
    writes.write(() => {
      runs++;
      insert.run('b', 2); // changed before it fails: must be undone
      insert.run('a', 3); // duplicate key
    }),
    writes.write(() => insert.run('c', 4).changes),
  ]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect((results[1] as PromiseRejectedResult).reason.message).toMatch(/UNIQUE/);
  // Run once in the plain transaction (rolled back), once on its own savepoint.
  expect(runs).toBe(2);
  expect(db.prepare('SELECT k, v FROM t ORDER BY k').all()).toEqual([{ k: 'a', v: 1 }, { k: 'c', v: 4 }]);
  await writes.close();
  db.close();
});

test('a write alone in its batch that fails is rejected and leaves nothing behind', async () => {
  const { db, writes } = open();
  const insert = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
  await writes.write(() => insert.run('a', 1));
  await expect(writes.write(() => {
    insert.run('b', 2);
    insert.run('a', 3);
  })).rejects.toThrow(/UNIQUE/);
  expect(db.prepare('SELECT k FROM t ORDER BY k').all()).toEqual([{ k: 'a' }]);
  // And the next batch works.
  await writes.write(() => insert.run('z', 9));
  expect(db.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 2 });
  await writes.close();
  db.close();
});

test('writes made while an fsync runs commit together once it ends, each acknowledged after the fsync that covers it', async () => {
  const { db, writes } = open();
  const insert = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
  const commits: number[] = [];
  writes.onCommit = (size) => commits.push(size);
  const { syncsEnded, restore } = slowDisk();
  try {
    const first = writes.write(() => insert.run('first', 0));
    await new Promise((resolve) => setTimeout(resolve, 10)); // committed; its fsync is running
    const during: Promise<number>[] = [];
    for (let index = 0; index < 5; index++) {
      during.push(writes.write(() => insert.run(`during-${index}`, index)).then(() => performance.now()));
      await new Promise((resolve) => setImmediate(resolve)); // each in a later event-loop turn
    }
    await first;
    const acknowledgedAt = await Promise.all(during);
    expect(commits).toEqual([1, 5]);
    // Acknowledged only after the second fsync, the one that started after their commit.
    expect(syncsEnded).toHaveLength(2);
    for (const at of acknowledgedAt) expect(at).toBeGreaterThanOrEqual(syncsEnded[1]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 6 });
  } finally {
    restore();
  }
  await writes.close();
  db.close();
});

test('a write that need not be durable settles once committed, not held behind the fsync in flight nor waiting for one', async () => {
  const { db, writes } = open();
  const insert = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
  const { syncsEnded, restore } = slowDisk();
  try {
    const first = writes.write(() => insert.run('first', 0));
    await new Promise((resolve) => setTimeout(resolve, 10)); // committed; its fsync is running
    const durable = writes.write(() => insert.run('durable', 1)).then(() => performance.now());
    const lease = writes.write(() => insert.run('lease', 2).changes, { durable: false }).then((changes) => ({ changes, at: performance.now() }));
    const settled = await lease;
    expect(settled.changes).toBe(1);
    // Settled before the fsync in flight ended, and visible to another connection (committed, not only written).
    expect(syncsEnded).toHaveLength(0);
    const reader = new Database(db.name, { readonly: true });
    expect(reader.prepare('SELECT k FROM t ORDER BY k').all()).toEqual([{ k: 'durable' }, { k: 'first' }, { k: 'lease' }]);
    reader.close();
    // The durable write that committed with it still waits for an fsync that started after that commit.
    await first;
    const durableAt = await durable;
    expect(syncsEnded).toHaveLength(2);
    expect(durableAt).toBeGreaterThanOrEqual(syncsEnded[1]);
  } finally {
    restore();
  }
  await writes.close();
  db.close();
});
