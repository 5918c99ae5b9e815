/**
 * The webhooks table's and the health strip's figures from the grouped rows both SQL backends return (same
 * column names), merged per webhook. The queries are each backend's; the merging is the same.
 */
import type { Row } from './rows.ts';
import type { AttemptTrigger, RelayHealth, WebhookActivity } from './types.ts';

/** A webhook with nothing in the window and nothing waiting. */
export const emptyActivity = (webhookId: string): WebhookActivity => ({
  webhookId, succeeded: 0, failed: 0, tests: 0, testsSucceeded: 0, pending: 0, retrying: 0, lastAttempt: null,
});

const bool = (value: unknown): boolean => value === true || value === 1 || value === '1' || value === 't';

/**
 * `attempts`: webhook_id, succeeded, failed, tests, tests_succeeded; `pending`: webhook_id, pending, retrying;
 * `latest`: webhook_id, started_at, ok, status_code, trigger (the latest attempt of each webhook).
 */
export function activityFromRows(attempts: Row[], pending: Row[], latest: Row[]): Map<string, WebhookActivity> {
  const byWebhook = new Map<string, WebhookActivity>();
  const of = (row: Row) => {
    const id = String(row.webhook_id);
    if (!byWebhook.has(id)) byWebhook.set(id, emptyActivity(id));
    return byWebhook.get(id)!;
  };
  for (const row of attempts) {
    Object.assign(of(row), { succeeded: Number(row.succeeded), failed: Number(row.failed), tests: Number(row.tests), testsSucceeded: Number(row.tests_succeeded) });
  }
  for (const row of pending) Object.assign(of(row), { pending: Number(row.pending), retrying: Number(row.retrying) });
  for (const row of latest) {
    of(row).lastAttempt = {
      at: Number(row.started_at), ok: bool(row.ok), statusCode: row.status_code === null ? null : Number(row.status_code), trigger: row.trigger as AttemptTrigger,
    };
  }
  return byWebhook;
}

/** `row`: events, attempts, failed_attempts, pending, oldest_pending_at. */
export function healthFromRow(row: Row): RelayHealth {
  return {
    events: Number(row.events),
    attempts: Number(row.attempts),
    failedAttempts: Number(row.failed_attempts ?? 0),
    pending: Number(row.pending),
    oldestPendingAt: row.oldest_pending_at === null || row.oldest_pending_at === undefined ? null : Number(row.oldest_pending_at),
  };
}
