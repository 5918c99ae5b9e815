/**
 * Looking a network record up by what its REST records do not carry. The plugin's REST API answers a model's
 * columns (its to_array()): a customer has a user_id but no e-mail, memberships and payments have no reference
 * code (it is computed, never stored). The events the network sent the relay do carry them beside the ids
 * (`customer_user_email` + `customer_id`, `payment_reference_code` + `payment_id`, …), so the relay's own event
 * store is the directory: newest first, the plugin's test events (ids 0) left out.
 */
import type { Store } from '../store/store.ts';

/** How far back a lookup reads: enough for a busy network's recent weeks, bounded so a find stays fast. */
const maxEventsRead = 2_000;
const pageSize = 200;

/** Every real event's payload, newest first, up to maxEventsRead. */
async function eachPayload(store: Store, visit: (payload: Record<string, unknown>) => void): Promise<void> {
  let before: string | undefined;
  for (let read = 0; read < maxEventsRead; read += pageSize) {
    const page = await store.listEvents({ test: false }, { limit: pageSize, before });
    for (const event of page.items) {
      const payload = parsePayload(event.body);
      if (payload) visit(payload);
    }
    if (!page.nextCursor) return;
    before = page.nextCursor;
  }
}

const positiveId = (value: unknown): number | null => {
  const id = Number(value);
  return Number.isInteger(id) && id > 0 ? id : null;
};

/** The ids paired with `value` (compared without case), newest first, each with the value as the event wrote it. */
export async function idsFromEvents(store: Store, key: string, value: string, idKey: string): Promise<{ id: number; value: string }[]> {
  const wanted = value.trim().toLowerCase();
  const ids: { id: number; value: string }[] = [];
  await eachPayload(store, (payload) => {
    const found = find(payload, key);
    const id = positiveId(find(payload, idKey));
    if (typeof found !== 'string' || found.trim().toLowerCase() !== wanted || id === null) return;
    if (!ids.some((known) => known.id === id)) ids.push({ id, value: found.trim() });
  });
  return ids;
}

/** The other way round: id → the newest value the events paired with it (a customer's e-mail for a dropdown). */
export async function valuesByIdFromEvents(store: Store, idKey: string, key: string): Promise<Map<number, string>> {
  const values = new Map<number, string>();
  await eachPayload(store, (payload) => {
    const id = positiveId(find(payload, idKey));
    const value = find(payload, key);
    if (id !== null && typeof value === 'string' && value.trim() && !values.has(id)) values.set(id, value.trim());
  });
  return values;
}

/**
 * What the network's real events said about one record (`prefix` customer, membership or site, and its id): its
 * `{prefix}_*` values, each from the newest event that gave it one. For events that carry a record only as its
 * columns (demo_site_expiring's nested `customer` has no name or e-mail), the rest of what the network sent.
 */
export async function valuesAbout(store: Store, prefix: string, id: number): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {};
  await eachPayload(store, (payload) => {
    if (positiveId(find(payload, `${prefix}_id`)) !== id) return;
    for (const [key, value] of Object.entries(payload)) {
      if (!key.startsWith(`${prefix}_`) || key in values || value === null || value === '' || typeof value === 'object') continue;
      values[key] = value;
    }
  });
  return values;
}

function parsePayload(body: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(body) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A flat payload's key, or the same under a nested object (demo_site_expiring nests `customer`, `membership`). */
function find(payload: Record<string, unknown>, key: string): unknown {
  if (payload[key] !== undefined) return payload[key];
  const [prefix, ...rest] = key.split('_');
  const nested = payload[prefix];
  if (typeof nested === 'object' && nested !== null && !Array.isArray(nested)) return (nested as Record<string, unknown>)[rest.join('_')];
  return undefined;
}
