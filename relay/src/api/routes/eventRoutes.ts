/** Reading events: recent ones (Zapier's "Test trigger"), one with its deliveries, and the event types. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { RelayContext } from '../../relayContext.ts';
import { notFound } from '../apiError.ts';
import { validQuery } from '../requestInput.ts';
import { cursorSchema, eventSlugSchema, limitSchema } from '../schemas.ts';
import { jsonWithRaw } from '../rawJson.ts';
import { deliveryJson, eventJson } from '../serialize.ts';
import { listEventTypes } from '../../eventTypes/eventTypeListing.ts';

const listQuery = z.object({
  event: eventSlugSchema.optional(),
  limit: limitSchema,
  before: cursorSchema,
  include_tests: z.enum(['true', 'false']).optional(),
  test: z.enum(['true', 'false']).optional(),
});

export function eventRoutes(relay: RelayContext) {
  return new Hono()
    .get('/', async (c) => {
      const { event, include_tests, test, limit, before } = validQuery(c, listQuery);
      const page = await relay.store.listEvents(
        { event, includeTests: include_tests === 'true', test: test === undefined ? undefined : test === 'true' },
        { limit, before },
      );
      return jsonWithRaw(c, { data: page.items.map(eventJson), next_cursor: page.nextCursor });
    })
    .get('/:id', async (c) => {
      const event = await relay.store.getEvent(c.req.param('id'));
      if (!event) throw notFound('event', c.req.param('id'));
      const deliveries = await relay.store.listDeliveries({ eventId: event.id }, { limit: 100 });
      const attempts = await relay.store.listAttempts({ eventId: event.id }, { limit: 100 });
      return jsonWithRaw(c, {
        ...eventJson(event),
        deliveries: deliveries.items.map((delivery) => deliveryJson(delivery, attempts.items.filter((attempt) => attempt.deliveryId === delivery.id))),
      });
    });
}

const eventTypesQuery = z.object({
  all: z.enum(['true', 'false']).optional(),
});

export function eventTypeRoutes(relay: RelayContext) {
  return new Hono().get('/', async (c) => {
    const { all } = validQuery(c, eventTypesQuery);
    return c.json({ data: await listEventTypes(relay, { all: all === 'true' }) });
  });
}
