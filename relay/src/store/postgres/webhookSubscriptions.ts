/** A webhook's rows: the webhook itself, and its rows in webhook_events (one per subscribed slug, what fan-out looks up). */
import type { PoolClient } from 'pg';
import { eventsColumn, webhookFromRow, type Row } from '../rows.ts';
import type { NewWebhook, Webhook } from '../types.ts';
import { paceOf, rateLimitColumn } from '../webhookPace.ts';

export async function insertWebhook(client: Pick<PoolClient, 'query'>, webhook: NewWebhook): Promise<Webhook> {
  const inserted = await client.query(
    `INSERT INTO webhooks (id, name, url, event, integration, active, secret, rate_limit, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING *`,
    [webhook.id, webhook.name, webhook.url, eventsColumn(webhook.events), webhook.integration, webhook.active, webhook.secret, rateLimitColumn(webhook.rateLimit ?? null), webhook.createdAt],
  );
  await subscribe(client, webhook.id, webhook.events);
  await writePace(client, inserted.rows[0] as Row);
  return webhookFromRow(inserted.rows[0] as Row);
}

/** Stores what the webhook's URL and rate limit come to (webhookPace.ts), and makes sure its budget has a row. */
export async function writePace(client: Pick<PoolClient, 'query'>, row: Row): Promise<void> {
  const pace = paceOf(webhookFromRow(row));
  await client.query('UPDATE webhooks SET pace_key = $1, pace_interval_ms = $2 WHERE id = $3', [pace.key, pace.intervalMs, row.id]);
  await client.query('INSERT INTO pacing (key, next_at) VALUES ($1, 0) ON CONFLICT (key) DO NOTHING', [pace.key]);
}

/** Replaces the webhook's rows in webhook_events as a whole. */
export async function subscribe(client: Pick<PoolClient, 'query'>, webhookId: string, events: readonly string[]): Promise<void> {
  await client.query('DELETE FROM webhook_events WHERE webhook_id = $1', [webhookId]);
  await client.query('INSERT INTO webhook_events (webhook_id, event) SELECT $1, unnest($2::text[])', [webhookId, [...new Set(events)]]);
}
