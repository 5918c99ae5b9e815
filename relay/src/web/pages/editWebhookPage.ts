/** "Edit webhook": its name, URL and events, through the same edit service as PATCH /v1/webhooks/{id}. */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { UnknownEventSlug } from '../../eventTypes/eventSlugRule.ts';
import type { RelayContext } from '../../relayContext.ts';
import type { Webhook } from '../../store/types.ts';
import { editWebhook } from '../../webhooks/webhookChanges.ts';
import { rateLimitText } from '../../webhooks/rateLimitText.ts';
import { layout } from '../layout/layout.ts';
import { withNotice } from '../layout/notices.ts';
import { uiPath } from '../session/session.ts';
import { pageNotFound } from '../layout/webError.ts';
import { checkWebhookForm, unknownEventError, webhookFormValues, webhookFormView, type FormErrors, type WebhookFormValues } from '../views/webhookForm.ts';
import type { WebEnv } from '../session/webEnv.ts';
import { eventChoices } from './newWebhookPage.ts';

export function editWebhookPage(relay: RelayContext) {
  const load = async (id: string) => {
    const webhook = await relay.store.getWebhook(id);
    if (!webhook) throw pageNotFound('This webhook');
    return webhook;
  };
  const detailHref = (webhook: Webhook) => `${uiPath}/webhooks/${encodeURIComponent(webhook.id)}`;
  const render = async (csrfToken: string, webhook: Webhook, values: WebhookFormValues, errors: FormErrors) =>
    layout(
      { title: `Edit ${webhook.name}`, nav: { active: 'webhooks', csrfToken } },
      html`<p class="crumbs"><a href="${detailHref(webhook)}">← ${webhook.name}</a></p><h1>Edit webhook</h1>
${webhookFormView({ mode: 'edit', action: `${detailHref(webhook)}/edit`, cancelHref: detailHref(webhook), csrfToken, values, errors, choices: await eventChoices(relay) })}`,
    );

  return new Hono<WebEnv>()
    .get('/webhooks/:id/edit', async (c) => {
      const webhook = await load(c.req.param('id'));
      const values: WebhookFormValues = { name: webhook.name, url: webhook.url, events: webhook.events, customEvents: '', integration: webhook.integration, rateLimit: rateLimitText(webhook.rateLimit) };
      return c.html(await render(c.get('csrfToken'), webhook, values, {}));
    })
    .post('/webhooks/:id/edit', async (c) => {
      const webhook = await load(c.req.param('id'));
      const values = { ...webhookFormValues(await c.req.parseBody({ all: true })), integration: webhook.integration };
      const { input, errors } = checkWebhookForm(values);
      if (!input) return c.html(await render(c.get('csrfToken'), webhook, values, errors), 400);
      try {
        const { name, url, events, custom, rateLimit } = input;
        if (!(await editWebhook(relay, webhook, { name, url, events, rateLimit }, custom, 'web'))) throw pageNotFound('This webhook');
      } catch (error) {
        if (error instanceof UnknownEventSlug) return c.html(await render(c.get('csrfToken'), webhook, values, unknownEventError(error)), 400);
        throw error;
      }
      return c.redirect(withNotice(detailHref(webhook), 'edited'), 303);
    });
}
