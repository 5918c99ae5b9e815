/**
 * PostgreSQL for tests: TEST_DATABASE_URL (default: the local server's `test` database), one fresh schema per
 * store, dropped afterwards, so test runs never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const testDatabaseUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

export function newSchemaName(prefix = 'relay_test'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** DATABASE_URL for a relay process using `schema`. */
export function urlWithSchema(schema: string): string {
  const url = new URL(testDatabaseUrl);
  url.searchParams.set('schema', schema);
  return url.toString();
}

export async function dropSchema(schema: string, databaseUrl = testDatabaseUrl): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
