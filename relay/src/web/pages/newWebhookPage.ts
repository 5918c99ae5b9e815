/** "Add New Webhook": Name, URL and Event (every event type with its description), errors next to each field. */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { generateSigningSecret } from '../../../../shared/signing/standardWebhooks.ts';
import { listEventTypes } from '../../api/routes/eventRoutes.ts';
import { createWebhookSchema } from '../../api/schemas.ts';
import type { RelayContext } from '../../relayContext.ts';
import { newId } from '../../store/ids.ts';
import { csrfInput, type Html } from '../components.ts';
import { layout } from '../layout.ts';
import { withNotice } from '../notices.ts';
import { uiPath } from '../session.ts';
import type { WebEnv } from '../webEnv.ts';

type Field = 'name' | 'url' | 'event' | 'integration';
type Values = Record<Field, string>;
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
  </select>
  ${fieldError(errors, 'event')}
  <p class="hint" id="event-description">${selected?.description ?? ''}</p>
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
      const values: Values = { name: c.req.query('name') ?? '', url: c.req.query('url') ?? '', event: c.req.query('event') ?? '', integration: 'manual' };
      return c.html(render(c.get('csrfToken'), values, {}, await eventChoices()));
    })
    .post('/webhooks', async (c) => {
      const form = await c.req.parseBody();
      const values: Values = { name: formString(form.name), url: formString(form.url).trim(), event: formString(form.event), integration: formString(form.integration) || 'manual' };
      const parsed = createWebhookSchema.safeParse({ ...values, active: true });
      const errors: Partial<Record<Field, string>> = values.event === '' ? { event: 'Choose an event.' } : {};
      if (!parsed.success) {
        // The API's own validation, its messages shown beside the field they name.
        for (const issue of parsed.error.issues) {
          const field = issue.path[0] as Field;
          errors[field] ??= `${field === 'url' ? 'URL' : field[0].toUpperCase() + field.slice(1)} ${issue.message}.`;
        }
      }
      if (!parsed.success || Object.keys(errors).length > 0) return c.html(render(c.get('csrfToken'), values, errors, await eventChoices()), 400);
      const webhook = await relay.store.createWebhook({ id: newId('wh'), ...parsed.data, secret: generateSigningSecret(), createdAt: relay.now() });
      relay.log.info('webhook created', { webhook: webhook.id, event: webhook.event, integration: webhook.integration, via: 'web' });
      return c.redirect(withNotice(`${uiPath}/webhooks/${encodeURIComponent(webhook.id)}`, 'created'), 303);
    });
}
