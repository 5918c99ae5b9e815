/** One webhook: its facts and buttons, its deliveries with every attempt, redelivery, and its signing secret. */
import { paceOf } from '../../store/webhookPace.ts';
import { rateLimitText } from '../../webhooks/rateLimitText.ts';
import { attemptOrigin, attemptResult } from '../../delivery/attemptWording.ts';
import { isCursor } from '../../store/cursor.ts';
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { RelayContext } from '../../relayContext.ts';
import type { Delivery, DeliveryAttempt, Webhook } from '../../store/types.ts';
import { sentRequest } from '../../delivery/outgoingRequest.ts';
import { listEventTypes } from '../../eventTypes/eventTypeListing.ts';
import { badge, copyable, csrfInput, deliveryBadge, eventLabel, eventsLabel, jsonBlock, postButton, timeTag, type Html } from '../layout/components.ts';
import { deliveryFiltersForm, deliveryFilterValues, filterQuery, storeFilter } from '../views/deliveryFilters.ts';
import { deliverySchedule } from '../views/deliverySchedule.ts';
import { durationText, utcText } from '../layout/relativeTime.ts';
import { layout } from '../layout/layout.ts';
import { noticeFrom } from '../layout/notices.ts';
import { uiPath } from '../session/session.ts';
import { testResultDialog } from '../views/testResultDialog.ts';
import { verifyHelp } from '../views/verifyHelp.ts';
import { pageNotFound } from '../layout/webError.ts';
import type { WebEnv } from '../session/webEnv.ts';
import { lastFailure, webhookButtons, webhookCounts, webhookStatus } from '../views/webhookStatus.ts';
import { redeliverPeriods } from './webhookActions.ts';

function attemptRow(attempt: DeliveryAttempt): Html {
  return html`<tr>
  <td data-label="#">${attempt.attemptNumber}</td>
  <td data-label="When">${timeTag(attempt.startedAt)}${attemptOrigin[attempt.trigger] ? html`<br><span class="muted">${attemptOrigin[attempt.trigger]}</span>` : ''}</td>
  <td data-label="Result">${attempt.ok ? badge(`delivered · ${attempt.statusCode}`, 'ok') : badge(`${attemptResult(attempt.statusCode)} · ${attempt.statusCode === null ? 'no response' : attempt.statusCode}`, 'bad')}</td>
  <td data-label="Duration">${attempt.durationMs} ms</td>
  <td data-label="Error" class="wrap">${attempt.error ?? html`<span class="muted">—</span>`}</td>
  <td data-label="Response">${attempt.responseExcerpt ? html`<pre class="code short">${attempt.responseExcerpt}</pre>` : html`<span class="muted">(empty)</span>`}</td>
</tr>`;
}

/** The request the latest attempt sent (rebuilt, signature not shown) beside the response it got. */
function exchange(webhook: Webhook, delivery: Delivery, attempt: DeliveryAttempt, body: string | null): Html {
  const request = sentRequest({ webhook, eventId: delivery.eventId, eventType: delivery.event, deliveryId: delivery.id, attemptNumber: attempt.attemptNumber, body: body ?? '', startedAt: attempt.startedAt });
  return html`<details class="exchange-details"><summary>Request sent and response (attempt ${attempt.attemptNumber})</summary>
  <div class="exchange">
    <div><p class="label">Request</p>
      <p class="wrap"><code>POST ${request.url}</code></p>
      <dl class="headers">${Object.entries(request.headers).map(([name, value]) => html`<dt>${name}</dt><dd>${value}</dd>`)}</dl>
      ${body === null ? html`<p class="muted small">The event’s body is no longer kept (retention).</p>` : jsonBlock(body, 'Request body')}</div>
    <div><p class="label">Response</p>
      <p>${attempt.statusCode === null ? html`<span class="bad-text">no response</span>` : html`<code>HTTP ${attempt.statusCode}</code>`} · ${attempt.durationMs} ms</p>
      ${attempt.error ? html`<p class="wrap bad-text">${attempt.error}</p>` : ''}
      <pre class="code" aria-label="Response body">${attempt.responseExcerpt ? attempt.responseExcerpt : '(empty body)'}</pre></div>
  </div></details>`;
}

