/** Subscriptions ("webhooks", as Ultimate Multisite calls them): CRUD, deliveries, test, redelivery, secrets. */
import { Hono } from 'hono';
import { z } from 'zod';
import { activeSecrets } from '../../delivery/outgoingRequest.ts';
import { failedWhileOff, redeliverFailed, retryDelivery } from '../../webhooks/redelivery.ts';
import { sendTestEvent } from '../../webhooks/sendTestEvent.ts';
import { UnknownEventSlug } from '../../eventTypes/eventSlugRule.ts';
import type { RelayContext } from '../../relayContext.ts';
import { SubscribedEventsError, subscribedEvents } from '../../webhooks/subscribedEvents.ts';
import { editWebhook, rotateSigningSecret, subscribeWebhook } from '../../webhooks/webhookChanges.ts';
import { rateLimitSetting } from '../../webhooks/webhookInput.ts';
import { notFound } from '../apiError.ts';
import { validBody, validQuery } from '../requestInput.ts';
import { createWebhookSchema, cursorSchema, eventSlugSchema, limitSchema, redeliverSchema, testEventSchema, updateWebhookSchema } from '../schemas.ts';
import { deliveryJson, testResultJson, webhookJson } from '../serialize.ts';
import { RelayError } from '../../relayError.ts';

const listQuery = z.object({
  event: eventSlugSchema.optional(),
  integration: z.string().optional(),
  active: z.enum(['true', 'false']).optional(),
  limit: limitSchema,
  before: cursorSchema,
});

/** `{"force": true}` (or `?force=true`): redeliver even what the receiver already accepted. */
const retrySchema = z.strictObject({ force: z.boolean({ error: 'must be true or false' }).default(false) });

const deliveriesQuery = z.object({
  status: z.enum(['pending', 'succeeded', 'failed', 'cancelled']).optional(),
  event: eventSlugSchema.optional(),
  since: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).optional(),
  limit: limitSchema,
  before: cursorSchema,
});

/** The events the body names (`events`, or the single `event`); a missing or unknown one is a 400 naming its field. */
function eventsOf(input: { event?: string; events?: string[] }): string[] | undefined {
  try {
    return subscribedEvents(input);
  } catch (error) {
    if (error instanceof SubscribedEventsError) throw new RelayError(400, 'invalid_request', error.message, { field: error.field });
    throw error;
  }
}

/** Runs a change that checks typed event slugs, answering an unknown one with 400 naming the field it came in. */
async function withKnownEvents<T>(field: 'event' | 'events', change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (error instanceof UnknownEventSlug) throw new RelayError(400, 'unknown_event', `${field}: ${error.message}`, { field });
    throw error;
  }
}

/** Switched back on: what failed meanwhile, and the request that sends it again. */
function redeliverOffer(id: string, offer: { since: number; count: number; atLeast: boolean }) {
  const since = new Date(offer.since).toISOString();
  return {
    failed: offer.count,
    at_least: offer.atLeast,
    since,
    hint: `${offer.atLeast ? 'At least ' : ''}${offer.count} ${offer.count === 1 ? 'delivery' : 'deliveries'} failed while it was failing or off: POST /v1/webhooks/${id}/redeliver-failed with {"since": "${since}"} sends them again.`,
  };
}

