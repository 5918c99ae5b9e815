/** The embedded default store: one SQLite file in WAL mode, writes group-committed and fsynced before they resolve. */
import path from 'node:path';
import Database from 'better-sqlite3';
import type { EventFilter, ListOptions, Store } from '../store.ts';
import type {
  Delivery, DeliveryStatus, NewEvent, NewWebhook, Page, RelayEvent, Webhook, WebhookFilter, WebhookPatch, DeliveryFilter,
} from '../types.ts';
import { revokedSessionPrefix } from '../revokedSessions.ts';
import {
  attemptFromRow, deliveryFromRow, eventFromRow, pageOf, webhookFromRow, eventsColumn, paceDiffers, webhookPatchValues, type Row,
} from '../rows.ts';
import { newId } from '../ids.ts';
import { ensureDirectory } from './dataDirectory.ts';
import { GroupCommit } from './groupCommit.ts';
import { SqliteDeliveryQueue } from './sqliteDeliveryQueue.ts';
import { SqliteReports } from './sqliteReports.ts';
import { SqliteSubscribers } from './sqliteSubscribers.ts';
import { statements, type Statements } from './statements.ts';
import { DeferredTally } from '../deferredTally.ts';
import { mergeSeenTypes, seenOnce, type SeenType } from '../seenTypes.ts';
import { sqliteMigrations } from './migrations.ts';
import { scopedIdempotencyKey } from '../idempotencyKey.ts';
import { SqliteNetworkStore } from './sqliteNetworkStore.ts';
import { SqliteGapRepairStore } from './sqliteGapRepairStore.ts';
import { SqliteInspectorStore } from './sqliteInspectorStore.ts';
import { paceOf, rateLimitColumn } from '../webhookPace.ts';

export const sqliteFileName = 'relay.db';

/**
 * A damaged file is refused at start, with what to do: serving from it would fail some reads and writes at
 * random later, or silently lose what sits in the damaged pages.
 */
