/** A webhook's rows: the webhook itself, and its rows in webhook_events (one per subscribed slug, what fan-out looks up). */
import type { PoolClient } from 'pg';
import { eventsColumn, webhookFromRow, type Row } from '../rows.ts';
import type { NewWebhook, Webhook } from '../types.ts';

export async function insertWebhook(client: Pick<PoolClient, 'query'>, webhook: NewWebhook): Promise<Webhook> {
  const inserted = await client.query(
    `INSERT INTO webhooks (id, name, url, event, integration, active, secret, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING *`,
    [webhook.id, webhook.name, webhook.url, eventsColumn(webhook.events), webhook.integration, webhook.active, webhook.secret, webhook.createdAt],
  );
  await subscribe(client, webhook.id, webhook.events);
  return webhookFromRow(inserted.rows[0] as Row);
}

/** Replaces the webhook's rows in webhook_events as a whole. */
export async function subscribe(client: Pick<PoolClient, 'query'>, webhookId: string, events: readonly string[]): Promise<void> {
  await client.query('DELETE FROM webhook_events WHERE webhook_id = $1', [webhookId]);
  await client.query('INSERT INTO webhook_events (webhook_id, event) SELECT $1, unnest($2::text[])', [webhookId, [...new Set(events)]]);
}
