/**
 * The shared store for a relay that runs as several processes: PostgreSQL through a small `pg` pool. Ingest and
 * attempt results are group-committed (batcher.ts); the delivery queue (postgresDeliveryQueue.ts) leases under
 * FOR UPDATE SKIP LOCKED, so any number of workers share it without handing one delivery to two.
 */
import pg from 'pg';
import type { Pool } from 'pg';
import type { EventFilter, ListOptions, Store } from '../store.ts';
import type {
  Delivery, DeliveryStatus, NewEvent, NewWebhook, Page, RelayEvent, Webhook, WebhookFilter, WebhookPatch,
} from '../types.ts';
import type { DeliveryFilter } from '../types.ts';
import {
  attemptFromRow, deliveryFromRow, eventFromRow, pageOf, webhookFromRow, paceDiffers, webhookPatchValues, type Row,
} from '../rows.ts';
import { Batcher } from './batcher.ts';
import { cancelPendingDeliveries, mergeHealth, writeWebhookHealth, type WebhookHealth } from './completionBatch.ts';
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
import { PostgresDeliveryQueue } from './postgresDeliveryQueue.ts';
import { PostgresReports } from './postgresReports.ts';

export type { PostgresStoreOptions } from './connectionOptions.ts';

export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  readonly schema: string | null;
  private readonly pool: Pool;
  readonly network: PostgresNetworkStore;
  readonly gapRepair: PostgresGapRepairStore;
  readonly inspector: PostgresInspectorStore;
  readonly queue: PostgresDeliveryQueue;
  readonly reports: PostgresReports;
  private readonly channel: string;
  private readonly listener: NewWorkListener | null;
  private readonly announcer: NewWorkAnnouncer;
  private readonly ingests: Batcher<NewEvent, InsertEventResult>;
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
    // Attempt batches (the queue's) get a third of the pool; ingest batches one connection; claims and reads the rest.
    const batchConnections = Math.max(1, Math.floor((connection.pool.max ?? 10) / 3));
    const warn = (what: string) => (error: unknown) => process.emitWarning(`relay: writing ${what} failed, retrying: ${(error as Error).message}`);
    // At most one count write a second: per ingest batch it was a second commit each (deferredTally.ts).
    this.seenTypes = new DeferredTally(mergeSeenTypes, (entries) => writeSeenTypes(this.pool, entries), warn('event type counts'), { minIntervalMs: 1000 });
    this.webhookHealth = new DeferredTally(mergeHealth, (entries) => writeWebhookHealth(this.pool, entries), warn('webhook health counters'));
    this.queue = new PostgresDeliveryQueue(this.pool, this.announcer, this.webhookHealth, batchConnections);
    this.reports = new PostgresReports(this.pool);
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
    await this.queue.drain();
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

  observeCommitBatches(listener: (size: number) => void): void {
    this.ingests.onBatch = listener;
  }
}
