/**
 * The webhook form, for Add New Webhook and Edit: name, URL, its events (ticked from every event type that can
 * fire, or every event, and custom add-on slugs typed by hand) and, when adding, the integration. Reading it
 * back goes through the webhooks' own input rules and the subscribe/edit service, so the rules are the API's.
 */
import { html } from 'hono/html';
import { createWebhookSchema, rateLimitSchema, rateLimitSetting } from '../../webhooks/webhookInput.ts';
import { parseRateLimitText, rateLimitTextHint } from '../../webhooks/rateLimitText.ts';
import type { RateLimitSetting } from '../../store/webhookPace.ts';
import { UnknownEventSlug } from '../../eventTypes/eventSlugRule.ts';
import { SubscribedEventsError, subscribedEvents } from '../../webhooks/subscribedEvents.ts';
import { csrfInput, type Html } from '../layout/components.ts';
import { uiPath } from '../session/session.ts';

export type WebhookField = 'name' | 'url' | 'events' | 'custom_events' | 'integration' | 'rate_limit';
export type FormErrors = Partial<Record<WebhookField, string>>;

export interface WebhookFormValues {
  name: string;
  url: string;
  /** Ticked slugs, `*` included. */
  events: string[];
  /** Custom (add-on) slugs as typed, separated by spaces or commas. */
  customEvents: string;
  integration: string;
  /** As typed: "30/s, 10000/5m", "none", or blank for the default. */
  rateLimit: string;
}

export interface EventChoice {
  slug: string;
  name: string;
  description: string;
}

function fieldError(errors: FormErrors, field: WebhookField): Html | '' {
  return errors[field] ? html`<p class="field-error" id="${field}-error">${errors[field]}</p>` : '';
}

function invalid(errors: FormErrors, field: WebhookField): Html | '' {
  return errors[field] ? html` aria-invalid="true" aria-describedby="${field}-error"` : '';
}

const checked = (on: boolean) => (on ? html` checked` : '');

export function webhookFormView(options: {
  mode: 'new' | 'edit';
  action: string;
  cancelHref: string;
  csrfToken: string;
  values: WebhookFormValues;
  errors: FormErrors;
  choices: EventChoice[];
}): Html {
  const { values, errors, choices } = options;
  // Slugs already subscribed that are not offered any more (e.g. a model event) stay ticked and visible.
  const offered = new Set(choices.map((choice) => choice.slug));
  const extra = values.events.filter((slug) => slug !== '*' && !offered.has(slug)).map((slug) => ({ slug, name: slug, description: 'Subscribed already; not in the list of events that can fire.' }));
  return html`<form method="post" action="${options.action}" class="card stack" novalidate>
  ${csrfInput(options.csrfToken)}
  <label for="name">Name</label>
  <input id="name" name="name" value="${values.name}" maxlength="191" placeholder="e.g. Payments to the CRM"${invalid(errors, 'name')}>
  ${fieldError(errors, 'name')}
  <label for="url">URL</label>
  <input id="url" name="url" type="url" value="${values.url}" placeholder="https://example.com/hook"${invalid(errors, 'url')}>
  ${fieldError(errors, 'url')}
  <p class="hint">Receives a POST of each event, signed with Standard Webhooks headers. Testing? Use a <a href="${uiPath}/inspector">request inspector bin</a>’s URL.</p>
  <fieldset class="events"${errors.events ? html` aria-describedby="events-error"` : ''}>
    <legend>Events <span class="muted small">(one or more)</span></legend>
    ${fieldError(errors, 'events')}
    <label class="check every"><input type="checkbox" name="events" value="*"${checked(values.events.includes('*'))}> <span><strong>Every event (*)</strong> <span class="hint">every event the relay receives, whatever its type</span></span></label>
    ${[...choices, ...extra].map(
      (choice) => html`<label class="check"><input type="checkbox" name="events" value="${choice.slug}"${checked(values.events.includes(choice.slug))}> <span><strong>${choice.name}</strong> <code class="slug">${choice.slug}</code> <span class="hint">${choice.description}</span></span></label>`,
    )}
  </fieldset>
  <label for="custom_events">Custom (add-on) events <span class="muted small">(slugs, separated by spaces)</span></label>
  <input id="custom_events" name="custom_events" value="${values.customEvents}" maxlength="1000" placeholder="e.g. affiliate_signup"${invalid(errors, 'custom_events')}>
  ${fieldError(errors, 'custom_events')}
  <p class="hint">An add-on’s events the relay has not seen yet: taken on purpose, as the API’s <code>"custom": true</code>.</p>
  <label for="rate_limit">Rate limit <span class="muted small">(optional)</span></label>
  <input id="rate_limit" name="rate_limit" value="${values.rateLimit}" maxlength="64" placeholder="default"${invalid(errors, 'rate_limit')}>
  ${fieldError(errors, 'rate_limit')}
  <p class="hint">At most so many events per second and per window, e.g. <code>30/s, 10000/5m</code>; <code>none</code> for no limit. Blank: the default, which is Zapier’s own limits for a Zapier hook (shared by the hooks of one Zapier account) and none for other URLs. A receiver answering 429 slows the webhook down either way.</p>
  ${options.mode === 'new'
    ? html`<label for="integration">Integration</label>
  <input id="integration" name="integration" value="${values.integration}" maxlength="64"${invalid(errors, 'integration')}>
  ${fieldError(errors, 'integration')}
  <p class="hint">Who made it: <code>manual</code> for people, <code>zapier</code> for Zaps, …</p>`
    : ''}
  <div class="actions"><button class="primary">${options.mode === 'new' ? 'Add Webhook' : 'Save changes'}</button><a class="button" href="${options.cancelHref}">Cancel</a></div>
</form>`;
}