export function webhookRoutes(relay: RelayContext) {
  const load = async (id: string) => {
    const webhook = await relay.store.getWebhook(id);
    if (!webhook) throw notFound('webhook', id);
    return webhook;
  };

  return new Hono()
    .post('/', async (c) => {
      const { custom, event, events: listed, rate_limit, ...input } = await validBody(c, createWebhookSchema);
      const events = eventsOf({ event, events: listed });
      if (!events) throw new RelayError(400, 'invalid_request', 'event: is required (or events: a list)', { field: 'event' });
      const { webhook, created } = await withKnownEvents(listed ? 'events' : 'event', () => subscribeWebhook(relay, { ...input, events, custom: custom === true, ...(rate_limit !== undefined ? { rateLimit: rateLimitSetting(rate_limit) } : {}) }));
      return c.json(webhookJson(webhook, { includeSecret: true }), created ? 201 : 200, { location: `/v1/webhooks/${webhook.id}` });
    })
    .get('/', async (c) => {
      const { event, integration, active, limit, before } = validQuery(c, listQuery);
      const page = await relay.store.listWebhooks({ event, integration, active: active === undefined ? undefined : active === 'true' }, { limit, before });
      return c.json({ data: page.items.map((webhook) => webhookJson(webhook)), next_cursor: page.nextCursor });
    })
    .get('/:id', async (c) => c.json(webhookJson(await load(c.req.param('id')))))
    .patch('/:id', async (c) => {
      const current = await load(c.req.param('id'));
      const { custom, event, events: listed, rate_limit, ...edit } = await validBody(c, updateWebhookSchema);
      const events = eventsOf({ event, events: listed });
      const offer = edit.active === true ? await failedWhileOff(relay.store, current) : null;
      const updated = await withKnownEvents(listed ? 'events' : 'event', () => editWebhook(relay, current, { ...edit, events, ...(rate_limit !== undefined ? { rateLimit: rateLimitSetting(rate_limit) } : {}) }, custom === true, 'api'));
      if (!updated) throw notFound('webhook', current.id);
      return c.json({ ...webhookJson(updated), ...(offer ? { redeliver: redeliverOffer(updated.id, offer) } : {}) });
    })
    .delete('/:id', async (c) => {
      if (!(await relay.store.deleteWebhook(c.req.param('id'), relay.now()))) throw notFound('webhook', c.req.param('id'));
      return c.body(null, 204);
    })
    .get('/:id/secret', async (c) => {
      const webhook = await load(c.req.param('id'));
      const [secret, previous = null] = activeSecrets(webhook, relay.now());
      return c.json({ secret, previous_secret: previous, previous_secret_expires_at: webhook.previousSecretExpiresAt ? new Date(webhook.previousSecretExpiresAt).toISOString() : null });
    })
    .post('/:id/rotate-secret', async (c) => {
      const rotated = await rotateSigningSecret(relay, await load(c.req.param('id')));
      if (!rotated) throw notFound('webhook', c.req.param('id'));
      return c.json({ secret: rotated.secret, previous_secret_expires_at: new Date(rotated.previousSecretExpiresAt!).toISOString() });
    })
    .get('/:id/deliveries', async (c) => {
      const webhook = await load(c.req.param('id'));
      const { status, event, since, limit, before } = validQuery(c, deliveriesQuery);
      const filter = { webhookId: webhook.id, status, event, ...(since ? { createdSince: Date.parse(since) } : {}) };
      const page = await relay.store.listDeliveries(filter, { limit, before });
      const data = await Promise.all(
        page.items.map(async (delivery) => deliveryJson(delivery, (await relay.store.listAttempts({ deliveryId: delivery.id }, { limit: 50 })).items)),
      );
      return c.json({ data, next_cursor: page.nextCursor });
    })
    .post('/:id/test', async (c) => {
      const webhook = await load(c.req.param('id'));
      const input = await validBody(c, testEventSchema, { optional: true });
      return c.json(testResultJson(await sendTestEvent(relay, webhook, input.event)));
    })
    .post('/:id/redeliver-failed', async (c) => {
      const webhook = await load(c.req.param('id'));
      const { since } = await validBody(c, redeliverSchema);
      const requeued = await redeliverFailed(relay, webhook, typeof since === 'number' ? since : Date.parse(since));
      return c.json({ requeued }, 202);
    });
}

export function deliveryRoutes(relay: RelayContext) {
  return new Hono()
    .get('/:id', async (c) => {
      const delivery = await relay.store.getDelivery(c.req.param('id'));
      if (!delivery) throw notFound('delivery', c.req.param('id'));
      return c.json(deliveryJson(delivery, (await relay.store.listAttempts({ deliveryId: delivery.id }, { limit: 100 })).items));
    })
    .post('/:id/retry', async (c) => {
      const { force } = await validBody(c, retrySchema, { optional: true });
      const { delivery } = await retryDelivery(relay, c.req.param('id'), { force: force || c.req.query('force') === 'true' });
      return c.json(deliveryJson(delivery), 202);
    });
}
