/**
 * The delivery queue in the embedded SQLite file: claims lease due deliveries through the group commit (settled once
 * committed: a lease lost in a crash only means a resend), completions record the attempt and apply its outcome in
 * one write while the lease holds.
 */
import type { ClaimOptions, DeliveryQueue } from '../deliveryQueue.ts';
import { deliveryFromRow, type Row, webhookFromRow } from '../rows.ts';
import type { AttemptOutcome, ClaimedDelivery, Webhook } from '../types.ts';
import { paceLookaheadMs, paceSlots } from '../webhookPace.ts';
import type { GroupCommit } from './groupCommit.ts';
import type { Statements } from './statements.ts';

export class SqliteDeliveryQueue implements DeliveryQueue {
  private readonly sql: Statements;
  private readonly writes: GroupCommit;
  /** Told when a webhook is turned off here, so fan-out stops at once (the store's cached subscribers). */
  private readonly webhooksChanged: () => void;

  constructor(sql: Statements, writes: GroupCommit, webhooksChanged: () => void) {
    this.sql = sql;
    this.writes = writes;
    this.webhooksChanged = webhooksChanged;
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
      this.webhooksChanged();
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

  /** Cancels a webhook's pending deliveries (the webhook was disabled or deleted), inside the caller's write. */
  cancelPending(webhookId: string, reason: string, now: number): void {
    this.sql(`UPDATE deliveries SET status = 'cancelled', last_error = ?, next_attempt_at = NULL, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
                WHERE webhook_id = ? AND status = 'pending'`)
      .run(reason, now, webhookId);
  }
}
