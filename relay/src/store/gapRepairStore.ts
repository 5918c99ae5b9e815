/**
 * What gap repair keeps, beside the main Store (like the network connection): where it is in the plugin's send
 * log and who is reading it (one process at a time, under a lease), and the ledger of the log entries it has
 * decided on, one row per entry, so that no entry is ever acted on twice and no received event is paired twice.
 */
import type { ListOptions, Page } from './types.ts';

/** What became of one entry of the plugin's send log. */
export type LogEntryOutcome =
  /** The relay had received the event: paired with that event, nothing to do. */
  | 'received'
  /** The relay had not: ingested from the log, marked recovered. */
  | 'recovered'
  /** The log's copy of the body cannot be read back exactly: recorded with the reason, never delivered. */
  | 'unrecoverable';

export interface LogEntryRecord {
  /** The network the log is read from (its URL): entry ids are the network's own. */
  networkUrl: string;
  /** The plugin's event-log id. */
  entryId: number;
  /** The event slug the send was for (from the ingest URL it was sent to). */
  slug: string;
  /** When the plugin logged it, epoch ms on the relay's clock (the network's clock corrected by its skew). */
  loggedAt: number;
  outcome: LogEntryOutcome;
  /** The event paired with (received) or created (recovered); null when unrecoverable. */
  eventId: string | null;
  /** Why it is unrecoverable; null otherwise. */
  reason: string | null;
  /** sha256 (hex) of the recovered body, so a late original can be recognised without reading bodies back. */
  bodyHash: string | null;
  /** Until when an original arriving late counts as this recovered event's duplicate. */
  claimableUntil: number | null;
  /** When the late original arrived (then dropped as a duplicate); null if it never did. */
  lateOriginalAt: number | null;
  recordedAt: number;
}

/** A recovered event an original may still arrive for. */
export interface ClaimableRecovery {
  eventId: string;
  slug: string;
  bodyHash: string;
  claimableUntil: number;
}

export interface RepairPosition {
  /** The highest log entry id decided on (0: none yet). */
  cursorId: number;
  /** How many log entries (of the `object_type=webhook` list, ascending) come up to and including it: where to resume. */
  offsetHint: number;
  lastPassAt: number | null;
  /** The last pass's summary as JSON text (its figures, or its error). */
  lastPass: string | null;
}

export interface PairRequest {
  networkUrl: string;
  entryId: number;
  slug: string;
  body: string;
  loggedAt: number;
  /** Received events considered: received within [from, to]. */
  from: number;
  to: number;
  now: number;
}

export interface GapRepairStore {
  /** Takes or renews the repair lease of a network for `owner`; false while another holds it unexpired. */
  acquireLease(networkUrl: string, owner: string, now: number, leaseMs: number): Promise<boolean>;
  /** Gives the lease back (only if `owner` holds it). */
  releaseLease(networkUrl: string, owner: string): Promise<void>;
  position(networkUrl: string): Promise<RepairPosition>;
  /** Moves the position, only while `owner` holds the lease (false otherwise: another process took over). */
  savePosition(networkUrl: string, owner: string, position: { cursorId: number; offsetHint: number }): Promise<boolean>;
  /** Records a pass's summary (any process: shown by the API and the page). */
  recordPass(networkUrl: string, at: number, summary: string): Promise<void>;

  entry(networkUrl: string, entryId: number): Promise<LogEntryRecord | null>;
  /**
   * Pairs a log entry with the earliest received (source `ingest`) event of its slug with exactly its body,
   * received within [from, to] and not paired yet; records the entry as `received`. The paired event's id, or
   * null when there is none (nothing recorded).
   */
  pairWithReceived(request: PairRequest): Promise<string | null>;
  /** Records a recovered or unrecoverable entry; an entry already recorded stays as it was (false). */
  record(entry: LogEntryRecord): Promise<boolean>;
  /** Recovered events whose original has not arrived and still may (claimableUntil > now). */
  claimableRecoveries(now: number): Promise<ClaimableRecovery[]>;
  /** A late original arrived for this recovered event: true for the first one only. */
  claimRecovery(eventId: string, now: number): Promise<boolean>;
  /** The ledger, newest entry first; `outcome` filters. */
  listEntries(filter: { networkUrl: string; outcome?: LogEntryOutcome }, options: ListOptions): Promise<Page<LogEntryRecord>>;
  /**
   * Retention: forgets up to `limit` entries logged before `cutoff` (RELAY_RETENTION ago); how many went. Safe: the
   * position is past them, and a send that old is never recovered (its original may be deleted).
   */
  pruneBefore(cutoff: number, limit: number): Promise<number>;
  /** Entries per outcome, and late originals dropped. */
  counts(networkUrl: string): Promise<Record<LogEntryOutcome, number> & { lateOriginals: number }>;
}
