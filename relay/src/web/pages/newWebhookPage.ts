/** "Add New Webhook": Name, URL and Event (every event type with its description), errors next to each field. */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { generateSigningSecret } from '../../../../shared/signing/standardWebhooks.ts';
import { listEventTypes } from '../../eventTypes/eventTypeListing.ts';
import { createWebhookSchema } from '../../api/schemas.ts';
import { requireKnownEventSlug, UnknownEventSlug } from '../../eventTypes/eventSlugRule.ts';
import type { RelayContext } from '../../relayContext.ts';
import { newId } from '../../store/ids.ts';
import { csrfInput, type Html } from '../components.ts';
import { layout } from '../layout.ts';
import { withNotice } from '../notices.ts';
import { uiPath } from '../session.ts';
import type { WebEnv } from '../webEnv.ts';

type Field = 'name' | 'url' | 'event' | 'integration' | 'custom_event';
type Values = Record<Field, string>;

/** The select's value for "an add-on's event, typed below". */
const customChoice = '__custom';
type EventChoice = { slug: string; name: string; description: string };

function fieldError(errors: Partial<Record<Field, string>>, field: Field): Html | '' {
  return errors[field] ? html`<p class="field-error" id="${field}-error">${errors[field]}</p>` : '';
}

function invalid(errors: Partial<Record<Field, string>>, field: Field): Html | '' {
  return errors[field] ? html` aria-invalid="true" aria-describedby="${field}-error"` : '';
}

function formView(options: { csrfToken: string; values: Values; errors: Partial<Record<Field, string>>; events: EventChoice[] }): Html {
  const { values, errors, events } = options;
  const selected = events.find((event) => event.slug === values.event);
  return html`<h1>Add New Webhook</h1>
<form method="post" action="${uiPath}/webhooks" class="card stack" novalidate>
  ${csrfInput(options.csrfToken)}
  <label for="name">Name</label>
  <input id="name" name="name" value="${values.name}" maxlength="191" placeholder="e.g. Payments to the CRM"${invalid(errors, 'name')}>
  ${fieldError(errors, 'name')}
  <label for="url">URL</label>
  <input id="url" name="url" type="url" value="${values.url}" placeholder="https://example.com/hook"${invalid(errors, 'url')}>
  ${fieldError(errors, 'url')}
  <p class="hint">Receives a POST of each event, signed with Standard Webhooks headers. Testing? Use a <a href="${uiPath}/inspector">request inspector bin</a>’s URL.</p>
  <label for="event">Event</label>
  <select id="event" name="event" data-describe="event-description"${invalid(errors, 'event')}>
    <option value=""${values.event === '' ? html` selected` : ''} data-description="">Choose an event…</option>
    ${events.map(
      (event) => html`<option value="${event.slug}" data-description="${event.description}"${event.slug === values.event ? html` selected` : ''}>${event.name} — ${event.description}</option>`,
    )}
    <option value="*" data-description="Every event the relay receives, whatever its type."${values.event === '*' ? html` selected` : ''}>Every event (*)</option>
    <option value="${customChoice}" data-description="An add-on's event the relay has not seen yet: type its slug below."${values.event === customChoice ? html` selected` : ''}>A custom (add-on) event, typed below…</option>
  </select>
  ${fieldError(errors, 'event')}
  <p class="hint" id="event-description">${selected?.description ?? ''}</p>
  <label for="custom_event">Custom event slug <span class="muted small">(only with “A custom (add-on) event”)</span></label>
  <input id="custom_event" name="custom_event" value="${values.custom_event}" maxlength="64" placeholder="e.g. affiliate_signup"${invalid(errors, 'custom_event')}>
  ${fieldError(errors, 'custom_event')}
  <label for="integration">Integration</label>
  <input id="integration" name="integration" value="${values.integration}" maxlength="64"${invalid(errors, 'integration')}>
  ${fieldError(errors, 'integration')}
  <p class="hint">Who made it: <code>manual</code> for people, <code>zapier</code> for Zaps, …</p>
  <div class="actions"><button class="primary">Add Webhook</button><a class="button" href="${uiPath}/webhooks">Cancel</a></div>
</form>`;
}

function formString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function newWebhookPage(relay: RelayContext) {
  const eventChoices = async (): Promise<EventChoice[]> => (await listEventTypes(relay)).map(({ slug, name, description }) => ({ slug, name, description }));
  const render = (csrfToken: string, values: Values, errors: Partial<Record<Field, string>>, events: EventChoice[]) =>
    layout({ title: 'Add New Webhook', nav: { active: 'webhooks', csrfToken } }, formView({ csrfToken, values, errors, events }));

  return new Hono<WebEnv>()
    .get('/webhooks/new', async (c) => {
      // Prefilled from the inspector's "use as webhook URL" link.
      const values: Values = { name: c.req.query('name') ?? '', url: c.req.query('url') ?? '', event: c.req.query('event') ?? '', integration: 'manual', custom_event: '' };
      return c.html(render(c.get('csrfToken'), values, {}, await eventChoices()));
    })
    .post('/webhooks', async (c) => {
      const form = await c.req.parseBody();
      const values: Values = {
        name: formString(form.name), url: formString(form.url).trim(), event: formString(form.event),
        integration: formString(form.integration) || 'manual', custom_event: formString(form.custom_event).trim(),
      };
      const custom = values.event === customChoice;
      const errors: Partial<Record<Field, string>> = values.event === '' ? { event: 'Choose an event.' } : {};
      if (custom && values.custom_event === '') errors.custom_event = 'Type the custom event’s slug, e.g. affiliate_signup.';
      const { name, url, integration } = values;
      const parsed = createWebhookSchema.safeParse({ name, url, integration, event: custom ? values.custom_event : values.event, active: true, custom });
      if (!parsed.success) {
        // The API's own validation, its messages shown beside the field they name.
        for (const issue of parsed.error.issues) {
          const field = (issue.path[0] === 'event' && custom ? 'custom_event' : issue.path[0]) as Field;
          errors[field] ??= `${field === 'url' ? 'URL' : field === 'custom_event' ? 'Custom event slug' : field[0].toUpperCase() + field.slice(1)} ${issue.message}.`;
        }
      }
      if (parsed.success && !errors.event) {
        // The same rule as the API: a slug the relay does not know is refused, with the closest known one.
        await requireKnownEventSlug(relay, parsed.data.event, custom).catch((error: unknown) => {
          if (!(error instanceof UnknownEventSlug)) throw error;
          errors.event = `Unknown event “${error.slug}”${error.suggestion ? ` — did you mean ${error.suggestion}?` : ''}`;
        });
      }
      if (!parsed.success || Object.keys(errors).length > 0) return c.html(render(c.get('csrfToken'), values, errors, await eventChoices()), 400);
      const { custom: _custom, ...input } = parsed.data;
      const webhook = await relay.store.createWebhook({ id: newId('wh'), ...input, secret: generateSigningSecret(), createdAt: relay.now() });
      relay.log.info('webhook created', { webhook: webhook.id, event: webhook.event, integration: webhook.integration, via: 'web' });
      return c.redirect(withNotice(`${uiPath}/webhooks/${encodeURIComponent(webhook.id)}`, 'created'), 303);
    });
}
