/** One webhook: its facts and buttons, its deliveries with every attempt, redelivery, and its signing secret. */
import { isCursor } from '../../store/cursor.ts';
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { RelayContext } from '../../relayContext.ts';
import type { Delivery, DeliveryAttempt, Webhook } from '../../store/types.ts';
import { badge, copyable, csrfInput, deliveryBadge, eventLabel, eventsLabel, postButton, timeTag, type Html } from '../components.ts';
import { layout } from '../layout.ts';
import { noticeFrom } from '../notices.ts';
import { uiPath } from '../session.ts';
import { testResultDialog } from '../testResultDialog.ts';
import { verifyHelp } from '../verifyHelp.ts';
import { pageNotFound } from '../webError.ts';
import type { WebEnv } from '../webEnv.ts';
import { lastFailure, webhookButtons, webhookCounts, webhookStatus } from '../webhookStatus.ts';
import { redeliverPeriods } from './webhookActions.ts';

function attemptRow(attempt: DeliveryAttempt): Html {
  return html`<tr>
  <td data-label="#">${attempt.attemptNumber}</td>
  <td data-label="When">${timeTag(attempt.startedAt)}<br><span class="muted">${attempt.trigger}</span></td>
  <td data-label="Status">${attempt.ok ? badge(String(attempt.statusCode), 'ok') : badge(attempt.statusCode === null ? 'no response' : String(attempt.statusCode), 'bad')}</td>
  <td data-label="Duration">${attempt.durationMs} ms</td>
  <td data-label="Error" class="wrap">${attempt.error ?? html`<span class="muted">—</span>`}</td>
  <td data-label="Response">${attempt.responseExcerpt ? html`<pre class="code short">${attempt.responseExcerpt}</pre>` : html`<span class="muted">(empty)</span>`}</td>
</tr>`;
}

function deliveryItem(delivery: Delivery, attempts: DeliveryAttempt[], csrfToken: string): Html {
  const isTest = attempts.some((attempt) => attempt.trigger === 'test');
  return html`<li class="card delivery" data-delivery-id="${delivery.id}" data-status="${delivery.status}">
  <div class="row between">
    <div>${deliveryBadge(delivery.status)} ${eventLabel(delivery.event)} ${isTest ? badge('test', 'info') : ''}</div>
    ${postButton({
      action: `${uiPath}/deliveries/${encodeURIComponent(delivery.id)}/retry`,
      label: 'Retry',
      csrfToken,
      // The person sees it was accepted and asks again: that is the API's force=true.
      ...(delivery.status === 'succeeded' ? { fields: { force: 'true' } } : {}),
    })}
  </div>
  <p class="muted small">Created ${timeTag(delivery.createdAt)} · ${delivery.attempts} ${delivery.attempts === 1 ? 'attempt' : 'attempts'}
    ${delivery.status === 'pending' && delivery.nextAttemptAt !== null ? html` · next attempt ${timeTag(delivery.nextAttemptAt)}` : ''}
    · <a href="${uiPath}/events?event_id=${encodeURIComponent(delivery.eventId)}">event <code>${delivery.eventId}</code></a></p>
  ${attempts.length
    ? html`<div class="table-wrap"><table class="attempts"><thead><tr><th>#</th><th>When</th><th>Status</th><th>Duration</th><th>Error</th><th>Response</th></tr></thead>
      <tbody>${attempts.map(attemptRow)}</tbody></table></div>`
    : html`<p class="muted small">Not attempted yet.</p>`}
</li>`;
}

function secretSection(webhook: Webhook, reveal: boolean): Html {
  return html`<section class="card" id="secret"><h2>Signing secret</h2>
  ${reveal
    ? html`${copyable(webhook.secret, 'Copy secret')}
      ${webhook.previousSecret && webhook.previousSecretExpiresAt ? html`<p class="muted small">The previous secret also signs until ${timeTag(webhook.previousSecretExpiresAt)}.</p>` : ''}
      <p><a href="?#secret">Hide</a></p>`
    : html`<p><a class="button" href="?secret=show#secret">Reveal secret</a> <span class="muted small">Keep it private: whoever has it can forge deliveries.</span></p>`}
  <h3>How to verify</h3>
  ${verifyHelp()}
</section>`;
}

export function webhookDetailPage(relay: RelayContext) {
  return new Hono<WebEnv>().get('/webhooks/:id', async (c) => {
    const webhook = await relay.store.getWebhook(c.req.param('id'));
    if (!webhook) throw pageNotFound('This webhook');
    const csrfToken = c.get('csrfToken');
    const before = c.req.query('before');
    const page = await relay.store.listDeliveries({ webhookId: webhook.id }, { limit: 20, before: isCursor(before) ? before : undefined });
    const deliveries = await Promise.all(
      page.items.map(async (delivery) => ({ delivery, attempts: (await relay.store.listAttempts({ deliveryId: delivery.id }, { limit: 50 })).items.sort((a, b) => a.attemptNumber - b.attemptNumber) })),
    );
    const base = `${uiPath}/webhooks/${encodeURIComponent(webhook.id)}`;
    const body = html`<p class="crumbs"><a href="${uiPath}/webhooks">← Webhooks</a></p>
<section class="card">
  <div class="row between"><h1>${webhook.name}</h1><div>${webhookStatus(webhook)}</div></div>
  <p class="url"><code>${webhook.url}</code></p>
  <dl class="facts inline-facts">
    <dt>Events</dt><dd>${eventsLabel(webhook.events)}</dd>
    <dt>Integration</dt><dd>${webhook.integration}</dd>
    <dt>Deliveries</dt><dd>${webhookCounts(webhook)}</dd>
    <dt>Last success</dt><dd>${timeTag(webhook.lastSuccessAt)}</dd>
    <dt>Last failure</dt><dd>${lastFailure(webhook)}</dd>
    ${webhook.failingSince ? html`<dt>Failing since</dt><dd>${timeTag(webhook.failingSince)}</dd>` : ''}
    <dt>Created</dt><dd>${timeTag(webhook.createdAt)}</dd>
  </dl>
  ${webhookButtons(webhook, csrfToken, 'detail')}
</section>
<section>
  <div class="row between"><h2>Deliveries</h2><a class="button small" href="${base}">Refresh</a></div>
  <form method="post" action="${base}/redeliver" class="card row">
    ${csrfInput(csrfToken)}
    <label for="since">Redeliver failures since</label>
    <select id="since" name="since">${redeliverPeriods.map((period) => html`<option value="${period.value}"${period.value === '24h' ? html` selected` : ''}>${period.label}</option>`)}</select>
    <button>Redeliver failures</button>
  </form>
  ${deliveries.length
    ? html`<ul class="cards">${deliveries.map(({ delivery, attempts }) => deliveryItem(delivery, attempts, csrfToken))}</ul>`
    : html`<p class="card empty">No deliveries yet. Click <strong>Send Test Event</strong>, or emit an event to the relay.</p>`}
  ${page.nextCursor ? html`<p><a href="?before=${page.nextCursor}">Older deliveries →</a></p>` : ''}
</section>
${secretSection(webhook, c.req.query('secret') === 'show')}
${await testResultDialog(c, relay, webhook.id)}`;
    return c.html(layout({ title: webhook.name, nav: { active: 'webhooks', csrfToken }, notice: noticeFrom(c) }, body));
  });
}
