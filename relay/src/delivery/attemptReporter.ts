/**
 * What the delivery worker tells operators about each recorded attempt: metrics for every attempt, a log line
 * for every failed one (rate-limited under load) and for every webhook the relay disables. Runs on the main
 * thread, after the store recorded the outcome.
 */
import type { Logger } from '../logger.ts';
import type { AttemptOutcomeLabel, RelayMetrics } from '../metrics/relayMetrics.ts';
import type { RateLimitedLog } from '../rateLimitedLog.ts';
import type { AttemptOutcome, ClaimedDelivery, DeliveryStatus } from '../store/types.ts';

const outcomeLabel: Record<DeliveryStatus, AttemptOutcomeLabel> = { succeeded: 'succeeded', pending: 'retrying', failed: 'failed', cancelled: 'cancelled' };

export class AttemptReporter {
  private readonly options: { metrics: RelayMetrics; activity: RateLimitedLog; log: Logger; maxAttempts: number };
  /** Told after each report (the webhook alerts, set once the relay's services exist). */
  afterReport: ((claimed: Pick<ClaimedDelivery, 'delivery' | 'webhook' | 'trigger'>, outcome: AttemptOutcome, applied: boolean) => void) | null = null;

  constructor(options: { metrics: RelayMetrics; activity: RateLimitedLog; log: Logger; maxAttempts: number }) {
    this.options = options;
  }

  /** `applied`: false when the delivery had meanwhile been taken from this worker (cancelled, lease expired): the attempt counts, its consequences did not happen. */
  report(claimed: Pick<ClaimedDelivery, 'delivery' | 'webhook' | 'trigger'>, outcome: AttemptOutcome, applied = true): void {
    const { metrics, activity, log, maxAttempts } = this.options;
    const { attempt } = outcome;
    const { delivery, webhook } = claimed;
    const slowedDown = outcome.pausedUntil !== undefined;
    metrics.attemptFinished({ outcome: slowedDown ? 'slowed_down' : outcomeLabel[outcome.status], statusCode: attempt.statusCode, trigger: attempt.trigger, durationMs: attempt.durationMs });
    if (attempt.trigger === 'scheduled' && attempt.attemptNumber === 1) metrics.firstAttemptStarted(attempt.startedAt - delivery.createdAt);
    if (slowedDown) {
      activity.warn('receiver asked to slow down', {
        webhook: webhook.id,
        delivery: delivery.id,
        status: attempt.statusCode,
        paused_until: new Date(outcome.pausedUntil!).toISOString(),
      }, 'webhook');
    } else if (!attempt.ok) {
      activity.warn('delivery attempt failed', {
        webhook: webhook.id,
        delivery: delivery.id,
        event: delivery.event,
        event_id: delivery.eventId,
        attempt: attempt.attemptNumber,
        of: maxAttempts,
        trigger: attempt.trigger,
        status: attempt.statusCode,
        error: attempt.error,
        next_attempt_at: outcome.nextAttemptAt === null ? null : new Date(outcome.nextAttemptAt).toISOString(),
        gave_up: outcome.status === 'failed',
      }, 'webhook');
    }
    if (outcome.disableWebhookReason && applied) {
      // Rare and important: never rate-limited.
      log.warn('webhook disabled', { webhook: webhook.id, name: webhook.name, reason: outcome.disableWebhookReason });
      metrics.webhookDisabled(attempt.statusCode === 410 ? 'gone' : 'failing');
    }
    this.afterReport?.(claimed, outcome, applied);
  }
}
