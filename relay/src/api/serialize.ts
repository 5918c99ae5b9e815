/** Records as the JSON API shows them: snake_case, ISO times, payloads as the host sent them (rawJson.ts). */
import { primaryEvent } from '../webhooks/subscribedEvents.ts';
import type { Delivery, DeliveryAttempt, RelayEvent, Webhook } from '../store/types.ts';
import type { TestEventResult } from '../webhooks/sendTestEvent.ts';
import { paceOf } from '../store/webhookPace.ts';
import { formatDuration } from '../config/duration.ts';
import { RawJson } from './rawJson.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export function webhookJson(webhook: Webhook, options: { includeSecret?: boolean } = {}) {
  return {
    id: webhook.id,
    name: webhook.name,
    url: webhook.url,
    event: primaryEvent(webhook.events),
    events: webhook.events,
    integration: webhook.integration,
    active: webhook.active,
    disabled_reason: webhook.disabledReason,
    deliveries_succeeded: webhook.deliveriesSucceeded,
    deliveries_failed: webhook.deliveriesFailed,
    last_success_at: isoOrNull(webhook.lastSuccessAt),
    last_failure_at: isoOrNull(webhook.lastFailureAt),
    failing_since: isoOrNull(webhook.failingSince),
    ...rateLimitJson(webhook),
    created_at: iso(webhook.createdAt),
    updated_at: iso(webhook.updatedAt),
    ...(options.includeSecret ? { secret: webhook.secret } : {}),
  };
}

/** The limit it is sent at (null: none) and where it comes from: set on it, Zapier's default, or none. */
function rateLimitJson(webhook: Webhook) {
  const { limit, source } = paceOf(webhook);
  return {
    rate_limit: limit && { per_second: limit.perSecond, per_window: limit.perWindow, window: limit.windowMs === null ? null : formatDuration(limit.windowMs) },
    rate_limit_source: source,
  };
}

export function eventJson(event: RelayEvent) {
  return {
    id: event.id,
    event: event.event,
    payload: new RawJson(event.body),
    test: event.isTest,
    source: event.source,
    received_at: iso(event.receivedAt),
  };
}

export function attemptJson(attempt: DeliveryAttempt) {
  return {
    id: attempt.id,
    delivery_id: attempt.deliveryId,
    webhook_id: attempt.webhookId,
    event_id: attempt.eventId,
    attempt_number: attempt.attemptNumber,
    trigger: attempt.trigger,
    started_at: iso(attempt.startedAt),
    duration_ms: attempt.durationMs,
    ok: attempt.ok,
    status_code: attempt.statusCode,
    error: attempt.error,
    response_excerpt: attempt.responseExcerpt,
  };
}

export function deliveryJson(delivery: Delivery, attempts?: DeliveryAttempt[]) {
  return {
    id: delivery.id,
    event_id: delivery.eventId,
    webhook_id: delivery.webhookId,
    event: delivery.event,
    status: delivery.status,
    attempts: delivery.attempts,
    next_attempt_at: isoOrNull(delivery.nextAttemptAt),
    last_status_code: delivery.lastStatusCode,
    last_error: delivery.lastError,
    created_at: iso(delivery.createdAt),
    updated_at: iso(delivery.updatedAt),
    ...(attempts ? { attempt_log: attempts.map(attemptJson) } : {}),
  };
}

/** Send Test Event's answer: what happened, as the plugin's own test button would want to know. */
export function testResultJson(result: TestEventResult) {
  const { attempt } = result;
  return {
    ok: attempt.ok,
    status_code: attempt.statusCode,
    duration_ms: attempt.durationMs,
    response_excerpt: attempt.responseExcerpt,
    error: attempt.error,
    event_id: result.eventId,
    delivery_id: result.deliveryId,
  };
}
