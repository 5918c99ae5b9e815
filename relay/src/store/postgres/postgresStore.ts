/**
 * The shared store for a relay that runs as several processes: PostgreSQL through a small `pg` pool. Ingest and
 * attempt results are group-committed (batcher.ts); deliveries are claimed with leases under
 * FOR UPDATE SKIP LOCKED, so any number of workers share the queue without handing one delivery to two.
 */
import pg from 'pg';
import type { Pool, PoolClient } from 'pg';
import type { ClaimOptions, EventFilter, ListOptions, OperationalStats, Store } from '../store.ts';
import type {
  AttemptOutcome, ClaimedDelivery, Delivery, DeliveryStatus, InspectedRequest, InspectorBin, NewEvent, NewWebhook, Page,
  RelayEvent, Webhook, WebhookFilter, WebhookPatch,
} from '../types.ts';
import type { DeliveryFilter, RelayHealth, WebhookActivity } from '../types.ts';
import { activityFromRows, healthFromRow } from '../activityRows.ts';
import {
  attemptFromRow, deliveryFromRow, eventFromRow, inspectedRequestFromRow, inspectorBinFromRow, pageOf, webhookFromRow,
  paceDiffers, webhookPatchValues, type Row,
} from '../rows.ts';
import { Batcher } from './batcher.ts';
import { cancelPendingDeliveries, completeBatch, healthOf, mergeHealth, writeWebhookHealth, type Completion, type WebhookHealth } from './completionBatch.ts';
import { Conditions } from './conditions.ts';
import { connectionOptions, type PostgresStoreOptions } from './connectionOptions.ts';
import { DeferredTally } from '../deferredTally.ts';
import { insertEventBatch, writeSeenTypes, type InsertEventResult } from './eventBatch.ts';
import { mergeSeenTypes, seenOnce, type SeenType } from '../seenTypes.ts';
import { postgresMigrations } from './migrations.ts';
import { PostgresNetworkStore } from './postgresNetworkStore.ts';
import { PostgresGapRepairStore } from './postgresGapRepairStore.ts';
import { NewWorkAnnouncer } from './newWorkAnnouncer.ts';
import { NewWorkListener } from './newWorkListener.ts';
import { revokedSessionPrefix } from '../revokedSessions.ts';
import { inTransaction } from './transaction.ts';
import { insertWebhook, subscribe, writePace } from './webhookSubscriptions.ts';
import { PostgresInspectorStore } from './postgresInspectorStore.ts';
import { paceLookaheadMs } from '../webhookPace.ts';

export type { PostgresStoreOptions } from './connectionOptions.ts';

const claimedFromRow = (row: Row): ClaimedDelivery => ({
  delivery: deliveryFromRow(row),
  webhook: webhookFromRow(row.webhook_row as Row),
  body: String(row.event_body),
  trigger: row.next_trigger as ClaimedDelivery['trigger'],
  recovered: row.event_source === 'recovered',
});

/** Unpaced webhooks only, and none whose budget a receiver paused (429): a claim's condition on the webhook `w`. */
const unpacedAndUnpaused = `w.pace_interval_ms IS NULL AND NOT EXISTS (SELECT 1 FROM pacing p WHERE p.key = w.pace_key AND p.next_at > $1)`;

/**
 * Due deliveries oldest first (4× the limit as candidates, so a large backlog is never scanned whole), at most
 * perWebhookLimit per webhook: window functions cannot be combined with FOR UPDATE, so ranking happens on the
 * locked set. Parameters (both): $1 now, $2 busy webhooks, $5 per-webhook limit, $6 limit; `room`: what the paced part left of it.
 */
