/** A webhook's rows in webhook_events (one per subscribed slug, what fan-out looks up), replaced as a whole. */
import type { PoolClient } from 'pg';

export async function subscribe(client: Pick<PoolClient, 'query'>, webhookId: string, events: readonly string[]): Promise<void> {
  await client.query('DELETE FROM webhook_events WHERE webhook_id = $1', [webhookId]);
  await client.query('INSERT INTO webhook_events (webhook_id, event) SELECT $1, unnest($2::text[])', [webhookId, [...new Set(events)]]);
}
