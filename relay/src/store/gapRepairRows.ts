/** Gap repair's ledger and position as table rows (both backends use the same columns). */
import type { LogEntryOutcome, LogEntryRecord, RepairPosition } from './gapRepairStore.ts';
import type { Row } from './rows.ts';

const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const strOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

export const logEntryColumns = ['network_url', 'entry_id', 'slug', 'logged_at', 'outcome', 'event_id', 'reason', 'body_hash', 'claimable_until', 'late_original_at', 'recorded_at'] as const;

export function logEntryToValues(entry: LogEntryRecord): unknown[] {
  return [entry.networkUrl, entry.entryId, entry.slug, entry.loggedAt, entry.outcome, entry.eventId, entry.reason, entry.bodyHash, entry.claimableUntil, entry.lateOriginalAt, entry.recordedAt];
}

export function logEntryFromRow(row: Row): LogEntryRecord {
  return {
    networkUrl: String(row.network_url),
    entryId: Number(row.entry_id),
    slug: String(row.slug),
    loggedAt: Number(row.logged_at),
    outcome: row.outcome as LogEntryOutcome,
    eventId: strOrNull(row.event_id),
    reason: strOrNull(row.reason),
    bodyHash: strOrNull(row.body_hash),
    claimableUntil: numOrNull(row.claimable_until),
    lateOriginalAt: numOrNull(row.late_original_at),
    recordedAt: Number(row.recorded_at),
  };
}

export function positionFromRow(row: Row | undefined): RepairPosition {
  if (!row) return { cursorId: 0, offsetHint: 0, lastPassAt: null, lastPass: null };
  return { cursorId: Number(row.cursor_id), offsetHint: Number(row.offset_hint), lastPassAt: numOrNull(row.last_pass_at), lastPass: strOrNull(row.last_pass) };
}

export function emptyCounts(): Record<LogEntryOutcome, number> & { lateOriginals: number } {
  return { received: 0, recovered: 0, unrecoverable: 0, lateOriginals: 0 };
}
