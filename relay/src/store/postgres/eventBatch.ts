/**
 * Ingest as a batch: many events, and their deliveries, in one statement whatever the batch size: one round trip,
 * atomic by itself (no BEGIN/COMMIT), the delivery ids made by the database (relay_new_id, migration 8) in the
 * format ids.ts makes. Each caller gets exactly what the one-by-one SQLite path returns (created or the first
 * event for a repeated idempotency key, and how many deliveries the event fanned out to).
 */
import type { Pool, PoolClient } from 'pg';
import { eventFromRow, type Row } from '../rows.ts';
import { scopedIdempotencyKey } from '../idempotencyKey.ts';
import type { NewEvent, RelayEvent } from '../types.ts';
import type { SeenType } from '../seenTypes.ts';

export interface InsertEventResult {
  event: RelayEvent;
  created: boolean;
  deliveries: number;
}

/**
 * The statement for any batch: the events not yet stored (by id or idempotency key) are inserted, and one pending
 * delivery per active subscriber of each non-test event's type, or of every type ('*'), in the events' order.
 * Only ids and counts come back: a stored row is exactly its input, and the bodies need not travel twice.
 * The bodies travel as one binary parameter ($7, their UTF-8 bytes end to end, cut at $8's byte lengths): sent as
 * they are (in a text[] literal node-postgres would escape every quote of every body in JavaScript), and with one
 * statement text for every batch size it is prepared once per connection, not parsed and planned per batch.
 * `keyed`: some event has an idempotency key. Without one no row can conflict (keys are NULL), and the statement
 * leaves out ON CONFLICT, whose speculative insertion costs every row a pre-check and a confirmation record.
 */
const insertEventsAndDeliveries = (keyed: boolean) => ({
  name: keyed ? 'relay_insert_keyed_events' : 'relay_insert_events',
  text: `
  WITH input AS (
    SELECT i.id, i.event, convert_from(substr($7::bytea, (i.body_end - i.body_length + 1)::int, i.body_length), 'UTF8') AS body,
           i.is_test, i.source, i.idempotency_key, i.received_at, i.position
    FROM (SELECT *, SUM(body_length) OVER (ORDER BY position) AS body_end
          FROM unnest($1::text[], $2::text[], $3::boolean[], $4::text[], $5::text[], $6::bigint[], $8::int[])
            WITH ORDINALITY AS u(id, event, is_test, source, idempotency_key, received_at, body_length, position)) i),
  inserted AS (
    INSERT INTO events (id, event, body, is_test, source, idempotency_key, received_at)
    SELECT id, event, body, is_test, source, idempotency_key, received_at FROM input
    ${keyed ? 'ON CONFLICT (idempotency_key) DO NOTHING' : ''} RETURNING id),
  subscriptions AS (
    SELECT DISTINCT we.webhook_id, we.event FROM webhook_events we JOIN webhooks w ON w.id = we.webhook_id
    WHERE w.active AND (we.event IN (SELECT event FROM input WHERE NOT is_test) OR we.event = '*')),
  fanned AS (
    INSERT INTO deliveries (id, event_id, webhook_id, event, status, next_attempt_at, created_at, updated_at)
    SELECT relay_new_id('dlv', received_at), id, webhook_id, event, 'pending', received_at, received_at, received_at
    FROM (SELECT DISTINCT i.position, i.id, i.event, i.received_at, s.webhook_id
          FROM input i JOIN inserted USING (id) JOIN subscriptions s ON s.event IN (i.event, '*')
          WHERE NOT i.is_test) pairs
    ORDER BY position, webhook_id
    RETURNING event_id)
  SELECT inserted.id, COALESCE(f.deliveries, 0) AS deliveries
  FROM inserted LEFT JOIN (SELECT event_id, COUNT(*) AS deliveries FROM fanned GROUP BY event_id) f ON f.event_id = inserted.id`,
});
const [keylessStatement, keyedStatement] = [insertEventsAndDeliveries(false), insertEventsAndDeliveries(true)];

