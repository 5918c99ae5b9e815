/** The network connection in the embedded store: one row, lists as JSON, written through the group commit. */
import type Database from 'better-sqlite3';
import type { NetworkConnectionRecord, NetworkStore } from '../networkStore.ts';
import { networkRecordFromRow, networkRecordToRow } from '../networkRows.ts';
import type { Row } from '../rows.ts';
import type { GroupCommit } from './groupCommit.ts';

export class SqliteNetworkStore implements NetworkStore {
  private readonly db: Database.Database;
  private readonly writes: GroupCommit;

  constructor(db: Database.Database, writes: GroupCommit) {
    this.db = db;
    this.writes = writes;
  }

  async get(): Promise<NetworkConnectionRecord | null> {
    const row = this.db.prepare("SELECT * FROM network_connection WHERE id = 'network'").get() as Row | undefined;
    return row ? networkRecordFromRow(row) : null;
  }

  async save(record: NetworkConnectionRecord): Promise<void> {
    await this.writes.write(() => {
      this.db.prepare(`INSERT INTO network_connection (id, network_url, api_key, api_secret, label, integration, relay_url, registered_events, wired_webhooks, connected_at, checked_at)
        VALUES ('network', @network_url, @api_key, @api_secret, @label, @integration, @relay_url, @registered_events, @wired_webhooks, @connected_at, @checked_at)
        ON CONFLICT (id) DO UPDATE SET network_url = excluded.network_url, api_key = excluded.api_key, api_secret = excluded.api_secret,
          label = excluded.label, integration = excluded.integration, relay_url = excluded.relay_url, registered_events = excluded.registered_events,
          wired_webhooks = excluded.wired_webhooks, connected_at = excluded.connected_at, checked_at = excluded.checked_at`).run(networkRecordToRow(record));
    });
  }

  async delete(): Promise<boolean> {
    return this.writes.write(() => this.db.prepare("DELETE FROM network_connection WHERE id = 'network'").run().changes > 0);
  }
}
