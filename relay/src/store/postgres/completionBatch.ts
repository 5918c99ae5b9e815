/**
 * Attempt results as a batch: a worker finishing many deliveries at once records them in one transaction.
 * A queued attempt applies only while its worker still holds the lease; a direct one (Send Test Event,
 * `workerId` null) always applies. Webhook health counters are not written here: the caller tallies them
 * (webhookHealth, deferredTally.ts), so a busy webhook's row is not a lock every batch waits on.
 */
import type { PoolClient } from 'pg';
import type { Row } from '../rows.ts';
import type { AttemptOutcome } from '../types.ts';

export interface Completion {
  deliveryId: string;
  /** null: not a queued attempt, no lease to check. */
  workerId: string | null;
  outcome: AttemptOutcome;
}

export async function completeBatch(client: PoolClient, all: Completion[]): Promise<boolean[]> {
  const attempts = all.map((c) => c.outcome.attempt);
  await client.query(
    `INSERT INTO attempts (id, delivery_id, webhook_id, event_id, attempt_number, trigger, started_at, duration_ms, ok, status_code, error, response_excerpt)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::bigint[], $8::bigint[], $9::boolean[], $10::int[], $11::text[], $12::text[])`,
    [
      attempts.map((a) => a.id), attempts.map((a) => a.deliveryId), attempts.map((a) => a.webhookId), attempts.map((a) => a.eventId),
      attempts.map((a) => a.attemptNumber), attempts.map((a) => a.trigger), attempts.map((a) => a.startedAt), attempts.map((a) => a.durationMs),
      attempts.map((a) => a.ok), attempts.map((a) => a.statusCode), attempts.map((a) => a.error), attempts.map((a) => a.responseExcerpt),
    ],
  );
  const completions = all.filter((c) => c.outcome.pausedUntil === undefined);
  const applied = await client.query(
    `UPDATE deliveries d SET status = u.status, attempts = d.attempts + 1, next_attempt_at = u.next_attempt_at, next_trigger = 'scheduled',
       lease_owner = NULL, lease_expires_at = NULL, last_status_code = u.status_code, last_error = u.error, updated_at = u.finished_at
     FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::int[], $6::text[], $7::bigint[]) AS u(id, worker_id, status, next_attempt_at, status_code, error, finished_at)
     WHERE d.id = u.id AND (u.worker_id IS NULL OR (d.lease_owner = u.worker_id AND d.status = 'pending'))
     RETURNING d.id`,
    [
      completions.map((c) => c.deliveryId), completions.map((c) => c.workerId), completions.map((c) => c.outcome.status),
      completions.map((c) => c.outcome.nextAttemptAt), attempts.map((a) => a.statusCode), attempts.map((a) => a.error),
      attempts.map((a) => a.startedAt + a.durationMs),
    ],
  );
  const appliedIds = new Set([...(applied.rows as Row[]), ...await applyBackPressure(client, all.filter((c) => c.outcome.pausedUntil !== undefined))].map((row) => String(row.id)));
  const held = all.map((c) => appliedIds.has(c.deliveryId));
  for (const completion of all.filter((c, index) => held[index] && c.outcome.disableWebhookReason)) {
    const { attempt, disableWebhookReason } = completion.outcome;
    const now = attempt.startedAt + attempt.durationMs;
    await client.query(`UPDATE webhooks SET active = false, disabled_reason = $1, updated_at = $2 WHERE id = $3`, [disableWebhookReason, now, attempt.webhookId]);
    await cancelPendingDeliveries(client, attempt.webhookId, disableWebhookReason!, now);
  }
  return held;
}

/**
 * The receiver asked to slow down: each delivery keeps its place, state and attempt count (only its lease goes and
 * its last answer is noted), and its webhook's budget sends nothing until pausedUntil. Returns the rows it held.
 */
