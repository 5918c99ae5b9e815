/**
 * Subscribing, editing and rotating the signing secret of a webhook: the one set of rules the JSON API and the
 * web page both call (each only turns the errors into its own answer: a 400, or a message beside the field).
 */
import { generateSigningSecret } from '../../../shared/signing/standardWebhooks.ts';
import { requireKnownEventSlugs } from '../eventTypes/eventSlugRule.ts';
import type { RelayContext } from '../relayContext.ts';
import { newId } from '../store/ids.ts';
import type { Webhook } from '../store/types.ts';
import type { RateLimitSetting } from '../store/webhookPace.ts';
import { isIdempotentSubscription, isSameSubscription } from './existingSubscription.ts';

/** What webhook changes need: the store, the log, the clock, a way to wake the worker, the rotation overlap. */
export type WebhookChangeDependencies = Pick<RelayContext, 'store' | 'log' | 'now' | 'notifyWorker' | 'prepareToSend'> & { config: Pick<RelayContext['config'], 'secretRotationOverlapMs'> };

export interface NewSubscription {
  name: string;
  url: string;
  events: string[];
  integration: string;
  active: boolean;
  /** The events are custom (add-on) ones on purpose: slugs the relay does not know yet are taken. */
  custom: boolean;
  rateLimit?: RateLimitSetting;
}

export interface WebhookEdit {
  name?: string;
  url?: string;
  events?: string[];
  integration?: string;
  active?: boolean;
  rateLimit?: RateLimitSetting;
}

/** Creates the webhook, or for an integration returns (re-enabled) the one it already has for the same URL and events. */
export async function subscribeWebhook(relay: WebhookChangeDependencies, input: NewSubscription): Promise<{ webhook: Webhook; created: boolean }> {
  const { custom, ...fields } = input;
  await requireKnownEventSlugs(relay, fields.events, custom);
  const fresh = { id: newId('wh'), ...fields, secret: generateSigningSecret(), createdAt: relay.now() };
  const { webhook: found, created } = isIdempotentSubscription(fields)
    ? await relay.store.createWebhookUnlessExisting(fresh, isSameSubscription(fields))
    : { webhook: await relay.store.createWebhook(fresh), created: true };
  if (created) {
    relay.log.info('webhook created', { webhook: found.id, events: found.events, integration: found.integration });
    if (found.active) relay.prepareToSend();
    return { webhook: found, created };
  }
  // Reactivated: subscribing again is how Zapier turns a Zap back on, even after a 410 disabled it.
  const webhook = found.active ? found : (await relay.store.updateWebhook(found.id, { active: true, disabledReason: null }, relay.now()))!;
  relay.log.info('webhook subscribed again', { webhook: webhook.id, events: webhook.events, integration: webhook.integration });
  if (webhook.active) relay.prepareToSend();
  return { webhook, created: false };
}

/** Applies a person's edit; only events it did not have yet must be known. Null when the webhook is gone. */
export async function editWebhook(relay: WebhookChangeDependencies, current: Webhook, edit: WebhookEdit, custom: boolean, via: 'api' | 'web'): Promise<Webhook | null> {
  if (edit.events) await requireKnownEventSlugs(relay, edit.events.filter((slug) => !current.events.includes(slug)), custom);
  // A person switching it on or off replaces any reason the relay had for turning it off.
  const updated = await relay.store.updateWebhook(current.id, { ...edit, ...(edit.active !== undefined ? { disabledReason: null } : {}) }, relay.now());
  if (updated && updated.active !== current.active) {
    relay.log.info(updated.active ? 'webhook re-enabled' : 'webhook disabled by a person', { webhook: updated.id, name: updated.name, via, was: current.disabledReason });
  }
  if (updated && edit.active === true) {
    relay.prepareToSend();
    relay.notifyWorker();
  }
  return updated;
}

/**
 * A new signing secret; the old one keeps signing beside it (both signatures sent) for the overlap
 * (RELAY_SECRET_ROTATION_OVERLAP), so receivers can switch without missing a delivery.
 */
export async function rotateSigningSecret(relay: WebhookChangeDependencies, webhook: Webhook): Promise<Webhook | null> {
  const now = relay.now();
  const updated = await relay.store.updateWebhook(
    webhook.id,
    { secret: generateSigningSecret(), previousSecret: webhook.secret, previousSecretExpiresAt: now + relay.config.secretRotationOverlapMs },
    now,
  );
  if (updated) relay.log.info('webhook secret rotated', { webhook: webhook.id, previous_secret_expires_at: new Date(now + relay.config.secretRotationOverlapMs).toISOString() });
  return updated;
}