function checkIntegrity(db: Database.Database, file: string): void {
  let verdict: string;
  try {
    verdict = String(db.pragma('quick_check', { simple: true }));
  } catch (error) {
    verdict = (error as Error).message;
  }
  if (verdict === 'ok') return;
  db.close();
  throw new Error(`${file} is damaged (${verdict.split('\n')[0]}): stop the relay, restore the file from a backup, or move it away to start with an empty store`);
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly writes: GroupCommit;
  /** Per-type counts, written at most once a second instead of a statement per event (deferredTally.ts). */
  private readonly seenTypes: DeferredTally<SeenType>;
  readonly network: SqliteNetworkStore;
  readonly gapRepair: SqliteGapRepairStore;
  readonly inspector: SqliteInspectorStore;
  readonly queue: SqliteDeliveryQueue;
  readonly reports: SqliteReports;

  /** Prepared once per SQL text, shared with the queue and the reports. */
  private readonly sql: Statements;
  private readonly subscribers: SqliteSubscribers;

  constructor(file: string) {
    if (file !== ':memory:') ensureDirectory(path.dirname(file));
    this.db = new Database(file);
    if (file !== ':memory:') checkIntegrity(this.db, file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL: commits do not fsync on the event loop; the group commit fsyncs the WAL off it before acknowledging.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    this.writes = new GroupCommit(this.db, file === ':memory:' ? null : `${file}-wal`);
    this.sql = statements(this.db);
    this.subscribers = new SqliteSubscribers(this.sql);
    this.writes.onBegin = () => this.subscribers.checkOtherConnections();
    this.writes.onRollback = () => this.subscribers.forget();
    this.queue = new SqliteDeliveryQueue(this.sql, this.writes, () => this.subscribers.forget());
    this.reports = new SqliteReports(this.sql);
    this.seenTypes = new DeferredTally(mergeSeenTypes, (entries) => this.writeSeenTypes(entries),
      (error) => process.emitWarning(`relay: writing event type counts failed, retrying: ${(error as Error).message}`), { minIntervalMs: 1000 });
    this.network = new SqliteNetworkStore(this.db, this.writes);
    this.gapRepair = new SqliteGapRepairStore(this.db, this.writes);
    this.inspector = new SqliteInspectorStore(this.db, this.writes);
  }

  static inDataDir(dataDir: string): SqliteStore {
    return new SqliteStore(path.join(dataDir, sqliteFileName));
  }

  async migrate(): Promise<void> {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    // BEGIN IMMEDIATE takes the write lock first, so two processes starting at once apply each migration once.
    const applyPending = this.db.transaction(() => {
      const applied = new Set(this.sql('SELECT version FROM schema_migrations').all().map((row) => (row as Row).version));
      for (const migration of sqliteMigrations) {
        if (applied.has(migration.version)) continue;
        this.db.exec(migration.sql);
        this.sql('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, Date.now());
      }
      // What each webhook's URL and limit come to, as this version reckons it (webhooks from before pacing too).
      for (const row of this.sql('SELECT * FROM webhooks').all() as Row[]) if (paceDiffers(row)) this.writePace(row);
    });
    applyPending.immediate();
  }

  async schemaVersion(): Promise<number> {
    return Number((this.sql('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations').get() as Row).version);
  }

  async close(): Promise<void> {
    // Let a batch scheduled in this turn commit, and every commit reach the disk, first.
    // Counts whose write fails now are given up: the events are all committed.
    await this.seenTypes.flush();
    this.seenTypes.stop();
    await this.writes.close();
    if (this.db.open) this.db.close();
  }

  async getOrCreateSetting(key: string, initial: string): Promise<{ value: string; created: boolean }> {
    return this.writes.write(() => {
      const existing = this.sql('SELECT value FROM settings WHERE key = ?').get(key) as Row | undefined;
      if (existing) return { value: String(existing.value), created: false };
      this.sql('INSERT INTO settings (key, value) VALUES (?, ?)').run(key, initial);
      return { value: initial, created: true };
    });
  }

  async getSetting(key: string): Promise<string | null> {
    const row = this.sql('SELECT value FROM settings WHERE key = ?').get(key) as Row | undefined;
    return row ? String(row.value) : null;
  }

  async putSetting(key: string, value: string): Promise<void> {
    await this.writes.write(() => {
      this.sql('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
    });
  }

  async pruneRevokedSessions(nowSeconds: number): Promise<number> {
    return this.writes.write(() =>
      this.sql(`DELETE FROM settings WHERE substr(key, 1, ${revokedSessionPrefix.length}) = ? AND CAST(value AS INTEGER) <= ?`).run(revokedSessionPrefix, nowSeconds).changes,
    );
  }

  // --- webhooks -------------------------------------------------------------------------------------

  async createWebhook(webhook: NewWebhook): Promise<Webhook> {
    return this.writes.write(() => this.insertWebhook(webhook));
  }

  async createWebhookUnlessExisting(webhook: NewWebhook, isSame: (candidate: Webhook) => boolean): Promise<{ webhook: Webhook; created: boolean }> {
    // One synchronous write transaction: nothing runs between the look-up and the insert.
    return this.writes.write(() => {
      const candidates = this.sql('SELECT * FROM webhooks WHERE url = ? AND integration = ? ORDER BY seq').all(webhook.url, webhook.integration) as Row[];
      const existing = candidates.map(webhookFromRow).find(isSame);
      return existing ? { webhook: existing, created: false } : { webhook: this.insertWebhook(webhook), created: true };
    });
  }

  private insertWebhook(webhook: NewWebhook): Webhook {
    this.subscribers.forget();
    const { events, ...rest } = webhook;
    this.sql(`INSERT INTO webhooks (id, name, url, event, integration, active, secret, rate_limit, created_at, updated_at)
                VALUES (@id, @name, @url, @event, @integration, @active, @secret, @rateLimit, @createdAt, @createdAt)`)
      .run({ ...rest, event: eventsColumn(events), active: webhook.active ? 1 : 0, rateLimit: rateLimitColumn(webhook.rateLimit ?? null) });
    this.subscribe(webhook.id, events);
    this.writePace(this.sql('SELECT * FROM webhooks WHERE id = ?').get(webhook.id) as Row);
    return this.webhookById(webhook.id)!;
  }

  /** Replaces the webhook's rows in webhook_events (what fan-out looks up). */
  private subscribe(webhookId: string, events: readonly string[]): void {
    this.sql('DELETE FROM webhook_events WHERE webhook_id = ?').run(webhookId);
    const insert = this.sql('INSERT INTO webhook_events (webhook_id, event) VALUES (?, ?)');
    for (const event of new Set(events)) insert.run(webhookId, event);
  }

  /** Stores what the webhook's URL and rate limit come to, and makes sure its budget has a row. */
  private writePace(row: Row): void {
    const pace = paceOf(webhookFromRow(row));
    this.sql('UPDATE webhooks SET pace_key = ?, pace_interval_ms = ? WHERE id = ?').run(pace.key, pace.intervalMs, row.id);
    this.sql('INSERT INTO pacing (key, next_at) VALUES (?, 0) ON CONFLICT (key) DO NOTHING').run(pace.key);
  }

  private webhookById(id: string): Webhook | null {
    const row = this.sql('SELECT * FROM webhooks WHERE id = ?').get(id) as Row | undefined;
    return row ? webhookFromRow(row) : null;
  }

  /** A newest-first page of `table`, filtered by column equality (undefined values are no filter). */
  private page<T>(table: string, equals: Record<string, unknown>, options: ListOptions, map: (row: Row) => T, conditions: string[] = [], conditionParams: unknown[] = []): Page<T> {
    const where = [...conditions];
    const params: unknown[] = [...conditionParams];
    for (const [column, value] of Object.entries(equals)) {
      if (value === undefined) continue;
      where.push(`${column} = ?`);
      params.push(typeof value === 'boolean' ? (value ? 1 : 0) : value);
    }
    if (options.before) (where.push('seq < ?'), params.push(Number(options.before)));
    const rows = this.sql(`SELECT * FROM ${table} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq DESC LIMIT ?`)
      .all(...params, options.limit + 1) as Row[];
    return pageOf(rows, options.limit, map);
  }

  async getWebhook(id: string): Promise<Webhook | null> {
    return this.webhookById(id);
  }

  async listWebhooks(filter: WebhookFilter, options: ListOptions): Promise<Page<Webhook>> {
    const bySlug = filter.event === undefined ? [] : ['id IN (SELECT webhook_id FROM webhook_events WHERE event = ?)'];
    return this.page('webhooks', { integration: filter.integration, url: filter.url, active: filter.active }, options, webhookFromRow, bySlug, filter.event === undefined ? [] : [filter.event]);
  }

  async updateWebhook(id: string, patch: WebhookPatch, now: number): Promise<Webhook | null> {
    return this.writes.write(() => {
      this.subscribers.forget();
      const sets: string[] = ['updated_at = ?'];
      const params: unknown[] = [now];
      for (const [column, value] of webhookPatchValues(patch)) {
        sets.push(`${column} = ?`);
        params.push(typeof value === 'boolean' ? (value ? 1 : 0) : value);
      }
      // Turning a webhook back on starts a fresh failure count.
      if (patch.active === true) sets.push('failing_since = NULL');
      const result = this.sql(`UPDATE webhooks SET ${sets.join(', ')} WHERE id = ?`).run(...params, id);
      if (result.changes === 0) return null;
      if (patch.events !== undefined) this.subscribe(id, patch.events);
      if (patch.url !== undefined || patch.rateLimit !== undefined) this.writePace(this.sql('SELECT * FROM webhooks WHERE id = ?').get(id) as Row);
      if (patch.active === false) this.queue.cancelPending(id, patch.disabledReason ?? 'webhook disabled', now);
      return this.webhookById(id);
    });
  }

  async deleteWebhook(id: string, now: number): Promise<boolean> {
    return this.writes.write(() => {
      this.subscribers.forget();
      const result = this.sql('DELETE FROM webhooks WHERE id = ?').run(id);
      this.sql('DELETE FROM webhook_events WHERE webhook_id = ?').run(id);
      if (result.changes > 0) this.queue.cancelPending(id, 'webhook deleted', now);
      return result.changes > 0;
    });
  }

  // --- events ---------------------------------------------------------------------------------------

  async insertEvent(event: NewEvent): Promise<{ event: RelayEvent; created: boolean; deliveries: number }> {
    const result = await this.writes.write(() => {
      const idempotencyKey = scopedIdempotencyKey(event.event, event.idempotencyKey);
      if (idempotencyKey !== null) {
        const existing = this.sql('SELECT * FROM events WHERE idempotency_key = ?').get(idempotencyKey) as Row | undefined;
        if (existing) {
          const deliveries = this.sql('SELECT COUNT(*) AS n FROM deliveries WHERE event_id = ?').get(existing.id) as Row;
          return { event: eventFromRow(existing), created: false, deliveries: Number(deliveries.n) };
        }
      }
      this.sql(`INSERT INTO events (id, event, body, is_test, source, idempotency_key, received_at)
                  VALUES (@id, @event, @body, @isTest, @source, @idempotencyKey, @receivedAt)`)
        .run({ ...event, idempotencyKey, isTest: event.isTest ? 1 : 0 });
      let deliveries = 0;
      if (!event.isTest) {
        const subscribers = this.subscribers.of(event.event);
        const insert = this.sql(`INSERT INTO deliveries (id, event_id, webhook_id, event, status, next_attempt_at, created_at, updated_at)
                                        VALUES (?, ?, ?, ?, 'pending', ?, ?, ?)`);
        for (const webhookId of subscribers) {
          insert.run(newId('dlv'), event.id, webhookId, event.event, event.receivedAt, event.receivedAt, event.receivedAt);
        }
        deliveries = subscribers.length;
      }
      // The stored row is exactly the input: no need to read it back.
      const stored: RelayEvent = { id: event.id, event: event.event, body: event.body, isTest: event.isTest, source: event.source, idempotencyKey: event.idempotencyKey, receivedAt: event.receivedAt };
      return { event: stored, created: true, deliveries };
    });
    if (result.created) this.seenTypes.add(event.event, seenOnce(event.receivedAt));
    return result;
  }

  /** The per-type counts, one upsert per type for everything tallied since the last write. */
  private writeSeenTypes(bySlug: Map<string, SeenType>): Promise<void> {
    return this.writes.write(() => {
      const upsert = this.sql(`INSERT INTO event_types_seen (slug, first_seen_at, last_seen_at, count) VALUES (?, ?, ?, ?)
                               ON CONFLICT (slug) DO UPDATE SET last_seen_at = excluded.last_seen_at, count = count + excluded.count`);
      for (const [slug, seen] of bySlug) upsert.run(slug, seen.first, seen.last, seen.count);
    });
  }

  async getEvent(id: string): Promise<RelayEvent | null> {
    const row = this.sql('SELECT * FROM events WHERE id = ?').get(id) as Row | undefined;
    return row ? eventFromRow(row) : null;
  }

  async listEvents(filter: EventFilter, options: ListOptions): Promise<Page<RelayEvent>> {
    return this.page('events', { event: filter.event, is_test: filter.test }, options, eventFromRow, filter.includeTests || filter.test !== undefined ? [] : ['is_test = 0']);
  }

  async listSeenEventTypes() {
    await this.seenTypes.flush();
    const rows = this.sql('SELECT * FROM event_types_seen ORDER BY slug').all() as Row[];
    return rows.map((row) => ({ slug: String(row.slug), firstSeenAt: Number(row.first_seen_at), lastSeenAt: Number(row.last_seen_at), count: Number(row.count) }));
  }

  // --- deliveries -----------------------------------------------------------------------------------

  async insertDelivery(delivery: { id: string; eventId: string; webhookId: string; event: string; createdAt: number; status: DeliveryStatus }): Promise<Delivery> {
    return this.writes.write(() => {
      this.sql(`INSERT INTO deliveries (id, event_id, webhook_id, event, status, next_attempt_at, created_at, updated_at)
                  VALUES (@id, @eventId, @webhookId, @event, @status, NULL, @createdAt, @createdAt)`)
        .run(delivery);
      return deliveryFromRow(this.sql('SELECT * FROM deliveries WHERE id = ?').get(delivery.id) as Row);
    });
  }

  async getDelivery(id: string): Promise<Delivery | null> {
    const row = this.sql('SELECT * FROM deliveries WHERE id = ?').get(id) as Row | undefined;
    return row ? deliveryFromRow(row) : null;
  }

  async listDeliveries(filter: DeliveryFilter, options: ListOptions): Promise<Page<Delivery>> {
    const since = filter.createdSince === undefined ? [] : ['created_at >= ?'];
    return this.page('deliveries', { webhook_id: filter.webhookId, event_id: filter.eventId, status: filter.status, event: filter.event }, options, deliveryFromRow,
      since, filter.createdSince === undefined ? [] : [filter.createdSince]);
  }

  async listAttempts(filter: { deliveryId?: string; webhookId?: string; eventId?: string }, options: ListOptions) {
    return this.page('attempts', { delivery_id: filter.deliveryId, webhook_id: filter.webhookId, event_id: filter.eventId }, options, attemptFromRow);
  }

  async pruneBefore(cutoff: number, limit: number): Promise<number> {
    return this.writes.write(() => {
      const ids = (this.sql(`SELECT id FROM events e WHERE received_at < ?
                             AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id AND d.status = 'pending')
                             ORDER BY seq LIMIT ?`).all(cutoff, limit) as Row[]).map((row) => String(row.id));
      for (const id of ids) {
        this.sql('DELETE FROM attempts WHERE event_id = ?').run(id);
        this.sql('DELETE FROM deliveries WHERE event_id = ?').run(id);
        this.sql('DELETE FROM events WHERE id = ?').run(id);
      }
      this.sql('DELETE FROM inspected_requests WHERE received_at < ?').run(cutoff);
      return ids.length;
    });
  }

  observeCommitBatches(listener: (size: number) => void): void {
    this.writes.onCommit = listener;
  }
}
