/**
 * Ingest as a batch: many events in one transaction with a handful of statements, whatever the batch size.
 * Each caller gets exactly what the one-by-one SQLite path returns (created or the first event for a repeated
 * idempotency key, and how many deliveries the event fanned out to).
 */
import type { PoolClient } from 'pg';
import { eventFromRow, type Row } from '../rows.ts';
import { newId } from '../ids.ts';
import { scopedIdempotencyKey } from '../idempotencyKey.ts';
import type { NewEvent, RelayEvent } from '../types.ts';

export interface InsertEventResult {
  event: RelayEvent;
  created: boolean;
  deliveries: number;
}

export async function insertEventBatch(client: PoolClient, unscoped: NewEvent[]): Promise<InsertEventResult[]> {
  const events = unscoped.map((event) => ({ ...event, idempotencyKey: scopedIdempotencyKey(event.event, event.idempotencyKey) }));
  // A key repeated inside the batch: the first one is inserted, the later ones are its duplicates.
  const firstWithKey = new Map<string, number>();
  const candidates: NewEvent[] = [];
  events.forEach((event, index) => {
    if (event.idempotencyKey === null) return void candidates.push(event);
    if (firstWithKey.has(event.idempotencyKey)) return;
    firstWithKey.set(event.idempotencyKey, index);
    candidates.push(event);
  });

  const inserted = await client.query(
    `INSERT INTO events (id, event, body, is_test, source, idempotency_key, received_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::text[], $6::text[], $7::bigint[])
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING *`,
    [
      candidates.map((e) => e.id), candidates.map((e) => e.event), candidates.map((e) => e.body), candidates.map((e) => e.isTest),
      candidates.map((e) => e.source), candidates.map((e) => e.idempotencyKey), candidates.map((e) => e.receivedAt),
    ],
  );
  const insertedById = new Map<string, RelayEvent>(inserted.rows.map((row: Row) => [String(row.id), eventFromRow(row)]));
  const deliveriesByEvent = await fanOut(client, events.filter((e) => insertedById.has(e.id)));
  const existingByKey = await existingEvents(client, candidates.filter((e) => !insertedById.has(e.id)).map((e) => e.idempotencyKey!));

  return events.map((event) => {
    const stored = insertedById.get(event.id);
    if (stored) return { event: stored, created: true, deliveries: deliveriesByEvent.get(event.id) ?? 0 };
    const key = event.idempotencyKey!;
    const first = events[firstWithKey.get(key)!];
    const firstStored = insertedById.get(first.id);
    if (firstStored) return { event: firstStored, created: false, deliveries: deliveriesByEvent.get(first.id) ?? 0 };
    const existing = existingByKey.get(key);
    if (!existing) throw new Error(`event with idempotency key "${key}" neither inserted nor found`);
    return { ...existing, created: false };
  });
}

/** One pending delivery per active subscriber of each (non-test) event's type, or of every type ('*'). */
async function fanOut(client: PoolClient, events: NewEvent[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const fannedOut = events.filter((e) => !e.isTest);
  if (fannedOut.length === 0) return counts;
  const types = [...new Set(fannedOut.map((e) => e.event))];
  // One row per (webhook, slug) it subscribes to among these types or '*'.
  const subscriptions = await client.query(
    `SELECT we.webhook_id, we.event FROM webhook_events we JOIN webhooks w ON w.id = we.webhook_id
     WHERE w.active AND (we.event = ANY($1::text[]) OR we.event = '*')`,
    [types],
  );
  const slugsByWebhook = new Map<string, Set<string>>();
  for (const row of subscriptions.rows as Row[]) {
    const webhookId = String(row.webhook_id);
    if (!slugsByWebhook.has(webhookId)) slugsByWebhook.set(webhookId, new Set());
    slugsByWebhook.get(webhookId)!.add(String(row.event));
  }
  const columns = { id: [] as string[], eventId: [] as string[], webhookId: [] as string[], event: [] as string[], at: [] as number[] };
  for (const event of fannedOut) {
    for (const [webhookId, slugs] of slugsByWebhook) {
      if (!slugs.has(event.event) && !slugs.has('*')) continue;
      columns.id.push(newId('dlv'));
      columns.eventId.push(event.id);
      columns.webhookId.push(webhookId);
      columns.event.push(event.event);
      columns.at.push(event.receivedAt);
      counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
    }
  }
  if (columns.id.length === 0) return counts;
  await client.query(
    `INSERT INTO deliveries (id, event_id, webhook_id, event, status, next_attempt_at, created_at, updated_at)
     SELECT id, event_id, webhook_id, event, 'pending', at, at, at FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])
       AS d(id, event_id, webhook_id, event, at)`,
    [columns.id, columns.eventId, columns.webhookId, columns.event, columns.at],
  );
  return counts;
}

/** Events stored earlier (maybe by another process a moment ago) under these keys, with their delivery counts. */
async function existingEvents(client: PoolClient, keys: string[]): Promise<Map<string, InsertEventResult>> {
  const found = new Map<string, InsertEventResult>();
  if (keys.length === 0) return found;
  const rows = await client.query(
    `SELECT e.*, (SELECT COUNT(*) FROM deliveries d WHERE d.event_id = e.id) AS delivery_count
     FROM events e WHERE e.idempotency_key = ANY($1::text[])`,
    [keys],
  );
  for (const row of rows.rows as Row[]) {
    found.set(String(row.idempotency_key), { event: eventFromRow(row), created: false, deliveries: Number(row.delivery_count) });
  }
  return found;
}

export interface SeenType {
  first: number;
  last: number;
  count: number;
}

export const mergeSeenTypes = (earlier: SeenType, later: SeenType): SeenType => ({ first: earlier.first, last: later.last, count: earlier.count + later.count });

/** Writes per-slug tallies (see deferredTally.ts) in one upsert, in slug order so concurrent writers never deadlock. */
export async function writeSeenTypes(client: Pick<PoolClient, 'query'>, bySlug: Map<string, SeenType>): Promise<void> {
  const slugs = [...bySlug.keys()].sort();
  await client.query(
    `INSERT INTO event_types_seen (slug, first_seen_at, last_seen_at, count)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[])
     ON CONFLICT (slug) DO UPDATE SET last_seen_at = excluded.last_seen_at, count = event_types_seen.count + excluded.count`,
    [slugs, slugs.map((s) => bySlug.get(s)!.first), slugs.map((s) => bySlug.get(s)!.last), slugs.map((s) => bySlug.get(s)!.count)],
  );
}
