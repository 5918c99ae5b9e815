/** Runs a function in one transaction on one pooled connection, retrying when PostgreSQL picks it as a deadlock victim. */
import type { Pool, PoolClient } from 'pg';

// deadlock_detected, serialization_failure: the transaction was rolled back as a whole and may simply run again.
const retryable = new Set(['40P01', '40001']);

export async function inTransaction<T>(pool: Pool, run: (client: PoolClient) => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await run(client);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      // A connection that cannot even roll back is broken: drop it instead of returning it to the pool.
      const rolledBack = await client.query('ROLLBACK').then(() => true, () => false);
      client.release(!rolledBack);
      const code = (error as { code?: string }).code;
      if (attempt >= attempts || !code || !retryable.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 10));
    }
  }
}
