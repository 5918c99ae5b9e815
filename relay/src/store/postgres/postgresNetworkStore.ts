/** The network connection in PostgreSQL: one row, lists as JSON text. */
import type { Pool } from 'pg';
import type { NetworkConnectionRecord, NetworkStore } from '../networkStore.ts';
import { networkRecordFromRow, networkRecordToRow } from '../networkRows.ts';
import type { Row } from '../rows.ts';

export class PostgresNetworkStore implements NetworkStore {
  private readonly pool: Pool;

  constructor(pool: Pool) {
    this.pool = pool;
  }

  async get(): Promise<NetworkConnectionRecord | null> {
    const { rows } = await this.pool.query("SELECT * FROM network_connection WHERE id = 'network'");
    return rows[0] ? networkRecordFromRow(rows[0] as Row) : null;
  }

  async save(record: NetworkConnectionRecord): Promise<void> {
    const row = networkRecordToRow(record);
    await this.pool.query(
      `INSERT INTO network_connection (id, network_url, api_key, api_secret, label, integration, relay_url, registered_events, wired_webhooks, connected_at, checked_at)
       VALUES ('network', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (id) DO UPDATE SET network_url = EXCLUDED.network_url, api_key = EXCLUDED.api_key, api_secret = EXCLUDED.api_secret,
         label = EXCLUDED.label, integration = EXCLUDED.integration, relay_url = EXCLUDED.relay_url, registered_events = EXCLUDED.registered_events,
         wired_webhooks = EXCLUDED.wired_webhooks, connected_at = EXCLUDED.connected_at, checked_at = EXCLUDED.checked_at`,
      [row.network_url, row.api_key, row.api_secret, row.label, row.integration, row.relay_url, row.registered_events, row.wired_webhooks, row.connected_at, row.checked_at],
    );
  }

  async delete(): Promise<boolean> {
    const result = await this.pool.query("DELETE FROM network_connection WHERE id = 'network'");
    return (result.rowCount ?? 0) > 0;
  }
}
