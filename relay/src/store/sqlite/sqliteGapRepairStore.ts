/** Gap repair's position, lease and ledger in the embedded store, written through the group commit. */
import type Database from 'better-sqlite3';
import type { ClaimableRecovery, GapRepairStore, LogEntryOutcome, LogEntryRecord, PairRequest, RepairPosition } from '../gapRepairStore.ts';
import { emptyCounts, logEntryColumns, logEntryFromRow, logEntryToValues, positionFromRow } from '../gapRepairRows.ts';
import type { ListOptions, Page } from '../types.ts';
import type { Row } from '../rows.ts';
import type { GroupCommit } from './groupCommit.ts';

const insertEntry = `INSERT INTO plugin_log_entries (${logEntryColumns.join(', ')}) VALUES (${logEntryColumns.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`;

export class SqliteGapRepairStore implements GapRepairStore {
  private readonly db: Database.Database;
  private readonly writes: GroupCommit;

  constructor(db: Database.Database, writes: GroupCommit) {
    this.db = db;
    this.writes = writes;
  }

  acquireLease(networkUrl: string, owner: string, now: number, leaseMs: number): Promise<boolean> {
    return this.writes.write(() => {
      this.db.prepare('INSERT INTO gap_repair_state (network_url) VALUES (?) ON CONFLICT DO NOTHING').run(networkUrl);
      return this.db.prepare(`UPDATE gap_repair_state SET lease_owner = ?, lease_expires_at = ?
        WHERE network_url = ? AND (lease_owner IS NULL OR lease_owner = ? OR lease_expires_at <= ?)`).run(owner, now + leaseMs, networkUrl, owner, now).changes > 0;
    });
  }

  async releaseLease(networkUrl: string, owner: string): Promise<void> {
    await this.writes.write(() => {
      this.db.prepare('UPDATE gap_repair_state SET lease_owner = NULL, lease_expires_at = NULL WHERE network_url = ? AND lease_owner = ?').run(networkUrl, owner);
    });
  }

  async position(networkUrl: string): Promise<RepairPosition> {
    return positionFromRow(this.db.prepare('SELECT * FROM gap_repair_state WHERE network_url = ?').get(networkUrl) as Row | undefined);
  }

  savePosition(networkUrl: string, owner: string, position: { cursorId: number; offsetHint: number }): Promise<boolean> {
    return this.writes.write(() => this.db.prepare('UPDATE gap_repair_state SET cursor_id = ?, offset_hint = ? WHERE network_url = ? AND lease_owner = ?')
      .run(position.cursorId, position.offsetHint, networkUrl, owner).changes > 0);
  }

  async recordPass(networkUrl: string, at: number, summary: string): Promise<void> {
    await this.writes.write(() => {
      this.db.prepare(`INSERT INTO gap_repair_state (network_url, last_pass_at, last_pass) VALUES (?, ?, ?)
        ON CONFLICT (network_url) DO UPDATE SET last_pass_at = excluded.last_pass_at, last_pass = excluded.last_pass`).run(networkUrl, at, summary);
    });
  }

  async entry(networkUrl: string, entryId: number): Promise<LogEntryRecord | null> {
    const row = this.db.prepare('SELECT * FROM plugin_log_entries WHERE network_url = ? AND entry_id = ?').get(networkUrl, entryId) as Row | undefined;
    return row ? logEntryFromRow(row) : null;
  }

  pairWithReceived(request: PairRequest): Promise<string | null> {
    return this.writes.write(() => {
      const row = this.db.prepare(`INSERT INTO plugin_log_entries (network_url, entry_id, slug, logged_at, outcome, event_id, recorded_at)
        SELECT ?, ?, ?, ?, 'received', e.id, ? FROM events e
        WHERE e.event = ? AND e.source = 'ingest' AND e.received_at BETWEEN ? AND ? AND e.body = ?
          AND NOT EXISTS (SELECT 1 FROM plugin_log_entries p WHERE p.event_id = e.id)
        ORDER BY e.received_at, e.seq LIMIT 1
        ON CONFLICT DO NOTHING RETURNING event_id`)
        .get(request.networkUrl, request.entryId, request.slug, request.loggedAt, request.now, request.slug, request.from, request.to, request.body) as Row | undefined;
      return row ? String(row.event_id) : null;
    });
  }

  record(entry: LogEntryRecord): Promise<boolean> {
    return this.writes.write(() => this.db.prepare(insertEntry).run(...logEntryToValues(entry)).changes > 0);
  }

  async claimableRecoveries(now: number): Promise<ClaimableRecovery[]> {
    const rows = this.db.prepare(`SELECT event_id, slug, body_hash, claimable_until FROM plugin_log_entries
      WHERE outcome = 'recovered' AND late_original_at IS NULL AND claimable_until > ?`).all(now) as Row[];
    return rows.map((row) => ({ eventId: String(row.event_id), slug: String(row.slug), bodyHash: String(row.body_hash), claimableUntil: Number(row.claimable_until) }));
  }

  claimRecovery(eventId: string, now: number): Promise<boolean> {
    return this.writes.write(() => this.db.prepare(`UPDATE plugin_log_entries SET late_original_at = ?
      WHERE event_id = ? AND outcome = 'recovered' AND late_original_at IS NULL`).run(now, eventId).changes > 0);
  }

  async listEntries(filter: { networkUrl: string; outcome?: LogEntryOutcome }, options: ListOptions): Promise<Page<LogEntryRecord>> {
    const where = ['network_url = ?'];
    const params: unknown[] = [filter.networkUrl];
    if (filter.outcome) (where.push('outcome = ?'), params.push(filter.outcome));
    if (options.before) (where.push('entry_id < ?'), params.push(Number(options.before)));
    const rows = this.db.prepare(`SELECT * FROM plugin_log_entries WHERE ${where.join(' AND ')} ORDER BY entry_id DESC LIMIT ?`).all(...params, options.limit + 1) as Row[];
    const items = rows.slice(0, options.limit).map(logEntryFromRow);
    return { items, nextCursor: rows.length > options.limit ? String(items[items.length - 1].entryId) : null };
  }

  pruneBefore(cutoff: number, limit: number): Promise<number> {
    return this.writes.write(() => this.db.prepare('DELETE FROM plugin_log_entries WHERE rowid IN (SELECT rowid FROM plugin_log_entries WHERE logged_at < ? LIMIT ?)').run(cutoff, limit).changes);
  }

  async counts(networkUrl: string): Promise<Record<LogEntryOutcome, number> & { lateOriginals: number }> {
    const counts = emptyCounts();
    const rows = this.db.prepare(`SELECT outcome, COUNT(*) AS n, COUNT(late_original_at) AS late FROM plugin_log_entries WHERE network_url = ? GROUP BY outcome`).all(networkUrl) as Row[];
    for (const row of rows) {
      counts[row.outcome as LogEntryOutcome] = Number(row.n);
      counts.lateOriginals += Number(row.late);
    }
    return counts;
  }
}