const dueOldestFirst = `candidates AS (
     SELECT d.seq, d.webhook_id, d.next_attempt_at FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id
     WHERE d.status = 'pending' AND d.next_attempt_at <= $1
       AND (d.lease_expires_at IS NULL OR d.lease_expires_at <= $1) AND w.active AND NOT (d.webhook_id = ANY($2::text[])) AND ${unpacedAndUnpaused}
     ORDER BY d.next_attempt_at LIMIT 4 * $6::int
     FOR UPDATE OF d SKIP LOCKED),
   ranked AS (
     SELECT seq, next_attempt_at, ROW_NUMBER() OVER (PARTITION BY webhook_id ORDER BY next_attempt_at) AS rank FROM candidates),
   chosen AS (SELECT seq FROM ranked WHERE rank <= $5 ORDER BY next_attempt_at LIMIT (SELECT n FROM room))`;

/**
 * With busy webhooks ($2) to skip, walking due deliveries oldest first would read through their whole backlog
 * (a hanging receiver's grows by the event rate) at every claim. Instead: each other active webhook's earliest
 * pending delivery (one index probe each), then up to perWebhookLimit due ones from the earliest webhooks.
 */
const dueAroundBusyWebhooks = `ready AS (
     SELECT w.id, head.due FROM webhooks w
     CROSS JOIN LATERAL (SELECT MIN(d.next_attempt_at) AS due FROM deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending') head
     WHERE w.active AND NOT (w.id = ANY($2::text[])) AND head.due <= $1 AND ${unpacedAndUnpaused}
     ORDER BY head.due LIMIT $6),
   candidates AS (
     SELECT due.seq, due.next_attempt_at FROM ready CROSS JOIN LATERAL (
       SELECT d.seq, d.next_attempt_at FROM deliveries d
       WHERE d.webhook_id = ready.id AND d.status = 'pending' AND d.next_attempt_at <= $1
         AND (d.lease_expires_at IS NULL OR d.lease_expires_at <= $1)
       ORDER BY d.next_attempt_at LIMIT $5
       FOR UPDATE OF d SKIP LOCKED) due),
   chosen AS (SELECT seq FROM candidates ORDER BY next_attempt_at LIMIT (SELECT n FROM room))`;

/**
 * Paced budgets (webhooks with a rate limit, a Zapier account's hooks together): each budget with something due
 * (only those: a row lock is a write) is locked (SKIP LOCKED: one claimer per budget at a time, across processes),
 * its due deliveries taken oldest first, as many as it has send slots (one per interval from next_at) before now +
 * $7, and next_at moved past them. Delivery rows are locked too, so a claim that began before another committed
 * re-checks their leases. Then `room`: what is left of the limit for the unpaced part of the same statement.
 * Parameters: $1 now, $2 busy webhooks, $5 most per budget, $6 limit, $7 lookahead.
 */
const pacedChosen = `waiting AS (
     SELECT w.pace_key, MAX(w.pace_interval_ms) AS interval_ms FROM webhooks w
     WHERE w.active AND w.pace_interval_ms IS NOT NULL AND NOT (w.id = ANY($2::text[]))
       AND EXISTS (SELECT 1 FROM deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending' AND d.next_attempt_at <= $1
                     AND (d.lease_expires_at IS NULL OR d.lease_expires_at <= $1))
     GROUP BY w.pace_key),
   budgets AS (
     SELECT p.key, GREATEST(p.next_at, $1::bigint) AS start, waiting.interval_ms FROM pacing p JOIN waiting ON waiting.pace_key = p.key
     WHERE p.next_at <= $1::bigint + $7::bigint
     FOR UPDATE OF p SKIP LOCKED),
   paced_due AS (
     SELECT budgets.key, budgets.start, budgets.interval_ms, x.seq, x.next_attempt_at FROM budgets CROSS JOIN LATERAL (
       SELECT d.seq, d.next_attempt_at FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id
       WHERE w.pace_key = budgets.key AND w.active AND NOT (w.id = ANY($2::text[])) AND d.status = 'pending' AND d.next_attempt_at <= $1
         AND (d.lease_expires_at IS NULL OR d.lease_expires_at <= $1)
       ORDER BY d.next_attempt_at, d.seq
       LIMIT LEAST($5::int, FLOOR(($1::bigint + $7::bigint - budgets.start) / budgets.interval_ms)::int + 1)
       FOR UPDATE OF d SKIP LOCKED) x),
   paced_chosen AS (
     SELECT * FROM (SELECT paced_due.*, ROW_NUMBER() OVER (PARTITION BY key ORDER BY next_attempt_at, seq) - 1 AS position FROM paced_due) numbered
     ORDER BY next_attempt_at, seq LIMIT $6),
   advanced AS (
     UPDATE pacing p SET next_at = CEIL(taken.start + taken.n * taken.interval_ms)::bigint
     FROM (SELECT key, start, interval_ms, COUNT(*) AS n FROM paced_chosen GROUP BY key, start, interval_ms) taken WHERE p.key = taken.key),
   room AS (SELECT GREATEST(0, $6::int - (SELECT COUNT(*) FROM paced_chosen))::int AS n)`;

