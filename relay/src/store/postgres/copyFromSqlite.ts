/**
 * Moving up from the embedded store: copies every table of a SQLite relay.db into an empty PostgreSQL
 * database (or schema) in one transaction, keeping ids and sequence numbers, so API cursors, delivery logs and
 * pending deliveries carry over as they were. Refuses a target that already holds data.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Row } from '../rows.ts';
import { sqliteMigrations } from '../sqlite/migrations.ts';
import { connectionOptions } from './connectionOptions.ts';
import { PostgresStore } from './postgresStore.ts';

/** Every table both backends share, parents first. */
export const copiedTables = ['settings', 'webhooks', 'webhook_events', 'events', 'event_types_seen', 'deliveries', 'attempts', 'inspector_bins', 'inspected_requests', 'network_connection', 'plugin_log_entries', 'gap_repair_state'] as const;
const tablesWithSeq = new Set(['webhooks', 'events', 'deliveries', 'attempts', 'inspector_bins', 'inspected_requests']);

export class CopyRefusedError extends Error {}

export async function copySqliteToPostgres(input: { from: string; to: string; schema?: string }): Promise<Record<string, number>> {
  const source = new Database(input.from, { readonly: true, fileMustExist: true });
  try {
    const sourceVersion = Number((source.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as Row).v);
    const latest = sqliteMigrations[sqliteMigrations.length - 1].version;
    if (sourceVersion !== latest) {
      throw new CopyRefusedError(`${input.from} is at schema version ${sourceVersion}, this relay expects ${latest}: run "relay migrate" against it first (without DATABASE_URL)`);
    }
    const store = new PostgresStore(input.to, { schema: input.schema, listen: false, poolSize: 1 });
    await store.migrate();
    await store.close();

    const client = new pg.Client(connectionOptions(input.to, { schema: input.schema }).pool);
    await client.connect();
    try {
      await client.query('BEGIN');
      // Two copies at once would both see empty tables: the lock makes the second wait and then refuse.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['relay-copy-from-sqlite']);
      const nonEmpty: string[] = [];
      for (const table of copiedTables) {
        if ((await client.query(`SELECT 1 FROM ${table} LIMIT 1`)).rowCount) nonEmpty.push(table);
      }
      if (nonEmpty.length) {
        throw new CopyRefusedError(`the PostgreSQL target already holds data (${nonEmpty.join(', ')}); copy into an empty database or schema (e.g. ?schema=relay_new)`);
      }
      const copied: Record<string, number> = {};
      for (const table of copiedTables) copied[table] = await copyTable(source, client, table);
      await client.query('COMMIT');
      return copied;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await client.end();
    }
  } finally {
    source.close();
  }
}

async function copyTable(source: Database.Database, client: pg.Client, table: string): Promise<number> {
  const columns = (source.prepare(`PRAGMA table_info(${table})`).all() as Row[]).map((row) => String(row.name));
  const chunkSize = Math.floor(30_000 / columns.length);
  let chunk: Row[] = [];
  let count = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const params: unknown[] = [];
    const values = chunk.map((row) => `(${columns.map((column) => `$${params.push(row[column])}`).join(', ')})`);
    // SQLite's 0/1 arrive as text parameters, which PostgreSQL accepts for BOOLEAN columns.
    await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`, params);
    count += chunk.length;
    chunk = [];
  };
  for (const row of source.prepare(`SELECT * FROM ${table} ORDER BY rowid`).iterate() as Iterable<Row>) {
    chunk.push(row);
    if (chunk.length >= chunkSize) await flush();
  }
  await flush();
  if (tablesWithSeq.has(table)) {
    // New rows continue after the copied ones, so "newest first" and cursors stay right.
    await client.query(`SELECT setval(pg_get_serial_sequence('${table}', 'seq'), COALESCE(MAX(seq), 1), MAX(seq) IS NOT NULL) FROM ${table}`);
  }
  return count;
}