async function applyBackPressure(client: PoolClient, completions: Completion[]): Promise<Row[]> {
  if (completions.length === 0) return [];
  const attempts = completions.map((c) => c.outcome.attempt);
  const held = await client.query(
    `UPDATE deliveries d SET lease_owner = NULL, lease_expires_at = NULL, last_status_code = u.status_code, last_error = u.error, updated_at = u.finished_at
     FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::bigint[]) AS u(id, worker_id, status_code, error, finished_at)
     WHERE d.id = u.id AND (u.worker_id IS NULL OR (d.lease_owner = u.worker_id AND d.status = 'pending'))
     RETURNING d.id`,
    [completions.map((c) => c.deliveryId), completions.map((c) => c.workerId), attempts.map((a) => a.statusCode), attempts.map((a) => a.error), attempts.map((a) => a.startedAt + a.durationMs)],
  );
  // Budgets in key order, so concurrent batches never wait on each other in a cycle.
  await client.query(
    `UPDATE pacing p SET next_at = GREATEST(p.next_at, u.until)
     FROM (SELECT w.pace_key, MAX(u.until) AS until FROM unnest($1::text[], $2::bigint[]) AS u(webhook_id, until) JOIN webhooks w ON w.id = u.webhook_id
           GROUP BY w.pace_key ORDER BY w.pace_key) u
     WHERE p.key = u.pace_key`,
    [attempts.map((a) => a.webhookId), completions.map((c) => c.outcome.pausedUntil)],
  );
  return held.rows as Row[];
}

export async function cancelPendingDeliveries(client: Pick<PoolClient, 'query'>, webhookId: string, reason: string, now: number): Promise<void> {
  await client.query(
    `UPDATE deliveries SET status = 'cancelled', last_error = $1, next_attempt_at = NULL, lease_owner = NULL, lease_expires_at = NULL, updated_at = $2
     WHERE webhook_id = $3 AND status = 'pending'`,
    [reason, now, webhookId],
  );
}

export interface WebhookHealth {
  succeeded: number;
  failed: number;
  lastSuccessAt: number | null;
  lastFailureAt: number | null;
  /** Whether a success reset the failure clock, and when the failures after the last success began. */
  reset: boolean;
  failingSince: number | null;
}

/** What one applied attempt does to its webhook's health (test attempts do nothing: the caller skips them). */
export function healthOf(outcome: AttemptOutcome): WebhookHealth {
  const { attempt } = outcome;
  const now = attempt.startedAt + attempt.durationMs;
  return attempt.ok
    ? { succeeded: 1, failed: 0, lastSuccessAt: now, lastFailureAt: null, reset: true, failingSince: null }
    : { succeeded: 0, failed: outcome.status === 'failed' ? 1 : 0, lastSuccessAt: null, lastFailureAt: now, reset: false, failingSince: attempt.startedAt };
}

/** The same as applying `earlier` then `later`. */
export function mergeHealth(earlier: WebhookHealth, later: WebhookHealth): WebhookHealth {
  return {
    succeeded: earlier.succeeded + later.succeeded,
    failed: earlier.failed + later.failed,
    lastSuccessAt: later.lastSuccessAt ?? earlier.lastSuccessAt,
    lastFailureAt: later.lastFailureAt ?? earlier.lastFailureAt,
    reset: earlier.reset || later.reset,
    failingSince: later.reset ? later.failingSince : (earlier.failingSince ?? later.failingSince),
  };
}

/** One UPDATE for all tallied webhooks, in id order so concurrent writers never wait on each other in a cycle. */
export async function writeWebhookHealth(client: Pick<PoolClient, 'query'>, byWebhook: Map<string, WebhookHealth>): Promise<void> {
  const ids = [...byWebhook.keys()].sort();
  const rows = ids.map((id) => byWebhook.get(id)!);
  await client.query(
    `UPDATE webhooks w SET deliveries_succeeded = w.deliveries_succeeded + h.succeeded, deliveries_failed = w.deliveries_failed + h.failed,
       last_success_at = COALESCE(h.last_success_at, w.last_success_at), last_failure_at = COALESCE(h.last_failure_at, w.last_failure_at),
       failing_since = CASE WHEN h.reset THEN h.failing_since ELSE COALESCE(w.failing_since, h.failing_since) END
     FROM unnest($1::text[], $2::int[], $3::int[], $4::bigint[], $5::bigint[], $6::boolean[], $7::bigint[])
       AS h(id, succeeded, failed, last_success_at, last_failure_at, reset, failing_since)
     WHERE w.id = h.id`,
    [ids, rows.map((h) => h.succeeded), rows.map((h) => h.failed), rows.map((h) => h.lastSuccessAt), rows.map((h) => h.lastFailureAt), rows.map((h) => h.reset), rows.map((h) => h.failingSince)],
  );
}
