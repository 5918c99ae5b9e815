/** The reports read from the embedded SQLite file: a few grouped, indexed queries each. */
import { activityFromRows, healthFromRow } from '../activityRows.ts';
import type { Row } from '../rows.ts';
import type { OperationalStats, StoreReports } from '../storeReports.ts';
import type { RelayHealth, WebhookActivity } from '../types.ts';
import type { Statements } from './statements.ts';

export class SqliteReports implements StoreReports {
  private readonly sql: Statements;

  constructor(sql: Statements) {
    this.sql = sql;
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
}
