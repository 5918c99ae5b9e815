/** The reports read from PostgreSQL: one round trip each, the parts in parallel where there are several. */
import type { Pool } from 'pg';
import { activityFromRows, healthFromRow } from '../activityRows.ts';
import type { Row } from '../rows.ts';
import type { OperationalStats, StoreReports } from '../storeReports.ts';
import type { RelayHealth, WebhookActivity } from '../types.ts';

export class PostgresReports implements StoreReports {
  private readonly pool: Pool;

  constructor(pool: Pool) {
    this.pool = pool;
  }

  private async query(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.pool.query(sql, params)).rows as Row[];
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
}
