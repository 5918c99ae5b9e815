/** The embedded default store: one SQLite file in WAL mode, writes group-committed and fsynced before they resolve. */
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ClaimOptions, EventFilter, ListOptions, OperationalStats, Store } from '../store.ts';
import type {
  AttemptOutcome, ClaimedDelivery, Delivery, DeliveryStatus, InspectedRequest, InspectorBin, NewEvent, NewWebhook, Page,
  RelayEvent, Webhook, WebhookFilter, WebhookPatch, DeliveryFilter, RelayHealth, WebhookActivity,
} from '../types.ts';
import { activityFromRows, healthFromRow } from '../activityRows.ts';
import { revokedSessionPrefix } from '../revokedSessions.ts';
import {
  attemptFromRow, deliveryFromRow, eventFromRow, inspectedRequestFromRow, inspectorBinFromRow, pageOf, webhookFromRow,
  eventsColumn, paceDiffers, webhookPatchValues, type Row,
} from '../rows.ts';
import { newId } from '../ids.ts';
import { ensureDirectory } from './dataDirectory.ts';
import { GroupCommit } from './groupCommit.ts';
import { DeferredTally } from '../deferredTally.ts';
import { mergeSeenTypes, seenOnce, type SeenType } from '../seenTypes.ts';
import { sqliteMigrations } from './migrations.ts';
import { scopedIdempotencyKey } from '../idempotencyKey.ts';
import { SqliteNetworkStore } from './sqliteNetworkStore.ts';
import { SqliteGapRepairStore } from './sqliteGapRepairStore.ts';
import { SqliteInspectorStore } from './sqliteInspectorStore.ts';
import { paceLookaheadMs, paceOf, paceSlots, rateLimitColumn } from '../webhookPace.ts';

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

  private readonly statements = new Map<string, Database.Statement>();

  /** Prepared once per SQL text: preparing is the costly part of a small query. */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

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
      if (patch.active === false) this.cancelPending(id, patch.disabledReason ?? 'webhook disabled', now);
      return this.webhookById(id);
    });
  }

  private cancelPending(webhookId: string, reason: string, now: number): void {
    this.sql(`UPDATE deliveries SET status = 'cancelled', last_error = ?, next_attempt_at = NULL, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
                WHERE webhook_id = ? AND status = 'pending'`)
      .run(reason, now, webhookId);
  }

  async deleteWebhook(id: string, now: number): Promise<boolean> {
    return this.writes.write(() => {
      const result = this.sql('DELETE FROM webhooks WHERE id = ?').run(id);
      this.sql('DELETE FROM webhook_events WHERE webhook_id = ?').run(id);
      if (result.changes > 0) this.cancelPending(id, 'webhook deleted', now);
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
        // Subscribed to this event among others, or to every event.
        const subscribers = this.sql(`SELECT DISTINCT w.id FROM webhook_events we JOIN webhooks w ON w.id = we.webhook_id
                                      WHERE we.event IN (?, '*') AND w.active = 1`)
          .all(event.event) as Row[];
        const insert = this.sql(`INSERT INTO deliveries (id, event_id, webhook_id, event, status, next_attempt_at, created_at, updated_at)
                                        VALUES (?, ?, ?, ?, 'pending', ?, ?, ?)`);
        for (const subscriber of subscribers) {
          insert.run(newId('dlv'), event.id, subscriber.id, event.event, event.receivedAt, event.receivedAt, event.receivedAt);
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

  async claimDueDeliveries(options: ClaimOptions): Promise<ClaimedDelivery[]> {
    return this.writes.write(() => {
      const sendAt = this.reservePacedSlots(options);
      const rest = { ...options, limit: options.limit - sendAt.size };
      const unpaced = rest.limit <= 0 ? [] : options.excludeWebhookIds.length ? this.dueAroundBusyWebhooks(rest) : this.dueOldestFirst(rest);
      const seqs = [...sendAt.keys(), ...unpaced];
      if (seqs.length === 0) return [];
      // A paced delivery's lease also covers the wait for its slot.
      const claimed = this.sql(`UPDATE deliveries SET lease_owner = ?, lease_expires_at = CASE WHEN seq IN (SELECT value FROM json_each(?)) THEN ? ELSE ? END
                                WHERE seq IN (SELECT value FROM json_each(?)) RETURNING *`)
        .all(options.workerId, JSON.stringify([...sendAt.keys()]), options.now + options.leaseMs + paceLookaheadMs, options.now + options.leaseMs, JSON.stringify(seqs)) as Row[];
      return this.withWebhooksAndBodies(claimed.sort((a, b) => Number(a.next_attempt_at) - Number(b.next_attempt_at)))
        .map((item, index) => ({ ...item, ...(sendAt.has(Number(claimed[index].seq)) ? { sendAt: sendAt.get(Number(claimed[index].seq)) } : {}) }));
    }, { durable: false });
  }

  /**
   * Paced budgets (webhooks with a rate limit, a Zapier account's hooks together): due deliveries, oldest first, as
   * many as the budget has send slots before now + the lookahead; the budget's next slot moves past them.
   * Returns the chosen deliveries' seq with the time each may be sent.
   */
  private reservePacedSlots(options: ClaimOptions): Map<number, number> {
    const chosen = new Map<number, number>();
    const busy = new Set(options.excludeWebhookIds);
    // Only budgets with something due: one index probe per paced webhook.
    const budgets = this.sql(`SELECT p.key, p.next_at, MAX(w.pace_interval_ms) AS interval_ms FROM pacing p JOIN webhooks w ON w.pace_key = p.key
                              WHERE w.active = 1 AND w.pace_interval_ms IS NOT NULL AND p.next_at <= @horizon
                                AND EXISTS (SELECT 1 FROM deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending' AND d.next_attempt_at <= @now
                                              AND (d.lease_expires_at IS NULL OR d.lease_expires_at <= @now))
                              GROUP BY p.key, p.next_at`)
      .all({ now: options.now, horizon: options.now + paceLookaheadMs }) as Row[];
    for (const budget of budgets) {
      const room = options.limit - chosen.size;
      if (room <= 0) break;
      const intervalMs = Number(budget.interval_ms);
      const slots = paceSlots({ nextAt: Number(budget.next_at), now: options.now, intervalMs, max: Math.min(room, options.perWebhookLimit) });
      if (slots.count === 0) continue;
      const webhooks = (this.sql('SELECT id FROM webhooks WHERE pace_key = ? AND active = 1').all(budget.key) as Row[]).filter((row) => !busy.has(String(row.id)));
      const due = webhooks
        .flatMap((row) => this.sql(this.dueOfWebhookSql).all(row.id, options.now, options.now, slots.count) as Row[])
        .sort((a, b) => Number(a.next_attempt_at) - Number(b.next_attempt_at) || Number(a.seq) - Number(b.seq))
        .slice(0, slots.count);
      if (due.length === 0) continue;
      due.forEach((row, index) => chosen.set(Number(row.seq), slots.start + index * intervalMs));
      this.sql('UPDATE pacing SET next_at = ? WHERE key = ?').run(Math.ceil(slots.start + due.length * intervalMs), budget.key);
    }
    return chosen;
  }

  private readonly dueOfWebhookSql = `SELECT seq, next_attempt_at FROM deliveries
                                      WHERE webhook_id = ? AND status = 'pending' AND next_attempt_at <= ?
                                        AND (lease_expires_at IS NULL OR lease_expires_at <= ?)
                                      ORDER BY next_attempt_at LIMIT ?`;

  /** Unpaced webhooks only, and none whose budget a receiver paused (429): a claim's condition on the webhook `w`. */
  private readonly unpacedAndUnpaused = `w.pace_interval_ms IS NULL AND NOT EXISTS (SELECT 1 FROM pacing p WHERE p.key = w.pace_key AND p.next_at > @now)`;

  /**
   * Due deliveries oldest first, at most perWebhookLimit per webhook. Candidates are bounded (4× the limit), so a
   * large backlog never makes a claim scan it all.
   */
  private dueOldestFirst(options: ClaimOptions): number[] {
    const rows = this.sql(`WITH candidates AS (
                SELECT d.seq, d.webhook_id, d.next_attempt_at FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id
                WHERE d.status = 'pending' AND d.next_attempt_at <= @now
                  AND (d.lease_expires_at IS NULL OR d.lease_expires_at <= @now) AND w.active = 1 AND ${this.unpacedAndUnpaused}
                ORDER BY d.next_attempt_at LIMIT @candidates),
              ranked AS (
                SELECT seq, next_attempt_at, ROW_NUMBER() OVER (PARTITION BY webhook_id ORDER BY next_attempt_at) AS rank FROM candidates)
              SELECT seq FROM ranked WHERE rank <= @perWebhookLimit ORDER BY next_attempt_at LIMIT @limit`)
      .all({ now: options.now, candidates: options.limit * 4, perWebhookLimit: options.perWebhookLimit, limit: options.limit }) as Row[];
    return rows.map((row) => Number(row.seq));
  }

  /**
   * With busy webhooks to skip, walking due deliveries oldest first would read through their whole backlog (a
   * hanging receiver's grows by the event rate) at every claim. Instead: each other active webhook's earliest
   * pending delivery (one index probe each), then up to perWebhookLimit due ones from the earliest webhooks.
   */
  private dueAroundBusyWebhooks(options: ClaimOptions): number[] {
    const busy = new Set(options.excludeWebhookIds);
    const heads = (this.sql(`SELECT w.id, (SELECT MIN(d.next_attempt_at) FROM deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending') AS due
                             FROM webhooks w WHERE w.active = 1 AND ${this.unpacedAndUnpaused}`).all({ now: options.now }) as Row[])
      .filter((head) => head.due !== null && Number(head.due) <= options.now && !busy.has(String(head.id)))
      .sort((a, b) => Number(a.due) - Number(b.due))
      .slice(0, options.limit);
    const dueOfWebhook = this.sql(this.dueOfWebhookSql);
    const candidates = heads.flatMap((head) => dueOfWebhook.all(head.id, options.now, options.now, options.perWebhookLimit) as Row[]);
    return candidates
      .sort((a, b) => Number(a.next_attempt_at) - Number(b.next_attempt_at))
      .slice(0, options.limit)
      .map((row) => Number(row.seq));
  }

  private withWebhooksAndBodies(rows: Row[]): ClaimedDelivery[] {
    const webhooks = new Map<string, Webhook>();
    const bodies = new Map<string, Row>();
    const webhookStatement = this.sql('SELECT * FROM webhooks WHERE id = ?');
    const bodyStatement = this.sql('SELECT body, source FROM events WHERE id = ?');
    return rows.map((row) => {
      const delivery = deliveryFromRow(row);
      if (!webhooks.has(delivery.webhookId)) webhooks.set(delivery.webhookId, webhookFromRow(webhookStatement.get(delivery.webhookId) as Row));
      if (!bodies.has(delivery.eventId)) bodies.set(delivery.eventId, bodyStatement.get(delivery.eventId) as Row);
      const event = bodies.get(delivery.eventId)!;
      return { delivery, webhook: webhooks.get(delivery.webhookId)!, body: String(event.body), trigger: row.next_trigger as ClaimedDelivery['trigger'], recovered: event.source === 'recovered' };
    });
  }

  async completeAttempt(deliveryId: string, workerId: string, outcome: AttemptOutcome): Promise<boolean> {
    return this.writes.write(() => {
      this.insertAttempt(outcome);
      // The lease check is the delivery update's own condition: one lookup instead of two.
      return this.applyOutcome(deliveryId, outcome, workerId);
    });
  }

  async recordDirectAttempt(deliveryId: string, outcome: AttemptOutcome): Promise<void> {
    return this.writes.write(() => {
      this.insertAttempt(outcome);
      this.applyOutcome(deliveryId, outcome);
    });
  }

  private insertAttempt(outcome: AttemptOutcome): void {
    const { attempt } = outcome;
    this.sql(`INSERT INTO attempts (id, delivery_id, webhook_id, event_id, attempt_number, trigger, started_at, duration_ms, ok, status_code, error, response_excerpt)
                VALUES (@id, @deliveryId, @webhookId, @eventId, @attemptNumber, @trigger, @startedAt, @durationMs, @ok, @statusCode, @error, @responseExcerpt)`)
      .run({ ...attempt, ok: attempt.ok ? 1 : 0 });
  }

  /** Applies the outcome to the delivery (only while `leaseOwner` holds it, when given) and its webhook; false if not held. */
  private applyOutcome(deliveryId: string, outcome: AttemptOutcome, leaseOwner?: string): boolean {
    const { attempt } = outcome;
    const now = attempt.startedAt + attempt.durationMs;
    if (outcome.pausedUntil !== undefined) return this.applyBackPressure(deliveryId, outcome, now, leaseOwner);
    const set = `UPDATE deliveries SET status = ?, attempts = attempts + 1, next_attempt_at = ?, next_trigger = 'scheduled',
                  lease_owner = NULL, lease_expires_at = NULL, last_status_code = ?, last_error = ?, updated_at = ?`;
    const updated = leaseOwner === undefined
      ? this.sql(`${set} WHERE id = ?`).run(outcome.status, outcome.nextAttemptAt, attempt.statusCode, attempt.error, now, deliveryId)
      : this.sql(`${set} WHERE id = ? AND lease_owner = ? AND status = 'pending'`)
        .run(outcome.status, outcome.nextAttemptAt, attempt.statusCode, attempt.error, now, deliveryId, leaseOwner);
    if (leaseOwner !== undefined && updated.changes === 0) return false;
    // Test events say nothing about the webhook's health: they neither count nor start the failure clock.
    if (attempt.trigger === 'test') return true;
    if (attempt.ok) {
      this.sql(`UPDATE webhooks SET deliveries_succeeded = deliveries_succeeded + 1, last_success_at = ?, failing_since = NULL WHERE id = ?`)
        .run(now, attempt.webhookId);
    } else {
      this.sql(`UPDATE webhooks SET deliveries_failed = deliveries_failed + ?, last_failure_at = ?, failing_since = COALESCE(failing_since, ?) WHERE id = ?`)
        .run(outcome.status === 'failed' ? 1 : 0, now, attempt.startedAt, attempt.webhookId);
    }
    if (outcome.disableWebhookReason) {
      this.sql(`UPDATE webhooks SET active = 0, disabled_reason = ?, updated_at = ? WHERE id = ?`)
        .run(outcome.disableWebhookReason, now, attempt.webhookId);
      this.cancelPending(attempt.webhookId, outcome.disableWebhookReason, now);
    }
    return true;
  }

  /**
   * The receiver asked to slow down: the delivery keeps its place, state and attempt count (only its lease goes and
   * its last answer is noted), the webhook's health is untouched, and its budget sends nothing until pausedUntil.
   */
  private applyBackPressure(deliveryId: string, outcome: AttemptOutcome, now: number, leaseOwner?: string): boolean {
    const { attempt } = outcome;
    const set = `UPDATE deliveries SET lease_owner = NULL, lease_expires_at = NULL, last_status_code = ?, last_error = ?, updated_at = ?`;
    const updated = leaseOwner === undefined
      ? this.sql(`${set} WHERE id = ?`).run(attempt.statusCode, attempt.error, now, deliveryId)
      : this.sql(`${set} WHERE id = ? AND lease_owner = ? AND status = 'pending'`).run(attempt.statusCode, attempt.error, now, deliveryId, leaseOwner);
    if (leaseOwner !== undefined && updated.changes === 0) return false;
    this.sql('UPDATE pacing SET next_at = MAX(next_at, ?) WHERE key = (SELECT pace_key FROM webhooks WHERE id = ?)').run(outcome.pausedUntil, attempt.webhookId);
    return true;
  }

  async releaseLeases(workerId: string, deliveryIds: readonly string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    return this.writes.write(() => {
      const release = this.sql('UPDATE deliveries SET lease_owner = NULL, lease_expires_at = NULL WHERE id = ? AND lease_owner = ?');
      for (const id of deliveryIds) release.run(id, workerId);
    }, { durable: false });
  }

  async requeueDeliveries(filter: { deliveryId?: string; webhookId?: string; failedSince?: number }, now: number): Promise<number> {
    return this.writes.write(() => {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.deliveryId !== undefined) {
        // A single manual retry may redeliver any finished delivery; one already pending just moves up and keeps
    // its remaining automatic retries ('manual-pending').
        where.push('id = ?');
        params.push(filter.deliveryId);
      } else {
        where.push(`status IN ('failed', 'cancelled')`);
      }
      if (filter.webhookId !== undefined) (where.push('webhook_id = ?'), params.push(filter.webhookId));
      if (filter.failedSince !== undefined) (where.push('updated_at >= ?'), params.push(filter.failedSince));
      const result = this.sql(`UPDATE deliveries SET status = 'pending', next_attempt_at = ?, next_trigger = CASE WHEN status = 'pending' THEN 'manual-pending' ELSE 'manual' END, updated_at = ?
                  WHERE ${where.join(' AND ')} AND (lease_expires_at IS NULL OR lease_expires_at <= ?)`)
        .run(now, now, ...params, now);
      return result.changes;
    });
  }

  async nextDueAt(): Promise<number | null> {
    // A leased delivery becomes claimable again only when its lease runs out. Two index walks that stop early,
    // whatever the backlog: the earliest unleased delivery, and the leased ones (no more than are in flight).
    const unleased = this.sql(`SELECT d.next_attempt_at AS due FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id
                               WHERE d.status = 'pending' AND d.lease_expires_at IS NULL AND w.active = 1
                               ORDER BY d.next_attempt_at LIMIT 1`).get() as Row | undefined;
    const leased = this.sql(`SELECT MIN(MAX(d.next_attempt_at, d.lease_expires_at)) AS due FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id
                             WHERE d.status = 'pending' AND d.lease_expires_at IS NOT NULL AND w.active = 1`).get() as Row;
    const candidates = [unleased?.due, leased.due].filter((due) => due !== null && due !== undefined).map(Number);
    return candidates.length ? Math.min(...candidates) : null;
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

  async webhookActivity(since: number): Promise<Map<string, WebhookActivity>> {
    // Only the window's attempts: without statistics the planner would rather walk the whole log in webhook order.
    const attempts = this.sql(`SELECT webhook_id,
                                 SUM(CASE WHEN trigger <> 'test' AND ok = 1 THEN 1 ELSE 0 END) AS succeeded,
                                 SUM(CASE WHEN trigger <> 'test' AND ok = 0 THEN 1 ELSE 0 END) AS failed,
                                 SUM(CASE WHEN trigger = 'test' THEN 1 ELSE 0 END) AS tests,
                                 SUM(CASE WHEN trigger = 'test' AND ok = 1 THEN 1 ELSE 0 END) AS tests_succeeded
                               FROM attempts INDEXED BY attempts_by_time WHERE started_at >= ? GROUP BY webhook_id`).all(since) as Row[];
    const pending = this.sql(`SELECT webhook_id, COUNT(*) AS pending, SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END) AS retrying
                              FROM deliveries WHERE status = 'pending' GROUP BY webhook_id`).all() as Row[];
    // One index lookup per webhook (attempts_by_webhook), whatever the log's size.
    const latest = this.sql(`SELECT a.webhook_id, a.started_at, a.ok, a.status_code, a.trigger FROM webhooks w
                             JOIN attempts a ON a.seq = (SELECT MAX(x.seq) FROM attempts x WHERE x.webhook_id = w.id)`).all() as Row[];
    return activityFromRows(attempts, pending, latest);
  }

  async relayHealth(since: number): Promise<RelayHealth> {
    return healthFromRow(this.sql(`SELECT
        (SELECT COUNT(*) FROM events WHERE received_at >= @since AND is_test = 0) AS events,
        (SELECT COUNT(*) FROM attempts WHERE started_at >= @since AND trigger <> 'test') AS attempts,
        (SELECT COUNT(*) FROM attempts WHERE started_at >= @since AND trigger <> 'test' AND ok = 0) AS failed_attempts,
        (SELECT COUNT(*) FROM deliveries WHERE status = 'pending') AS pending,
        (SELECT MIN(created_at) FROM deliveries WHERE status = 'pending') AS oldest_pending_at`).get({ since }) as Row);
  }

  async stats() {
    const count = (sql: string) => Number((this.sql(sql).get() as Row).n);
    return {
      events: count('SELECT COUNT(*) AS n FROM events'),
      pendingDeliveries: count(`SELECT COUNT(*) AS n FROM deliveries WHERE status = 'pending'`),
      webhooks: count('SELECT COUNT(*) AS n FROM webhooks'),
    };
  }

  async operationalStats(now: number): Promise<OperationalStats> {
    const queue = this.sql(`SELECT COUNT(*) AS pending, MIN(CASE WHEN next_attempt_at <= ? THEN next_attempt_at END) AS oldest_due
                            FROM deliveries WHERE status = 'pending'`).get(now) as Row;
    const hooks = this.sql(`SELECT COALESCE(SUM(active = 1 AND failing_since IS NULL), 0) AS active,
                                   COALESCE(SUM(active = 1 AND failing_since IS NOT NULL), 0) AS failing,
                                   COALESCE(SUM(active = 0), 0) AS disabled FROM webhooks`).get() as Row;
    return {
      pendingDeliveries: Number(queue.pending),
      oldestDueAt: queue.oldest_due === null ? null : Number(queue.oldest_due),
      webhooks: { active: Number(hooks.active), failing: Number(hooks.failing), disabled: Number(hooks.disabled) },
    };
  }

  observeCommitBatches(listener: (size: number) => void): void {
    this.writes.onCommit = listener;
  }
}
