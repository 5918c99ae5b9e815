/**
 * Which active webhooks each event type fans out to, kept in memory: an ingest then costs one statement, not two
 * (about a tenth of the store's CPU per event, bench/results-history/2026-12-07.md). The store forgets
 * them on every write to webhooks or their event types, and on a rolled-back batch (the look-up may have seen its
 * writes); `checkOtherConnections`, at the start of each write transaction, forgets them when another connection
 * committed meanwhile (SQLite's data_version), so a second process or store on the file is never served stale.
 */
import type { Row } from '../rows.ts';
import type { Statements } from './statements.ts';

export class SqliteSubscribers {
  private readonly sql: Statements;
  private bySlug = new Map<string, readonly string[]>();
  private dataVersion: unknown = null;

  constructor(sql: Statements) {
    this.sql = sql;
  }

  /** The ids of the active webhooks subscribed to `slug` or to every event ('*'). */
  of(slug: string): readonly string[] {
    let ids = this.bySlug.get(slug);
    if (ids === undefined) {
      ids = (this.sql(`SELECT DISTINCT w.id FROM webhook_events we JOIN webhooks w ON w.id = we.webhook_id
                       WHERE we.event IN (?, '*') AND w.active = 1`).all(slug) as Row[]).map((row) => String(row.id));
      this.bySlug.set(slug, ids);
    }
    return ids;
  }

  forget(): void {
    this.bySlug.clear();
  }

  checkOtherConnections(): void {
    // Prepared once (db.pragma prepares on every call): this runs in every batch, claims and completions included.
    const version = this.sql('PRAGMA data_version').pluck().get();
    if (version !== this.dataVersion) this.forget();
    this.dataVersion = version;
  }
}
