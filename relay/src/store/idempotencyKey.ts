/**
 * Idempotency keys are scoped to the event type: the host's "42" as a payment id and as a site id are two events.
 * Stored as "<slug>:<key>" in the one unique column (slugs never contain ":"), so every backend keeps its single
 * unique index and the scope cannot be forgotten by a query.
 */
export function scopedIdempotencyKey(event: string, key: string): string;
export function scopedIdempotencyKey(event: string, key: string | null): string | null;
export function scopedIdempotencyKey(event: string, key: string | null): string | null {
  return key === null ? null : `${event}:${key}`;
}

/** The key as the host sent it. */
export function unscopedIdempotencyKey(event: string, stored: string | null): string | null {
  return stored !== null && stored.startsWith(`${event}:`) ? stored.slice(event.length + 1) : stored;
}

/** The migration that moves keys stored before scoping into their event type's scope (both backends' SQL). */
export const scopeExistingIdempotencyKeys = `UPDATE events SET idempotency_key = event || ':' || idempotency_key WHERE idempotency_key IS NOT NULL;`;