export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  readonly schema: string | null;
  private readonly pool: Pool;
  readonly network: PostgresNetworkStore;
  readonly gapRepair: PostgresGapRepairStore;
  readonly inspector: PostgresInspectorStore;
  private readonly channel: string;
  private readonly listener: NewWorkListener | null;
  private readonly announcer: NewWorkAnnouncer;
  private readonly ingests: Batcher<NewEvent, InsertEventResult>;
  private readonly completions: Batcher<Completion, boolean>;
  private readonly seenTypes: DeferredTally<SeenType>;
  private readonly webhookHealth: DeferredTally<WebhookHealth>;

  constructor(url: string, options: PostgresStoreOptions = {}) {
    const connection = connectionOptions(url, options);
    this.schema = connection.schema;
    this.pool = new pg.Pool(connection.pool);
    // An idle connection dropped by the server must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
    // Nor one dropped while checked out (a restart, a failover, pg_terminate_backend: 57P01): the query running
    // on it fails and is handled by its caller, and the broken client is discarded when released.
    this.pool.on('connect', (client) => client.on('error', () => undefined));
    this.network = new PostgresNetworkStore(this.pool);
    this.gapRepair = new PostgresGapRepairStore(this.pool);
    this.inspector = new PostgresInspectorStore(this.pool);
    this.channel = `relay_new_work${this.schema ? `_${this.schema}` : ''}`.toLowerCase();
    this.listener = options.listen === false ? null : new NewWorkListener(connection.pool, this.channel);
    this.announcer = new NewWorkAnnouncer(this.pool, this.channel);
    // Attempt batches get a third of the pool; ingest batches one connection; claims and reads take the rest.
    const batchConnections = Math.max(1, Math.floor((connection.pool.max ?? 10) / 3));
    const warn = (what: string) => (error: unknown) => process.emitWarning(`relay: writing ${what} failed, retrying: ${(error as Error).message}`);
    // At most one count write a second: per ingest batch it was a second commit each (deferredTally.ts).
    this.seenTypes = new DeferredTally(mergeSeenTypes, (entries) => writeSeenTypes(this.pool, entries), warn('event type counts'), { minIntervalMs: 1000 });
    this.webhookHealth = new DeferredTally(mergeHealth, (entries) => writeWebhookHealth(this.pool, entries), warn('webhook health counters'));
    this.ingests = new Batcher({
      flush: async (events) => {
        const results = await insertEventBatch(this.pool, events);
        if (results.some((result) => result.created && result.deliveries > 0)) this.announcer.announce();
        results.forEach((result, index) => {
          if (result.created) this.seenTypes.add(events[index].event, seenOnce(events[index].receivedAt));
        });
        return results;
      },
      // One ingest batch at a time: the events that arrive meanwhile make the next one, so under load every round
      // trip carries more events (measured: bench/results-history/2026-11-30.md).
      maxConcurrent: 1,
      maxBatchSize: 500,
    });
    this.completions = new Batcher({
      flush: async (items) => {
        const held = await inTransaction(this.pool, (client) => completeBatch(client, items));
        items.forEach(({ outcome }, index) => {
          // Test attempts and a receiver's asking to slow down say nothing about the webhook's health.
          if (held[index] && outcome.attempt.trigger !== 'test' && outcome.pausedUntil === undefined) this.webhookHealth.add(outcome.attempt.webhookId, healthOf(outcome));
        });
        return held;
      },
      maxConcurrent: batchConnections,
      maxBatchSize: 500,
    });
  }

  private async query(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.pool.query(sql, params)).rows as Row[];
  }

  async migrate(): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      // One lock per schema: processes starting together queue here and each migration runs once.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`relay-migrate:${this.schema ?? ''}`]);
      if (this.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
      const applied = new Set((await client.query('SELECT version FROM schema_migrations')).rows.map((row: Row) => Number(row.version)));
      for (const migration of postgresMigrations) {
        if (applied.has(migration.version)) continue;
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, Date.now()]);
      }
      // What each webhook's URL and limit come to, as this version reckons it (webhooks from before pacing too).
      for (const row of (await client.query('SELECT * FROM webhooks')).rows as Row[]) if (paceDiffers(row)) await writePace(client, row);
    });
  }

  async schemaVersion(): Promise<number> {
    const [row] = await this.query('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations');
    return Number(row.version);
  }

  onNewWork(listener: () => void): () => void {
    return this.listener ? this.listener.add(listener) : () => undefined;
  }

  async close(): Promise<void> {
    await this.ingests.drain();
    await this.completions.drain();
    // Counters whose write fails now (database gone) are given up: events and deliveries are all committed.
    await Promise.all([this.seenTypes.flush(), this.webhookHealth.flush()]);
    this.seenTypes.stop();
    this.webhookHealth.stop();
    await this.announcer.settled();
    await this.listener?.close();
    await this.pool.end();
  }

  async getOrCreateSetting(key: string, initial: string): Promise<{ value: string; created: boolean }> {
    const inserted = await this.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING value', [key, initial]);
    if (inserted.length) return { value: initial, created: true };
    const [row] = await this.query('SELECT value FROM settings WHERE key = $1', [key]);
    return { value: String(row.value), created: false };
  }

  async getSetting(key: string): Promise<string | null> {
    const [row] = await this.query('SELECT value FROM settings WHERE key = $1', [key]);
    return row ? String(row.value) : null;
  }

  async putSetting(key: string, value: string): Promise<void> {
    await this.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [key, value]);
  }

  async pruneRevokedSessions(nowSeconds: number): Promise<number> {
    const deleted = await this.query(
      `DELETE FROM settings WHERE starts_with(key, $1) AND CASE WHEN value ~ '^[0-9]{1,15}$' THEN value::bigint <= $2 ELSE false END RETURNING key`,
      [revokedSessionPrefix, nowSeconds],
    );
    return deleted.length;
  }

  // --- webhooks -------------------------------------------------------------------------------------

  async createWebhook(webhook: NewWebhook): Promise<Webhook> {
    return inTransaction(this.pool, (client) => insertWebhook(client, webhook));
  }

  async createWebhookUnlessExisting(webhook: NewWebhook, isSame: (candidate: Webhook) => boolean): Promise<{ webhook: Webhook; created: boolean }> {
    await this.webhookHealth.flush();
    return inTransaction(this.pool, async (client) => {
      // Held until commit: every process's subscribe to this URL waits here, then sees what the previous one created.
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`subscribe\n${webhook.integration}\n${webhook.url}`]);
      const candidates = await client.query('SELECT * FROM webhooks WHERE url = $1 AND integration = $2 ORDER BY seq', [webhook.url, webhook.integration]);
      const existing = candidates.rows.map((row) => webhookFromRow(row as Row)).find(isSame);
      return existing ? { webhook: existing, created: false } : { webhook: await insertWebhook(client, webhook), created: true };
    });
  }

  async getWebhook(id: string): Promise<Webhook | null> {
    await this.webhookHealth.flush();
    const [row] = await this.query('SELECT * FROM webhooks WHERE id = $1', [id]);
    return row ? webhookFromRow(row) : null;
  }

  async listWebhooks(filter: WebhookFilter, options: ListOptions): Promise<Page<Webhook>> {
    await this.webhookHealth.flush();
    const conditions = new Conditions();
    if (filter.event !== undefined) conditions.add((p) => `id IN (SELECT webhook_id FROM webhook_events WHERE event = ${p})`, filter.event);
    if (filter.integration !== undefined) conditions.add((p) => `integration = ${p}`, filter.integration);
    if (filter.url !== undefined) conditions.add((p) => `url = ${p}`, filter.url);
    if (filter.active !== undefined) conditions.add((p) => `active = ${p}`, filter.active);
    return this.page('webhooks', conditions, options, webhookFromRow);
  }

  private async page<T>(table: string, conditions: Conditions, options: ListOptions, map: (row: Row) => T): Promise<Page<T>> {
    if (options.before) conditions.add((p) => `seq < ${p}`, Number(options.before));
    const limit = conditions.next(options.limit + 1);
    const rows = await this.query(`SELECT * FROM ${table} ${conditions.where()} ORDER BY seq DESC LIMIT ${limit}`, conditions.params);
    return pageOf(rows, options.limit, map);
  }

  async updateWebhook(id: string, patch: WebhookPatch, now: number): Promise<Webhook | null> {
    // Counters of attempts made before this change land before it (re-enabling clears failing_since after them).
    await this.webhookHealth.flush();
    return inTransaction(this.pool, async (client) => {
      const sets = new Conditions();
      const assignments = [`updated_at = ${sets.next(now)}`];
      for (const [column, value] of webhookPatchValues(patch)) assignments.push(`${column} = ${sets.next(value)}`);
      // Turning a webhook back on starts a fresh failure count.
      if (patch.active === true) assignments.push('failing_since = NULL');
      const updated = await client.query(`UPDATE webhooks SET ${assignments.join(', ')} WHERE id = ${sets.next(id)} RETURNING *`, sets.params);
      if (updated.rowCount === 0) return null;
      if (patch.events !== undefined) await subscribe(client, id, patch.events);
      if (patch.url !== undefined || patch.rateLimit !== undefined) await writePace(client, updated.rows[0] as Row);
      if (patch.active === false) await cancelPendingDeliveries(client, id, patch.disabledReason ?? 'webhook disabled', now);
      return webhookFromRow(updated.rows[0] as Row);
    });
  }

  async deleteWebhook(id: string, now: number): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const deleted = await client.query('DELETE FROM webhooks WHERE id = $1', [id]);
      if (!deleted.rowCount) return false;
      await client.query('DELETE FROM webhook_events WHERE webhook_id = $1', [id]);
      await cancelPendingDeliveries(client, id, 'webhook deleted', now);
      return true;
    });
  }

  // --- events ---------------------------------------------------------------------------------------

  insertEvent(event: NewEvent): Promise<InsertEventResult> {
    return this.ingests.submit(event);
  }

  async getEvent(id: string): Promise<RelayEvent | null> {
    const [row] = await this.query('SELECT * FROM events WHERE id = $1', [id]);
    return row ? eventFromRow(row) : null;
  }

  async listEvents(filter: EventFilter, options: ListOptions): Promise<Page<RelayEvent>> {
    const conditions = new Conditions();
    if (filter.event !== undefined) conditions.add((p) => `event = ${p}`, filter.event);
    if (filter.test !== undefined || !filter.includeTests) conditions.add((p) => `is_test = ${p}`, filter.test ?? false);
    return this.page('events', conditions, options, eventFromRow);
  }

  async listSeenEventTypes() {
    await this.seenTypes.flush();
    const rows = await this.query('SELECT * FROM event_types_seen ORDER BY slug');
    return rows.map((row) => ({ slug: String(row.slug), firstSeenAt: Number(row.first_seen_at), lastSeenAt: Number(row.last_seen_at), count: Number(row.count) }));
  }

  // --- deliveries -----------------------------------------------------------------------------------

  async insertDelivery(delivery: { id: string; eventId: string; webhookId: string; event: string; createdAt: number; status: DeliveryStatus }): Promise<Delivery> {
    const [row] = await this.query(
      `INSERT INTO deliveries (id, event_id, webhook_id, event, status, next_attempt_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, NULL, $6, $6) RETURNING *`,
      [delivery.id, delivery.eventId, delivery.webhookId, delivery.event, delivery.status, delivery.createdAt],
    );
    return deliveryFromRow(row);
  }

  async getDelivery(id: string): Promise<Delivery | null> {
    const [row] = await this.query('SELECT * FROM deliveries WHERE id = $1', [id]);
    return row ? deliveryFromRow(row) : null;
  }

  async listDeliveries(filter: DeliveryFilter, options: ListOptions): Promise<Page<Delivery>> {
    const conditions = new Conditions();
    if (filter.event !== undefined) conditions.add((p) => `event = ${p}`, filter.event);
    if (filter.createdSince !== undefined) conditions.add((p) => `created_at >= ${p}`, filter.createdSince);
    if (filter.webhookId !== undefined) conditions.add((p) => `webhook_id = ${p}`, filter.webhookId);
    if (filter.eventId !== undefined) conditions.add((p) => `event_id = ${p}`, filter.eventId);
    if (filter.status !== undefined) conditions.add((p) => `status = ${p}`, filter.status);
    return this.page('deliveries', conditions, options, deliveryFromRow);
  }

  async listAttempts(filter: { deliveryId?: string; webhookId?: string; eventId?: string }, options: ListOptions) {
    const conditions = new Conditions();
    if (filter.deliveryId !== undefined) conditions.add((p) => `delivery_id = ${p}`, filter.deliveryId);
    if (filter.webhookId !== undefined) conditions.add((p) => `webhook_id = ${p}`, filter.webhookId);
    if (filter.eventId !== undefined) conditions.add((p) => `event_id = ${p}`, filter.eventId);
    return this.page('attempts', conditions, options, attemptFromRow);
  }

  async claimDueDeliveries(options: ClaimOptions): Promise<ClaimedDelivery[]> {
    // One statement, paced and unpaced parts (disjoint webhooks) together. Candidates are locked with SKIP LOCKED,
    // so concurrent claimers take disjoint sets without waiting; a row another claimer leased meanwhile fails the
    // re-checked WHERE. A paced delivery's lease also covers the wait for its slot ($8).
    const unpaced = options.excludeWebhookIds.length ? dueAroundBusyWebhooks : dueOldestFirst;
    const rows = await this.query(
      `WITH ${pacedChosen},
       ${unpaced},
       claimed AS (UPDATE deliveries SET lease_owner = $3, lease_expires_at = $4 WHERE seq IN (SELECT seq FROM chosen) RETURNING *),
       paced_claimed AS (UPDATE deliveries SET lease_owner = $3, lease_expires_at = $8 WHERE seq IN (SELECT seq FROM paced_chosen) RETURNING *)
       SELECT c.*, NULL::double precision AS send_at, e.body AS event_body, e.source AS event_source, to_jsonb(w) AS webhook_row
       FROM claimed c JOIN events e ON e.id = c.event_id JOIN webhooks w ON w.id = c.webhook_id
       UNION ALL
       SELECT c.*, pc.start + pc.position * pc.interval_ms, e.body, e.source, to_jsonb(w)
       FROM paced_claimed c JOIN paced_chosen pc ON pc.seq = c.seq JOIN events e ON e.id = c.event_id JOIN webhooks w ON w.id = c.webhook_id
       ORDER BY next_attempt_at, seq`,
      [options.now, options.excludeWebhookIds, options.workerId, options.now + options.leaseMs, options.perWebhookLimit, options.limit, paceLookaheadMs,
        options.now + options.leaseMs + paceLookaheadMs],
    );
    return rows.map((row) => (row.send_at === null ? claimedFromRow(row) : { ...claimedFromRow(row), sendAt: Number(row.send_at) }));
  }

  completeAttempt(deliveryId: string, workerId: string, outcome: AttemptOutcome): Promise<boolean> {
    return this.completions.submit({ deliveryId, workerId, outcome });
  }

  async recordDirectAttempt(deliveryId: string, outcome: AttemptOutcome): Promise<void> {
    await this.completions.submit({ deliveryId, workerId: null, outcome });
  }

  async releaseLeases(workerId: string, deliveryIds: readonly string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    await this.query('UPDATE deliveries SET lease_owner = NULL, lease_expires_at = NULL WHERE id = ANY($1::text[]) AND lease_owner = $2', [deliveryIds, workerId]);
    this.announcer.announce();
  }

  async requeueDeliveries(filter: { deliveryId?: string; webhookId?: string; failedSince?: number }, now: number): Promise<number> {
    const conditions = new Conditions();
    const nowParam = conditions.next(now);
    // A single manual retry may redeliver any finished delivery; one already pending just moves up and keeps
    // its remaining automatic retries ('manual-pending').
    if (filter.deliveryId !== undefined) conditions.add((p) => `id = ${p}`, filter.deliveryId);
    else conditions.clauses.push(`status IN ('failed', 'cancelled')`);
    if (filter.webhookId !== undefined) conditions.add((p) => `webhook_id = ${p}`, filter.webhookId);
    if (filter.failedSince !== undefined) conditions.add((p) => `updated_at >= ${p}`, filter.failedSince);
    conditions.clauses.push(`(lease_expires_at IS NULL OR lease_expires_at <= ${nowParam})`);
    const result = await this.pool.query(
      `UPDATE deliveries SET status = 'pending', next_attempt_at = ${nowParam}, next_trigger = CASE WHEN status = 'pending' THEN 'manual-pending' ELSE 'manual' END, updated_at = ${nowParam} ${conditions.where()}`,
      conditions.params,
    );
    if (result.rowCount) this.announcer.announce();
    return result.rowCount ?? 0;
  }

  async nextDueAt(): Promise<number | null> {
    // A leased delivery becomes claimable again only when its lease runs out. Split in two so each half walks
    // an index and stops early, whatever the size of the backlog: the earliest unleased delivery, and the
    // leased ones (no more than the workers have in flight).
    const [row] = await this.query(
      `SELECT LEAST(
         (SELECT d.next_attempt_at FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id
          WHERE d.status = 'pending' AND d.lease_expires_at IS NULL AND w.active ORDER BY d.next_attempt_at LIMIT 1),
         (SELECT MIN(GREATEST(d.next_attempt_at, d.lease_expires_at)) FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id
          WHERE d.status = 'pending' AND d.lease_expires_at IS NOT NULL AND w.active)) AS due`,
    );
    return row.due === null ? null : Number(row.due);
  }

  async pruneBefore(cutoff: number, limit: number): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query(
        `SELECT id FROM events e WHERE received_at < $1
           AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id AND d.status = 'pending')
         ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [cutoff, limit],
      );
      const ids = rows.map((row: Row) => String(row.id));
      if (ids.length) {
        await client.query('DELETE FROM attempts WHERE event_id = ANY($1)', [ids]);
        await client.query('DELETE FROM deliveries WHERE event_id = ANY($1)', [ids]);
        await client.query('DELETE FROM events WHERE id = ANY($1)', [ids]);
      }
      await client.query('DELETE FROM inspected_requests WHERE received_at < $1', [cutoff]);
      return ids.length;
    });
  }

  async webhookActivity(since: number): Promise<Map<string, WebhookActivity>> {
    const [attempts, pending, latest] = await Promise.all([
      this.query(
        `SELECT webhook_id,
           COUNT(*) FILTER (WHERE trigger <> 'test' AND ok) AS succeeded,
           COUNT(*) FILTER (WHERE trigger <> 'test' AND NOT ok) AS failed,
           COUNT(*) FILTER (WHERE trigger = 'test') AS tests,
           COUNT(*) FILTER (WHERE trigger = 'test' AND ok) AS tests_succeeded
         FROM attempts WHERE started_at >= $1 GROUP BY webhook_id`,
        [since],
      ),
      this.query(`SELECT webhook_id, COUNT(*) AS pending, COUNT(*) FILTER (WHERE attempts > 0) AS retrying
                  FROM deliveries WHERE status = 'pending' GROUP BY webhook_id`),
      // One index lookup per webhook (attempts_by_webhook), whatever the log's size.
      this.query(`SELECT a.webhook_id, a.started_at, a.ok, a.status_code, a.trigger FROM webhooks w
                  CROSS JOIN LATERAL (SELECT * FROM attempts x WHERE x.webhook_id = w.id ORDER BY x.seq DESC LIMIT 1) a`),
    ]);
    return activityFromRows(attempts, pending, latest);
  }

  async relayHealth(since: number): Promise<RelayHealth> {
    const [row] = await this.query(
      `SELECT
         (SELECT COUNT(*) FROM events WHERE received_at >= $1 AND NOT is_test) AS events,
         (SELECT COUNT(*) FROM attempts WHERE started_at >= $1 AND trigger <> 'test') AS attempts,
         (SELECT COUNT(*) FROM attempts WHERE started_at >= $1 AND trigger <> 'test' AND NOT ok) AS failed_attempts,
         (SELECT COUNT(*) FROM deliveries WHERE status = 'pending') AS pending,
         (SELECT MIN(created_at) FROM deliveries WHERE status = 'pending') AS oldest_pending_at`,
      [since],
    );
    return healthFromRow(row);
  }

  async stats() {
    const [row] = await this.query(
      `SELECT (SELECT COUNT(*) FROM events) AS events, (SELECT COUNT(*) FROM deliveries WHERE status = 'pending') AS pending,
              (SELECT COUNT(*) FROM webhooks) AS webhooks`,
    );
    return { events: Number(row.events), pendingDeliveries: Number(row.pending), webhooks: Number(row.webhooks) };
  }

  async operationalStats(now: number): Promise<OperationalStats> {
    const [row] = await this.query(
      `SELECT (SELECT COUNT(*) FROM deliveries WHERE status = 'pending') AS pending,
              (SELECT MIN(next_attempt_at) FROM deliveries WHERE status = 'pending' AND next_attempt_at <= $1) AS oldest_due,
              (SELECT COUNT(*) FROM webhooks WHERE active AND failing_since IS NULL) AS active,
              (SELECT COUNT(*) FROM webhooks WHERE active AND failing_since IS NOT NULL) AS failing,
              (SELECT COUNT(*) FROM webhooks WHERE NOT active) AS disabled`,
      [now],
    );
    return {
      pendingDeliveries: Number(row.pending),
      oldestDueAt: row.oldest_due === null ? null : Number(row.oldest_due),
      webhooks: { active: Number(row.active), failing: Number(row.failing), disabled: Number(row.disabled) },
    };
  }

  observeCommitBatches(listener: (size: number) => void): void {
    this.ingests.onBatch = listener;
  }
}
