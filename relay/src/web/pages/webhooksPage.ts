/** The webhooks list: every subscription with its state and counts, and its buttons. */
import { isCursor } from '../../store/cursor.ts';
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { RelayContext } from '../../relayContext.ts';
import type { Webhook } from '../../store/types.ts';
import { eventsLabel, type Html } from '../components.ts';
import { layout } from '../layout.ts';
import { noticeFrom } from '../notices.ts';
import { uiPath } from '../session.ts';
import { testResultDialog } from '../testResultDialog.ts';
import type { WebEnv } from '../webEnv.ts';
import { lastFailure, webhookButtons, webhookCounts, webhookStatus } from '../webhookStatus.ts';

function webhookCard(webhook: Webhook, csrfToken: string): Html {
  return html`<li class="card webhook" data-webhook-id="${webhook.id}">
  <div class="row between">
    <h2><a href="${uiPath}/webhooks/${encodeURIComponent(webhook.id)}">${webhook.name}</a></h2>
    <div>${webhookStatus(webhook)}</div>
  </div>
  <p class="url"><code>${webhook.url}</code></p>
  <dl class="facts inline-facts">
    <dt>Events</dt><dd>${eventsLabel(webhook.events)}</dd>
    <dt>Integration</dt><dd>${webhook.integration}</dd>
    <dt>Deliveries</dt><dd>${webhookCounts(webhook)}</dd>
    <dt>Last failure</dt><dd>${lastFailure(webhook)}</dd>
  </dl>
  ${webhookButtons(webhook, csrfToken, 'list')}
</li>`;
}

export function webhooksPage(relay: RelayContext) {
  return new Hono<WebEnv>().get('/webhooks', async (c) => {
    const before = c.req.query('before');
    const page = await relay.store.listWebhooks({}, { limit: 50, before: isCursor(before) ? before : undefined });
    const csrfToken = c.get('csrfToken');
    const body = html`<div class="row between"><h1>Webhooks</h1><a class="button primary" href="${uiPath}/webhooks/new">Add New Webhook</a></div>
${page.items.length === 0
  ? html`<section class="card empty"><p>No webhooks yet. Add one to send events to a URL — or create a <a href="${uiPath}/inspector">request inspector bin</a> first to try it out.</p></section>`
  : html`<ul class="cards">${page.items.map((webhook) => webhookCard(webhook, csrfToken))}</ul>`}
${page.nextCursor ? html`<p><a href="?before=${page.nextCursor}">Older webhooks →</a></p>` : ''}
${await testResultDialog(c, relay)}`;
    return c.html(layout({ title: 'Webhooks', nav: { active: 'webhooks', csrfToken }, notice: noticeFrom(c) }, body));
  });
}
