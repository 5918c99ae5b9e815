/** Table rows (snake_case, as both SQL backends return them) mapped to the relay's records. */
import type { Delivery, DeliveryAttempt, DeliveryStatus, AttemptTrigger, EventSource, InspectedRequest, InspectorBin, RelayEvent, Webhook, WebhookPatch } from './types.ts';
import { unscopedIdempotencyKey } from './idempotencyKey.ts';
import { paceOf, rateLimitColumn, rateLimitFromColumn } from './webhookPace.ts';

export type Row = Record<string, unknown>;

const num = (value: unknown): number => Number(value);
const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const strOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const bool = (value: unknown): boolean => value === true || value === 1 || value === '1' || value === 't';

export function webhookFromRow(row: Row): Webhook {
  return {
    id: String(row.id),
    name: String(row.name),
    url: String(row.url),
    events: eventsFromColumn(String(row.event)),
    integration: String(row.integration),
    active: bool(row.active),
    disabledReason: strOrNull(row.disabled_reason),
    secret: String(row.secret),
    previousSecret: strOrNull(row.previous_secret),
    previousSecretExpiresAt: numOrNull(row.previous_secret_expires_at),
    deliveriesSucceeded: num(row.deliveries_succeeded),
    deliveriesFailed: num(row.deliveries_failed),
    lastSuccessAt: numOrNull(row.last_success_at),
    lastFailureAt: numOrNull(row.last_failure_at),
    failingSince: numOrNull(row.failing_since),
    rateLimit: rateLimitFromColumn(row.rate_limit),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

/** Whether a webhook row's stored pace (pace_key, pace_interval_ms) is not what its URL and limit come to. */
export function paceDiffers(row: Row): boolean {
  const pace = paceOf(webhookFromRow(row));
  return row.pace_key !== pace.key || numOrNull(row.pace_interval_ms) !== pace.intervalMs;
}

export function eventFromRow(row: Row): RelayEvent {
  return {
    id: String(row.id),
    event: String(row.event),
    body: String(row.body),
    isTest: bool(row.is_test),
    source: row.source as EventSource,
    idempotencyKey: unscopedIdempotencyKey(String(row.event), strOrNull(row.idempotency_key)),
    receivedAt: num(row.received_at),
  };
}

export function deliveryFromRow(row: Row): Delivery {
  return {
    id: String(row.id),
    eventId: String(row.event_id),
    webhookId: String(row.webhook_id),
    event: String(row.event),
    status: row.status as DeliveryStatus,
    attempts: num(row.attempts),
    nextAttemptAt: numOrNull(row.next_attempt_at),
    lastStatusCode: numOrNull(row.last_status_code),
    lastError: strOrNull(row.last_error),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

export function attemptFromRow(row: Row): DeliveryAttempt {
  return {
    id: String(row.id),
    deliveryId: String(row.delivery_id),
    webhookId: String(row.webhook_id),
    eventId: String(row.event_id),
    attemptNumber: num(row.attempt_number),
    trigger: row.trigger as AttemptTrigger,
    startedAt: num(row.started_at),
    durationMs: num(row.duration_ms),
    ok: bool(row.ok),
    statusCode: numOrNull(row.status_code),
    error: strOrNull(row.error),
    responseExcerpt: strOrNull(row.response_excerpt),
  };
}

export function inspectorBinFromRow(row: Row): InspectorBin {
  return { id: String(row.id), name: String(row.name), createdAt: num(row.created_at) };
}

export function inspectedRequestFromRow(row: Row): InspectedRequest {
  return {
    id: String(row.id),
    binId: String(row.bin_id),
    method: String(row.method),
    path: String(row.path),
    headers: (typeof row.headers === 'string' ? JSON.parse(row.headers) : row.headers) as Record<string, string>,
    body: String(row.body),
    receivedAt: num(row.received_at),
  };
}

/**
 * A webhook's events live in its `event` column joined by commas (slugs never hold one), which is what lists read;
 * the webhook_events table holds one row per slug, which is what fan-out looks up (indexed by slug).
 */
export const eventsColumn = (events: readonly string[]): string => events.join(',');
export const eventsFromColumn = (column: string): string[] => column.split(',');

/** Webhook patch fields and their columns, shared by the SQL backends' UPDATE builders. */
export const webhookPatchColumns = {
  name: 'name',
  url: 'url',
  events: 'event',
  active: 'active',
  integration: 'integration',
  disabledReason: 'disabled_reason',
  secret: 'secret',
  previousSecret: 'previous_secret',
  previousSecretExpiresAt: 'previous_secret_expires_at',
  rateLimit: 'rate_limit',
} as const;

/** The patch as column values (events joined), booleans left to each backend. */
export function webhookPatchValues(patch: WebhookPatch): [column: string, value: string | number | boolean | null][] {
  const values: [string, string | number | boolean | null][] = [];
  for (const [field, column] of Object.entries(webhookPatchColumns)) {
    const value = patch[field as keyof WebhookPatch];
    if (value === undefined) continue;
    if (field === 'rateLimit') values.push([column, rateLimitColumn(patch.rateLimit!)]);
    else values.push([column, Array.isArray(value) ? eventsColumn(value) : (value as string | number | boolean | null)]);
  }
  return values;
}

/** Pages are newest first; the cursor is the last row's sequence number. */
export function pageOf<T>(rows: Row[], limit: number, map: (row: Row) => T): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items: items.map(map), nextCursor: rows.length > limit ? String(items[items.length - 1].seq) : null };
}
