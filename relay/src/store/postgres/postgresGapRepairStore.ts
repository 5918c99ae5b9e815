/** Gap repair's position, lease and ledger in PostgreSQL, shared by every relay process on the database. */
import type { Pool } from 'pg';
import type { ClaimableRecovery, GapRepairStore, LogEntryOutcome, LogEntryRecord, PairRequest, RepairPosition } from '../gapRepairStore.ts';
import { emptyCounts, logEntryColumns, logEntryFromRow, logEntryToValues, positionFromRow } from '../gapRepairRows.ts';
import type { ListOptions, Page } from '../types.ts';
import type { Row } from '../rows.ts';

const insertEntry = `INSERT INTO plugin_log_entries (${logEntryColumns.join(', ')}) VALUES (${logEntryColumns.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT DO NOTHING`;

export class PostgresGapRepairStore implements GapRepairStore {
  private readonly pool: Pool;

  constructor(pool: Pool) {
    this.pool = pool;
  }

  async acquireLease(networkUrl: string, owner: string, now: number, leaseMs: number): Promise<boolean> {
    // One statement: the row is created if missing and taken only if free, expired or already ours.
    const result = await this.pool.query(
      `INSERT INTO gap_repair_state (network_url, lease_owner, lease_expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (network_url) DO UPDATE SET lease_owner = EXCLUDED.lease_owner, lease_expires_at = EXCLUDED.lease_expires_at
       WHERE gap_repair_state.lease_owner IS NULL OR gap_repair_state.lease_owner = $2 OR gap_repair_state.lease_expires_at <= $4`,
      [networkUrl, owner, now + leaseMs, now],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async releaseLease(networkUrl: string, owner: string): Promise<void> {
    await this.pool.query('UPDATE gap_repair_state SET lease_owner = NULL, lease_expires_at = NULL WHERE network_url = $1 AND lease_owner = $2', [networkUrl, owner]);
  }

  async position(networkUrl: string): Promise<RepairPosition> {
    const { rows } = await this.pool.query('SELECT * FROM gap_repair_state WHERE network_url = $1', [networkUrl]);
    return positionFromRow(rows[0] as Row | undefined);
  }

  async savePosition(networkUrl: string, owner: string, position: { cursorId: number; offsetHint: number }): Promise<boolean> {
    const result = await this.pool.query('UPDATE gap_repair_state SET cursor_id = $1, offset_hint = $2 WHERE network_url = $3 AND lease_owner = $4',
      [position.cursorId, position.offsetHint, networkUrl, owner]);
    return (result.rowCount ?? 0) > 0;
  }

  async recordPass(networkUrl: string, at: number, summary: string): Promise<void> {
    await this.pool.query(`INSERT INTO gap_repair_state (network_url, last_pass_at, last_pass) VALUES ($1, $2, $3)
      ON CONFLICT (network_url) DO UPDATE SET last_pass_at = EXCLUDED.last_pass_at, last_pass = EXCLUDED.last_pass`, [networkUrl, at, summary]);
  }

  async entry(networkUrl: string, entryId: number): Promise<LogEntryRecord | null> {
    const { rows } = await this.pool.query('SELECT * FROM plugin_log_entries WHERE network_url = $1 AND entry_id = $2', [networkUrl, entryId]);
    return rows[0] ? logEntryFromRow(rows[0] as Row) : null;
  }

  async pairWithReceived(request: PairRequest): Promise<string | null> {
    // The unique index on event_id makes a second pairing of one event fail to insert rather than pair twice.
    const { rows } = await this.pool.query(
      `INSERT INTO plugin_log_entries (network_url, entry_id, slug, logged_at, outcome, event_id, recorded_at)
       SELECT $1, $2, $3, $4, 'received', e.id, $5 FROM events e
       WHERE e.event = $3 AND e.source = 'ingest' AND e.received_at BETWEEN $6 AND $7 AND e.body = $8
         AND NOT EXISTS (SELECT 1 FROM plugin_log_entries p WHERE p.event_id = e.id)
       ORDER BY e.received_at, e.seq LIMIT 1
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [request.networkUrl, request.entryId, request.slug, request.loggedAt, request.now, request.from, request.to, request.body],
    );
    return rows[0] ? String((rows[0] as Row).event_id) : null;
  }

  async record(entry: LogEntryRecord): Promise<boolean> {
    const result = await this.pool.query(insertEntry, logEntryToValues(entry));
    return (result.rowCount ?? 0) > 0;
  }

  async claimableRecoveries(now: number): Promise<ClaimableRecovery[]> {
    const { rows } = await this.pool.query(`SELECT event_id, slug, body_hash, claimable_until FROM plugin_log_entries
      WHERE outcome = 'recovered' AND late_original_at IS NULL AND claimable_until > $1`, [now]);
    return (rows as Row[]).map((row) => ({ eventId: String(row.event_id), slug: String(row.slug), bodyHash: String(row.body_hash), claimableUntil: Number(row.claimable_until) }));
  }

  async claimRecovery(eventId: string, now: number): Promise<boolean> {
    const result = await this.pool.query(`UPDATE plugin_log_entries SET late_original_at = $1
      WHERE event_id = $2 AND outcome = 'recovered' AND late_original_at IS NULL`, [now, eventId]);
    return (result.rowCount ?? 0) > 0;
  }

  async listEntries(filter: { networkUrl: string; outcome?: LogEntryOutcome }, options: ListOptions): Promise<Page<LogEntryRecord>> {
    const params: unknown[] = [filter.networkUrl];
    const where = ['network_url = $1'];
    if (filter.outcome) where.push(`outcome = $${params.push(filter.outcome)}`);
    if (options.before) where.push(`entry_id < $${params.push(Number(options.before))}`);
    const { rows } = await this.pool.query(`SELECT * FROM plugin_log_entries WHERE ${where.join(' AND ')} ORDER BY entry_id DESC LIMIT $${params.push(options.limit + 1)}`, params);
    const items = (rows as Row[]).slice(0, options.limit).map(logEntryFromRow);
    return { items, nextCursor: rows.length > options.limit ? String(items[items.length - 1].entryId) : null };
  }

  async pruneBefore(cutoff: number, limit: number): Promise<number> {
    const result = await this.pool.query('DELETE FROM plugin_log_entries WHERE ctid IN (SELECT ctid FROM plugin_log_entries WHERE logged_at < $1 LIMIT $2)', [cutoff, limit]);
    return result.rowCount ?? 0;
  }

  async counts(networkUrl: string): Promise<Record<LogEntryOutcome, number> & { lateOriginals: number }> {
    const counts = emptyCounts();
    const { rows } = await this.pool.query('SELECT outcome, COUNT(*) AS n, COUNT(late_original_at) AS late FROM plugin_log_entries WHERE network_url = $1 GROUP BY outcome', [networkUrl]);
    for (const row of rows as Row[]) {
      counts[row.outcome as LogEntryOutcome] = Number(row.n);
      counts.lateOriginals += Number(row.late);
    }
    return counts;
  }
}