function deliveryItem(webhook: Webhook, item: { delivery: Delivery; attempts: DeliveryAttempt[]; body: string | null }, csrfToken: string, schedule: readonly number[], now: number): Html {
  const { delivery, attempts, body } = item;
  const isTest = attempts.some((attempt) => attempt.trigger === 'test');
  const latest = attempts[attempts.length - 1];
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
  <p class="muted small">Created ${timeTag(delivery.createdAt, 'never', now)} · <a href="${uiPath}/events?event_id=${encodeURIComponent(delivery.eventId)}">event <code>${delivery.eventId}</code></a></p>
  ${deliverySchedule(delivery, attempts, schedule, now)}
  ${attempts.length
    ? html`<div class="table-wrap"><table class="attempts"><thead><tr><th>#</th><th>When</th><th>Result</th><th>Duration</th><th>Error</th><th>Response</th></tr></thead>
      <tbody>${attempts.map(attemptRow)}</tbody></table></div>
      ${exchange(webhook, delivery, latest, body)}`
    : html`<p class="muted small">Not attempted yet.</p>`}
</li>`;
}

function secretSection(webhook: Webhook, reveal: boolean, csrfToken: string, overlapMs: number, now: number): Html {
  const base = `${uiPath}/webhooks/${encodeURIComponent(webhook.id)}`;
  const overlapping = webhook.previousSecret !== null && webhook.previousSecretExpiresAt !== null && webhook.previousSecretExpiresAt > now;
  return html`<section class="card" id="secret"><h2>Signing secret</h2>
  ${overlapping
    ? html`<p class="overlap">Rotated: the previous secret keeps signing for another ${durationText(webhook.previousSecretExpiresAt! - now)} (until ${utcText(webhook.previousSecretExpiresAt!)}). Until then every delivery carries both signatures, so receivers can switch to the new secret without missing one.</p>`
    : ''}
  ${reveal
    ? html`${copyable(webhook.secret, 'Copy secret')}
      <p><a href="?#secret">Hide</a></p>`
    : html`<p><a class="button" href="?secret=show#secret">Reveal secret</a> <span class="muted small">Keep it private: whoever has it can forge deliveries.</span></p>`}
  <div class="row">${postButton({
    action: `${base}/rotate-secret`, label: 'Rotate secret', csrfToken,
    confirm: `Make a new signing secret? The current one keeps signing beside it for ${durationText(overlapMs)}; update your receiver within that time.`,
  })} <span class="muted small">The old secret keeps signing for ${durationText(overlapMs)} (RELAY_SECRET_ROTATION_OVERLAP).</span></div>
  <h3>How to verify</h3>
  ${verifyHelp()}
</section>`;
}

function rateLimitLabel(webhook: Webhook): string {
  const pace = paceOf(webhook);
  if (!pace.limit) return 'none';
  const text = rateLimitText(pace.limit);
  return pace.source === 'zapier' ? `${text} (Zapier’s limits, shared by this Zapier account’s hooks)` : text;
}

export function webhookDetailPage(relay: RelayContext) {
  return new Hono<WebEnv>().get('/webhooks/:id', async (c) => {
    const webhook = await relay.store.getWebhook(c.req.param('id'));
    if (!webhook) throw pageNotFound('This webhook');
    const csrfToken = c.get('csrfToken');
    const before = c.req.query('before');
    const now = relay.now();
    const filterEvents = webhook.events.includes('*') ? (await listEventTypes(relay, { all: true })).map((eventType) => eventType.slug) : webhook.events;
    const filters = deliveryFilterValues(c.req.query(), filterEvents);
    const page = await relay.store.listDeliveries({ webhookId: webhook.id, ...storeFilter(filters, now) }, { limit: 20, before: isCursor(before) ? before : undefined });
    const deliveries = await Promise.all(
      page.items.map(async (delivery) => ({
        delivery,
        attempts: (await relay.store.listAttempts({ deliveryId: delivery.id }, { limit: 50 })).items.sort((a, b) => a.attemptNumber - b.attemptNumber),
        body: (await relay.store.getEvent(delivery.eventId))?.body ?? null,
      })),
    );
    const activity = (await relay.store.reports.webhookActivity(now - 24 * 60 * 60 * 1000)).get(webhook.id);
    const filtered = filterQuery(filters);
    const base = `${uiPath}/webhooks/${encodeURIComponent(webhook.id)}`;
    const body = html`<p class="crumbs"><a href="${uiPath}/webhooks">← Webhooks</a></p>
<section class="card">
  <div class="row between"><h1>${webhook.name}</h1><div>${webhookStatus(webhook)}</div></div>
  <p class="url"><code>${webhook.url}</code></p>
  <dl class="facts inline-facts">
    <dt>Events</dt><dd>${eventsLabel(webhook.events)}</dd>
    <dt>Integration</dt><dd>${webhook.integration}</dd>
    <dt>Deliveries</dt><dd>${webhookCounts(webhook)}</dd>
    <dt>Last 24 h</dt><dd>${activity ? html`${activity.succeeded} delivered, ${activity.failed} failed, ${activity.retrying} pending retr${activity.retrying === 1 ? 'y' : 'ies'}${activity.tests ? html` · ${activity.tests} test${activity.tests === 1 ? '' : 's'} sent, ${activity.testsSucceeded} delivered` : ''}` : html`<span class="muted">nothing</span>`}</dd>
    <dt>Last delivery</dt><dd>${activity?.lastAttempt ? html`${activity.lastAttempt.ok ? badge('ok', 'ok') : badge('failed', 'bad')} ${timeTag(activity.lastAttempt.at, 'never', now)}${activity.lastAttempt.trigger === 'test' ? html` ${badge('test', 'info')}` : ''}` : html`<span class="muted">never</span>`}</dd>
    <dt>Last success</dt><dd>${timeTag(webhook.lastSuccessAt)}</dd>
    <dt>Last failure</dt><dd>${lastFailure(webhook)}</dd>
    ${webhook.failingSince && webhook.active
      ? html`<dt>Failing since</dt><dd>${timeTag(webhook.failingSince)}${now - webhook.failingSince >= relay.config.warnAfterFailingMs ? html` ${badge('warning', 'bad')}` : ''} <span class="hint">disabled ${timeTag(webhook.failingSince + relay.config.disableAfterFailingMs)} unless a delivery succeeds first</span></dd>`
      : ''}
    <dt>Rate limit</dt><dd>${rateLimitLabel(webhook)}</dd>
    <dt>Created</dt><dd>${timeTag(webhook.createdAt)}</dd>
  </dl>
  ${webhookButtons(webhook, csrfToken, 'detail')}
</section>
<section>
  <div class="row between"><h2>Deliveries</h2><a class="button small" href="${base}">Refresh</a></div>
  ${/^\d{1,15}$/.test(c.req.query('failed_since') ?? '') && webhook.active
    ? html`<form method="post" action="${base}/redeliver" class="card row" id="redeliver">
    ${csrfInput(csrfToken)}
    <input type="hidden" name="since_at" value="${c.req.query('failed_since')}">
    <span>Failed while it was failing or off, since ${timeTag(Number(c.req.query('failed_since')))}</span>
    <button class="primary">Redeliver what failed meanwhile</button>
  </form>`
    : ''}
  <form method="post" action="${base}/redeliver" class="card row">
    ${csrfInput(csrfToken)}
    <label for="since">Redeliver failures since</label>
    <select id="since" name="since">${redeliverPeriods.map((period) => html`<option value="${period.value}"${period.value === '24h' ? html` selected` : ''}>${period.label}</option>`)}</select>
    <button>Redeliver failures</button>
  </form>
  ${deliveryFiltersForm(base, filters, filterEvents)}
  ${deliveries.length
    ? html`<ul class="cards">${deliveries.map((item) => deliveryItem(webhook, item, csrfToken, relay.config.retrySchedule, now))}</ul>`
    : html`<p class="card empty">${filtered ? 'No delivery matches these filters.' : html`No deliveries yet. Click <strong>Send Test Event</strong>, or emit an event to the relay.`}</p>`}
  ${page.nextCursor ? html`<p><a href="?${filtered ? `${filtered}&` : ''}before=${page.nextCursor}">Older deliveries →</a></p>` : ''}
</section>
${secretSection(webhook, c.req.query('secret') === 'show', csrfToken, relay.config.secretRotationOverlapMs, now)}
${await testResultDialog(c, relay, webhook.id)}`;
    return c.html(layout({ title: webhook.name, nav: { active: 'webhooks', csrfToken }, notice: noticeFrom(c) }, body));
  });
}
