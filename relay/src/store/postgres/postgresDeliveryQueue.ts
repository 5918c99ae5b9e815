/**
 * The delivery queue in PostgreSQL: a claim leases due deliveries in one statement per kind (paced budgets first, then
 * the others) under FOR UPDATE SKIP LOCKED, so concurrent workers take disjoint sets without waiting; completions are
 * group-committed (batcher.ts, completionBatch.ts) and release their lease in the same write.
 */
import type { Pool } from 'pg';
import type { DeferredTally } from '../deferredTally.ts';
import type { ClaimOptions, DeliveryQueue } from '../deliveryQueue.ts';
import { deliveryFromRow, type Row, webhookFromRow } from '../rows.ts';
import type { AttemptOutcome, ClaimedDelivery } from '../types.ts';
import { paceLookaheadMs } from '../webhookPace.ts';
import { Batcher } from './batcher.ts';
import { completeBatch, type Completion, healthOf, type WebhookHealth } from './completionBatch.ts';
import { Conditions } from './conditions.ts';
import type { NewWorkAnnouncer } from './newWorkAnnouncer.ts';
import { inTransaction } from './transaction.ts';

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

/**
 * A claim in one statement: the deliveries the `unpaced` part (dueOldestFirst or dueAroundBusyWebhooks) and the paced
 * part chose, leased, with each one's webhook and body.
 */
const claimStatement = (unpaced: string) => `WITH ${pacedChosen},
   ${unpaced},
   claimed AS (UPDATE deliveries SET lease_owner = $3, lease_expires_at = $4 WHERE seq IN (SELECT seq FROM chosen) RETURNING *),
   paced_claimed AS (UPDATE deliveries SET lease_owner = $3, lease_expires_at = $8 WHERE seq IN (SELECT seq FROM paced_chosen) RETURNING *)
   SELECT c.*, NULL::double precision AS send_at, e.body AS event_body, e.source AS event_source, to_jsonb(w) AS webhook_row
   FROM claimed c JOIN events e ON e.id = c.event_id JOIN webhooks w ON w.id = c.webhook_id
   UNION ALL
   SELECT c.*, pc.start + pc.position * pc.interval_ms, e.body, e.source, to_jsonb(w)
   FROM paced_claimed c JOIN paced_chosen pc ON pc.seq = c.seq JOIN events e ON e.id = c.event_id JOIN webhooks w ON w.id = c.webhook_id
   ORDER BY next_attempt_at, seq`;

export class PostgresDeliveryQueue implements DeliveryQueue {
  private readonly pool: Pool;
  private readonly announcer: NewWorkAnnouncer;
  private readonly webhookHealth: DeferredTally<WebhookHealth>;
  private readonly completions: Batcher<Completion, boolean>;

  /** `webhookHealth`: the store's tally of webhook counters, which completions add to; `batchConnections`: for attempt batches. */
  constructor(pool: Pool, announcer: NewWorkAnnouncer, webhookHealth: DeferredTally<WebhookHealth>, batchConnections: number) {
    this.pool = pool;
    this.announcer = announcer;
    this.webhookHealth = webhookHealth;
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

  async claimDueDeliveries(options: ClaimOptions): Promise<ClaimedDelivery[]> {
    // One statement, paced and unpaced parts (disjoint webhooks) together. Candidates are locked with SKIP LOCKED,
    // so concurrent claimers take disjoint sets without waiting; a row another claimer leased meanwhile fails the
    // re-checked WHERE. A paced delivery's lease also covers the wait for its slot ($8).
    const unpaced = options.excludeWebhookIds.length ? dueAroundBusyWebhooks : dueOldestFirst;
    const rows = await this.query(
      claimStatement(unpaced),
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

  /** Lets every submitted completion commit (the store closing). */
  async drain(): Promise<void> {
    await this.completions.drain();
  }
}
