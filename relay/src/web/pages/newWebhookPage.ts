/** "Add New Webhook": name, URL, its events (every event type with its description), errors next to each field. */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { listEventTypes } from '../../eventTypes/eventTypeListing.ts';
import { UnknownEventSlug } from '../../eventTypes/eventSlugRule.ts';
import type { RelayContext } from '../../relayContext.ts';
import { subscribeWebhook } from '../../webhooks/webhookChanges.ts';
import { layout } from '../layout/layout.ts';
import { withNotice } from '../layout/notices.ts';
import { uiPath } from '../session/session.ts';
import { checkWebhookForm, unknownEventError, webhookFormValues, webhookFormView, type EventChoice, type FormErrors, type WebhookFormValues } from '../views/webhookForm.ts';
import type { WebEnv } from '../session/webEnv.ts';

export async function eventChoices(relay: RelayContext): Promise<EventChoice[]> {
  return (await listEventTypes(relay)).map(({ slug, name, description }) => ({ slug, name, description }));
}

export function newWebhookPage(relay: RelayContext) {
  const render = async (csrfToken: string, values: WebhookFormValues, errors: FormErrors) =>
    layout(
      { title: 'Add New Webhook', nav: { active: 'webhooks', csrfToken } },
      html`<h1>Add New Webhook</h1>${webhookFormView({ mode: 'new', action: `${uiPath}/webhooks`, cancelHref: `${uiPath}/webhooks`, csrfToken, values, errors, choices: await eventChoices(relay) })}`,
    );

  return new Hono<WebEnv>()
    .get('/webhooks/new', async (c) => {
      // Prefilled from the inspector's "use as webhook URL" link.
      const event = c.req.query('event');
      const values: WebhookFormValues = { name: c.req.query('name') ?? '', url: c.req.query('url') ?? '', events: event ? [event] : [], customEvents: '', integration: 'manual', rateLimit: '' };
      return c.html(await render(c.get('csrfToken'), values, {}));
    })
    .post('/webhooks', async (c) => {
      const values = webhookFormValues(await c.req.parseBody({ all: true }));
      const { input, errors } = checkWebhookForm(values);
      if (!input) return c.html(await render(c.get('csrfToken'), values, errors), 400);
      try {
        // The API's own subscribe: the same unknown-slug rule, the same integration idempotency.
        const { webhook } = await subscribeWebhook(relay, { ...input, active: true });
        return c.redirect(withNotice(`${uiPath}/webhooks/${encodeURIComponent(webhook.id)}`, 'created'), 303);
      } catch (error) {
        if (error instanceof UnknownEventSlug) return c.html(await render(c.get('csrfToken'), values, unknownEventError(error)), 400);
        throw error;
      }
    });
}
