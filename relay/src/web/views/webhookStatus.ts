/** How a webhook's state reads on the page: active, or disabled with who or what turned it off. */
import { html } from 'hono/html';
import type { Webhook } from '../../store/types.ts';
import { badge, csrfInput, postButton, timeTag, type Html } from '../layout/components.ts';
import { uiPath } from '../session/session.ts';

export function webhookStatus(webhook: Webhook): Html {
  if (webhook.active) return webhook.failingSince ? html`<span class="badge alarm">failing</span> <span class="small bad-text">since ${timeTag(webhook.failingSince)}</span>` : badge('active', 'ok');
  return html`${badge('disabled', 'bad')} <span class="reason">${webhook.disabledReason ?? 'turned off by a person'}</span>`;
}

export function webhookCounts(webhook: Webhook): Html {
  return html`<span>${webhook.deliveriesSucceeded} delivered</span>${webhook.deliveriesFailed ? html` · <span class="bad-text">${webhook.deliveriesFailed} failed</span>` : ''}`;
}

export function lastFailure(webhook: Webhook): Html {
  return timeTag(webhook.lastFailureAt);
}

/** Send Test Event, edit, enable/disable and delete, posting back to the list or the detail page. */
export function webhookButtons(webhook: Webhook, csrfToken: string, back: 'list' | 'detail', view = ''): Html {
  const base = `${uiPath}/webhooks/${encodeURIComponent(webhook.id)}`;
  const fields: Record<string, string> = back === 'list' && view ? { back, view } : { back };
  return html`<div class="actions">
  <form method="post" action="${base}/test" class="inline">${csrfInput(csrfToken)}<input type="hidden" name="back" value="${back}">${fields.view !== undefined ? html`<input type="hidden" name="view" value="${fields.view}">` : ''}<button class="secondary" data-busy="Sending…">Send Test Event</button></form>
  <a class="button" href="${base}/edit">Edit</a>
  ${webhook.active
    ? postButton({ action: `${base}/disable`, label: 'Disable', csrfToken, fields })
    : postButton({ action: `${base}/enable`, label: 'Enable', csrfToken, fields })}
  ${postButton({ action: `${base}/delete`, label: 'Delete', csrfToken, tone: 'danger', confirm: `Delete the webhook “${webhook.name}”? Its pending deliveries are cancelled.` })}
</div>`;
}
