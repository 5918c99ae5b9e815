/**
 * The operator hears of a failing webhook long before the relay disables it, and when it does: a log line, a
 * metric and an event of the relay itself (relay_webhook_failing, relay_webhook_disabled in the catalog), which
 * any webhook or Zap can subscribe to like the network's events. Each is sent once: the event's idempotency key
 * names the webhook and its run of failures, so several processes or a restart do not repeat it.
 */
import type { RelayContext } from '../relayContext.ts';
import type { AttemptOutcome, ClaimedDelivery, Webhook } from '../store/types.ts';
import { ingestEvent } from '../ingest/ingestEvent.ts';

type AlertDependencies = Pick<RelayContext, 'store' | 'log' | 'metrics' | 'now'> & { config: Pick<RelayContext['config'], 'warnAfterFailingMs' | 'disableAfterFailingMs' | 'publicUrl'> };

export const webhookFailingEvent = 'relay_webhook_failing';
export const webhookDisabledEvent = 'relay_webhook_disabled';

export class WebhookAlerts {
  /** Per webhook, the run of failures already announced here (the store's idempotency does the rest). */
  private readonly announced = new Map<string, number>();
  private readonly relay: AlertDependencies;
  private readonly emit: (event: string, payload: Record<string, unknown>, idempotencyKey: string) => Promise<unknown>;

  constructor(relay: AlertDependencies, emit: (event: string, payload: Record<string, unknown>, idempotencyKey: string) => Promise<unknown>) {
    this.relay = relay;
    this.emit = emit;
  }

  /** For a context that has everything: the events go through ingest as the relay's own. */
  static of(context: RelayContext): WebhookAlerts {
    return new WebhookAlerts(context, (event, payload, idempotencyKey) =>
      ingestEvent(context, { event, payload, body: JSON.stringify(payload), source: 'relay', idempotencyKey }));
  }

  /** After each recorded attempt: announces a webhook that has now failed long enough, or that was disabled. */
  attemptRecorded(claimed: Pick<ClaimedDelivery, 'webhook' | 'trigger'>, outcome: AttemptOutcome, applied: boolean): void {
    const { webhook } = claimed;
    const { attempt } = outcome;
    if (attempt.ok || attempt.trigger === 'test' || outcome.pausedUntil !== undefined || !applied) return;
    const now = attempt.startedAt + attempt.durationMs;
    if (outcome.disableWebhookReason) {
      void this.announce(webhookDisabledEvent, webhook, `${webhook.id}:${webhook.failingSince ?? now}`, {
        disabled_at: new Date(now).toISOString(),
        disabled_reason: outcome.disableWebhookReason,
      }, attempt);
      return;
    }
    const since = webhook.failingSince;
    if (since === null || now - since < this.relay.config.warnAfterFailingMs || this.announced.get(webhook.id) === since) return;
    this.announced.set(webhook.id, since);
    this.relay.log.warn('webhook failing', { webhook: webhook.id, name: webhook.name, failing_since: new Date(since).toISOString(), last_error: attempt.error });
    this.relay.metrics.webhookFailing();
    void this.announce(webhookFailingEvent, webhook, `${webhook.id}:${since}`, {
      will_disable_at: new Date(since + this.relay.config.disableAfterFailingMs).toISOString(),
    }, attempt);
  }

  private async announce(event: string, webhook: Webhook, key: string, details: Record<string, unknown>, attempt?: AttemptOutcome['attempt']): Promise<void> {
    const payload = {
      // Not webhook_id: ids of the network's records are numbers, and Zapier field rules go by the name.
      webhook: webhook.id,
      webhook_name: webhook.name,
      webhook_url: webhook.url,
      webhook_events: webhook.events.join(','),
      failing_since: webhook.failingSince === null ? null : new Date(webhook.failingSince).toISOString(),
      last_error: attempt?.error ?? null,
      last_status_code: attempt?.statusCode ?? null,
      ...details,
      manage_url: this.relay.config.publicUrl ? `${this.relay.config.publicUrl.replace(/\/+$/, '')}/ui/webhooks/${encodeURIComponent(webhook.id)}` : null,
    };
    try {
      await this.emit(event, payload, key);
    } catch (error) {
      this.relay.log.error(`could not store ${event}`, { webhook: webhook.id, error: (error as Error).message });
    }
  }
}
