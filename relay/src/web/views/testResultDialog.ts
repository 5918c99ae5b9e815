/**
 * The "Send Test Event" confirmation: after the POST the page is reloaded with ?tested=<delivery id> and this
 * dialog shows that delivery's attempt (status, time, response excerpt). Stateless: the attempt log is the record.
 */
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { RelayContext } from '../../relayContext.ts';
import { eventName, timeTag, type Html } from '../layout/components.ts';

export async function testResultDialog(c: Context, relay: RelayContext, webhookId?: string): Promise<Html | ''> {
  const deliveryId = c.req.query('tested');
  if (!deliveryId) return '';
  const delivery = await relay.store.getDelivery(deliveryId);
  if (!delivery || (webhookId && delivery.webhookId !== webhookId)) return '';
  const [attempt] = (await relay.store.listAttempts({ deliveryId }, { limit: 1 })).items;
  const webhook = await relay.store.getWebhook(delivery.webhookId);
  if (!attempt) return '';
  const closeHref = new URL(c.req.url).pathname;
  return html`<dialog open data-show-modal class="result ${attempt.ok ? 'ok' : 'bad'}" aria-labelledby="test-result-title">
  <h2 id="test-result-title">${attempt.ok ? 'Test event delivered' : 'Test event failed'}</h2>
  <p>${eventName(delivery.event)} sample → <strong>${webhook?.name ?? delivery.webhookId}</strong></p>
  <dl class="facts">
    <dt>Status</dt><dd>${attempt.statusCode === null ? 'no response' : `HTTP ${attempt.statusCode}`}</dd>
    <dt>Time</dt><dd>${attempt.durationMs} ms, ${timeTag(attempt.startedAt)}</dd>
    ${attempt.error ? html`<dt>Error</dt><dd class="wrap">${attempt.error}</dd>` : ''}
  </dl>
  <p class="label">Response</p>
  <pre class="code short">${attempt.responseExcerpt ? attempt.responseExcerpt : '(empty body)'}</pre>
  <form method="dialog" class="actions"><a class="button" href="${closeHref}">Close</a></form>
</dialog>`;
}