/**
 * A batch of one keyless event, what a steady trickle of ingests makes: the same rows as the batch statement, from
 * plain parameters, without its unnest, window and body slicing, which cost the server a quarter more per event
 * at one event a batch (bench/results-history/2026-12-07.md).
 */
const loneEventStatement = {
  name: 'relay_insert_lone_event',
  text: `
  WITH inserted AS (
    INSERT INTO events (id, event, body, is_test, source, idempotency_key, received_at)
    VALUES ($1, $2, $3, $4, $5, NULL, $6) RETURNING id),
  fanned AS (
    INSERT INTO deliveries (id, event_id, webhook_id, event, status, next_attempt_at, created_at, updated_at)
    SELECT relay_new_id('dlv', $6::bigint), $1, webhook_id, $2, 'pending', $6, $6, $6
    FROM (SELECT DISTINCT we.webhook_id FROM webhook_events we JOIN webhooks w ON w.id = we.webhook_id
          WHERE w.active AND (we.event = $2 OR we.event = '*') AND NOT $4::boolean) subscribers
    ORDER BY webhook_id
    RETURNING 1)
  SELECT id, (SELECT COUNT(*) FROM fanned) AS deliveries FROM inserted`,
};

export async function insertEventBatch(db: Pool | PoolClient, unscoped: NewEvent[]): Promise<InsertEventResult[]> {
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

  if (firstWithKey.size === 0 && candidates.length === 1) {
    const [event] = candidates;
    const { rows } = await db.query({ ...loneEventStatement, values: [event.id, event.event, event.body, event.isTest, event.source, event.receivedAt] });
    return [{ event, created: true, deliveries: Number((rows[0] as Row).deliveries) }];
  }
  // Encoded once, straight into the parameter's buffer.
  const lengths = candidates.map((e) => Buffer.byteLength(e.body));
  const bodies = Buffer.allocUnsafe(lengths.reduce((sum, length) => sum + length, 0));
  candidates.reduce((offset, e) => offset + bodies.write(e.body, offset), 0);
  const inserted = await db.query({
    ...(firstWithKey.size > 0 ? keyedStatement : keylessStatement),
    values: [
      candidates.map((e) => e.id), candidates.map((e) => e.event), candidates.map((e) => e.isTest),
      candidates.map((e) => e.source), candidates.map((e) => e.idempotencyKey), candidates.map((e) => e.receivedAt),
      bodies, lengths,
    ],
  });
  const deliveriesById = new Map<string, number>(inserted.rows.map((row: Row) => [String(row.id), Number(row.deliveries)]));
  const storedById = new Map<string, RelayEvent>(unscoped.filter((event) => deliveriesById.has(event.id)).map((event) => [event.id, event]));
  const existingByKey = await existingEvents(db, candidates.filter((e) => !deliveriesById.has(e.id)).map((e) => e.idempotencyKey!));

  return events.map((event) => {
    const stored = storedById.get(event.id);
    if (stored) return { event: stored, created: true, deliveries: deliveriesById.get(event.id)! };
    const key = event.idempotencyKey!;
    const first = events[firstWithKey.get(key)!];
    const firstStored = storedById.get(first.id);
    if (firstStored) return { event: firstStored, created: false, deliveries: deliveriesById.get(first.id)! };
    const existing = existingByKey.get(key);
    if (!existing) throw new Error(`event with idempotency key "${key}" neither inserted nor found`);
    return { ...existing, created: false };
  });
}

/** Events stored earlier (maybe by another process a moment ago) under these keys, with their delivery counts. */
async function existingEvents(db: Pool | PoolClient, keys: string[]): Promise<Map<string, InsertEventResult>> {
  const found = new Map<string, InsertEventResult>();
  if (keys.length === 0) return found;
  const rows = await db.query(
    `SELECT e.*, (SELECT COUNT(*) FROM deliveries d WHERE d.event_id = e.id) AS delivery_count
     FROM events e WHERE e.idempotency_key = ANY($1::text[])`,
    [keys],
  );
  for (const row of rows.rows as Row[]) {
    found.set(String(row.idempotency_key), { event: eventFromRow(row), created: false, deliveries: Number(row.delivery_count) });
  }
  return found;
}

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