const formString = (value: unknown): string => (typeof value === 'string' ? value : '');
const formStrings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : typeof value === 'string' ? [value] : []);

/** The submitted form as values to show again (parseBody with `all: true`, so ticked boxes arrive as a list). */
export function webhookFormValues(form: Record<string, unknown>): WebhookFormValues {
  return {
    name: formString(form.name),
    url: formString(form.url).trim(),
    events: formStrings(form.events),
    customEvents: formString(form.custom_events).trim(),
    integration: formString(form.integration).trim() || 'manual',
    rateLimit: formString(form.rate_limit).trim(),
  };
}

const fieldLabels: Record<WebhookField, string> = { name: 'Name', url: 'URL', events: 'Events', custom_events: 'Custom events', integration: 'Integration', rate_limit: 'Rate limit' };

export interface CheckedWebhookForm {
  input: { name: string; url: string; events: string[]; integration: string; custom: boolean; rateLimit: RateLimitSetting } | null;
  errors: FormErrors;
}

/** Validates the form with the API's schema; the slugs typed as custom make the subscription `custom`. */
export function checkWebhookForm(values: WebhookFormValues): CheckedWebhookForm {
  const errors: FormErrors = {};
  const custom = values.customEvents.split(/[\s,]+/).filter(Boolean);
  let events: string[] = [];
  try {
    events = subscribedEvents({ events: [...values.events, ...custom] }) ?? [];
  } catch (error) {
    if (!(error instanceof SubscribedEventsError)) throw error;
    errors.events = error.message.replace(/^events: /, '').replace(/^must name at least one event$/, 'Tick at least one event, or type a custom one.');
  }
  const parsed = createWebhookSchema.safeParse({ name: values.name, url: values.url, integration: values.integration, events: events.length ? events : undefined, active: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // A malformed slug is shown where it was typed: among the custom ones, or (tampered) among the ticked ones.
      const typedAsCustom = issue.path[0] === 'events' && custom.includes(events[Number(issue.path[1])]);
      const field: WebhookField = typedAsCustom ? 'custom_events' : (issue.path[0] as WebhookField);
      errors[field] ??= `${fieldLabels[field] ?? String(field)} ${issue.message}.`;
    }
  }
  const rateLimit = checkRateLimit(values.rateLimit, errors);
  if (!parsed.success || Object.keys(errors).length > 0) return { input: null, errors };
  return { input: { name: parsed.data.name, url: parsed.data.url, integration: parsed.data.integration, events, custom: custom.length > 0, rateLimit }, errors };
}

/** The typed rate limit through the API's rules; an error beside the field otherwise. */
function checkRateLimit(text: string, errors: FormErrors): RateLimitSetting {
  const typed = parseRateLimitText(text);
  const parsed = typed === undefined ? null : rateLimitSchema.safeParse(typed);
  if (parsed?.success) return rateLimitSetting(parsed.data);
  errors.rate_limit = parsed ? `Rate limit ${parsed.error.issues[0].message}.` : `Rate limit must be ${rateLimitTextHint}.`;
  return null;
}

/** The service's refusal of an unknown slug, as the message beside the events. */
export function unknownEventError(error: UnknownEventSlug): FormErrors {
  return { events: `Unknown event “${error.slug}”${error.suggestion ? ` — did you mean ${error.suggestion}?` : '.'} Type an add-on’s event under Custom events.` };
}
