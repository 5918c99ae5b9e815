/** The state-changing buttons of a webhook (list and detail pages share them): test, enable, disable, rotate the secret, delete, retry, redeliver. */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { failedWhileOff, redeliverFailed, retryDelivery } from '../../webhooks/redelivery.ts';
import { sendTestEvent } from '../../webhooks/sendTestEvent.ts';
import type { RelayContext } from '../../relayContext.ts';
import { editWebhook, rotateSigningSecret } from '../../webhooks/webhookChanges.ts';
import { withNotice } from '../layout/notices.ts';
import { uiPath } from '../session/session.ts';
import { pageNotFound, WebError } from '../layout/webError.ts';
import type { WebEnv } from '../session/webEnv.ts';

/** Back to the page the button was on: the webhook's own page, or the list as it was (search, sort, page). */
async function backTo(c: Context, webhookId: string): Promise<string> {
  const form = await c.req.parseBody();
  if (form.back === 'detail') return `${uiPath}/webhooks/${encodeURIComponent(webhookId)}`;
  const view = new URLSearchParams(typeof form.view === 'string' ? form.view : '');
  const kept = new URLSearchParams([...view].filter(([name]) => listViewParams.includes(name)));
  return `${uiPath}/webhooks${kept.size ? `?${kept}` : ''}`;
}

/** The list's own query parameters, the only ones carried back (never a free-form redirect). */
const listViewParams = ['q', 'sort', 'dir', 'page'];

/** "Redeliver failures since…": the periods offered, so no time zone guessing is needed. */
export const redeliverPeriods: { value: string; label: string; ms: number }[] = [
  { value: '1h', label: 'the last hour', ms: 60 * 60 * 1000 },
  { value: '6h', label: 'the last 6 hours', ms: 6 * 60 * 60 * 1000 },
  { value: '24h', label: 'the last 24 hours', ms: 24 * 60 * 60 * 1000 },
  { value: '3d', label: 'the last 3 days', ms: 3 * 24 * 60 * 60 * 1000 },
  { value: '7d', label: 'the last 7 days', ms: 7 * 24 * 60 * 60 * 1000 },
  { value: '30d', label: 'the last 30 days', ms: 30 * 24 * 60 * 60 * 1000 },
];

export function webhookActionRoutes(relay: RelayContext) {
  const load = async (id: string) => {
    const webhook = await relay.store.getWebhook(id);
    if (!webhook) throw pageNotFound('This webhook');
    return webhook;
  };

  return new Hono<WebEnv>()
    .post('/webhooks/:id/test', async (c) => {
      const webhook = await load(c.req.param('id'));
      const result = await sendTestEvent(relay, webhook);
      const back = await backTo(c, webhook.id);
      return c.redirect(`${back}${back.includes('?') ? '&' : '?'}tested=${encodeURIComponent(result.deliveryId)}`, 303);
    })
    .post('/webhooks/:id/enable', async (c) => {
      const webhook = await load(c.req.param('id'));
      // As in the API (the same service): a person switching it on clears the reason the relay had for turning it off.
      const offer = await failedWhileOff(relay.store, webhook);
      await editWebhook(relay, webhook, { active: true }, false, 'web');
      // What failed meanwhile is offered for redelivery on its page.
      if (offer) return c.redirect(`${withNotice(`${uiPath}/webhooks/${encodeURIComponent(webhook.id)}`, 'enabled-failed', offer.count)}&failed_since=${offer.since}#redeliver`, 303);
      return c.redirect(withNotice(await backTo(c, webhook.id), 'enabled'), 303);
    })
    .post('/webhooks/:id/disable', async (c) => {
      const webhook = await load(c.req.param('id'));
      await editWebhook(relay, webhook, { active: false }, false, 'web');
      return c.redirect(withNotice(await backTo(c, webhook.id), 'disabled'), 303);
    })
    .post('/webhooks/:id/rotate-secret', async (c) => {
      const webhook = await load(c.req.param('id'));
      await rotateSigningSecret(relay, webhook);
      return c.redirect(`${withNotice(`${uiPath}/webhooks/${encodeURIComponent(webhook.id)}`, 'rotated')}#secret`, 303);
    })
    .post('/webhooks/:id/delete', async (c) => {
      if (!(await relay.store.deleteWebhook(c.req.param('id'), relay.now()))) throw pageNotFound('This webhook');
      return c.redirect(withNotice(`${uiPath}/webhooks`, 'deleted'), 303);
    })
    .post('/webhooks/:id/redeliver', async (c) => {
      const webhook = await load(c.req.param('id'));
      const form = await c.req.parseBody();
      const period = redeliverPeriods.find((candidate) => candidate.value === form.since);
      // Or a moment (epoch ms): the start of the failures offered after enabling it.
      const since = typeof form.since_at === 'string' && /^\d{1,15}$/.test(form.since_at) ? Number(form.since_at) : period ? relay.now() - period.ms : null;
      if (since === null) throw new WebError(400, 'Choose a period to redeliver failures from.');
      const requeued = await redeliverFailed(relay, webhook, since);
      return c.redirect(withNotice(`${uiPath}/webhooks/${encodeURIComponent(webhook.id)}`, 'redelivered', requeued), 303);
    })
    .post('/deliveries/:id/retry', async (c) => {
      const form = await c.req.parseBody();
      const { webhook } = await retryDelivery(relay, c.req.param('id'), { force: form.force === 'true' });
      return c.redirect(withNotice(`${uiPath}/webhooks/${encodeURIComponent(webhook.id)}`, 'retried'), 303);
    });
}
