/**
 * What one answer of a receiver means: the attempt to record and its consequence (delivered, retried when,
 * failed, paused, the webhook disabled). The worker and Send Test Event both record attempts through it.
 */
import { recordedTrigger, type AttemptOutcome, type ClaimedDelivery, type DeliveryAttempt } from '../store/types.ts';
import { newId } from '../store/ids.ts';
import { storableOrNull } from '../store/storableText.ts';
import type { WebhookResponse } from './httpClient.ts';
import { isSuccess, type RetryPolicy } from './retryPolicy.ts';

/** Turns a response into the attempt record and its consequences. */
export function attemptOutcome(input: {
  claimed: Pick<ClaimedDelivery, 'delivery' | 'webhook' | 'trigger'>;
  response: WebhookResponse;
  startedAt: number;
  policy: RetryPolicy;
  now: number;
  /** The webhook's answers asking to slow down since its last other answer. */
  slowDownsInARow?: number;
}): AttemptOutcome {
  const { delivery, webhook, trigger } = input.claimed;
  const { response } = input;
  const ok = isSuccess(response.statusCode);
  const attemptNumber = delivery.attempts + 1;
  const error = storableOrNull(response.error ?? (ok ? null : describeFailure(response.statusCode)));
  const attempt: DeliveryAttempt = {
    id: newId('att'),
    deliveryId: delivery.id,
    webhookId: webhook.id,
    eventId: delivery.eventId,
    attemptNumber,
    trigger: recordedTrigger(trigger),
    startedAt: input.startedAt,
    durationMs: response.durationMs,
    ok,
    statusCode: response.statusCode,
    error,
    responseExcerpt: storableOrNull(response.excerpt),
  };
  if (trigger === 'test') return { attempt, status: ok ? 'succeeded' : 'failed', nextAttemptAt: null, disableWebhookReason: null };
  const decision = input.policy.decide({
    result: { ok, statusCode: response.statusCode, retryAfter: response.retryAfter, error },
    attemptNumber,
    manual: trigger === 'manual',
    now: input.now,
    failingSince: webhook.failingSince,
    slowDownsInARow: input.slowDownsInARow,
  });
  switch (decision.kind) {
    case 'slow-down': {
      const note = `receiver asked to slow down; paused until ${new Date(decision.until).toISOString()}, not counted as an attempt`;
      return {
        attempt: { ...attempt, error: storableOrNull(`${attempt.error ?? `HTTP ${response.statusCode}`}: ${note}`) },
        status: 'pending',
        nextAttemptAt: delivery.nextAttemptAt,
        disableWebhookReason: null,
        pausedUntil: decision.until,
      };
    }
    case 'succeeded': return { attempt, status: 'succeeded', nextAttemptAt: null, disableWebhookReason: null };
    case 'retry': return { attempt, status: 'pending', nextAttemptAt: decision.at, disableWebhookReason: null };
    case 'failed': return { attempt, status: 'failed', nextAttemptAt: null, disableWebhookReason: null };
    case 'disable': return { attempt, status: 'cancelled', nextAttemptAt: null, disableWebhookReason: decision.reason };
  }
}

function describeFailure(statusCode: number | null): string {
  if (statusCode === null) return 'no response';
  if (statusCode >= 300 && statusCode < 400) return `HTTP ${statusCode}: redirects are not followed`;
  return `HTTP ${statusCode}`;
}
