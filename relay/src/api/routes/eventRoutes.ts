/** Reading events: recent ones (Zapier's "Test trigger"), one with its deliveries, and the event types. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { RelayContext } from '../../relayContext.ts';
import { notFound, validationError } from '../apiError.ts';
import { cursorSchema, eventSlugSchema, limitSchema } from '../schemas.ts';
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
      const query = listQuery.safeParse(c.req.query());
      if (!query.success) throw validationError(query.error);
      const page = await relay.store.listEvents(
        {
          event: query.data.event,
          includeTests: query.data.include_tests === 'true',
          test: query.data.test === undefined ? undefined : query.data.test === 'true',
        },
        { limit: query.data.limit, before: query.data.before },
      );
      return c.json({ data: page.items.map(eventJson), next_cursor: page.nextCursor });
    })
    .get('/:id', async (c) => {
      const event = await relay.store.getEvent(c.req.param('id'));
      if (!event) throw notFound('event', c.req.param('id'));
      const deliveries = await relay.store.listDeliveries({ eventId: event.id }, { limit: 100 });
      const attempts = await relay.store.listAttempts({ eventId: event.id }, { limit: 100 });
      return c.json({
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
    const query = eventTypesQuery.safeParse(c.req.query());
    if (!query.success) throw validationError(query.error);
    return c.json({ data: await listEventTypes(relay, { all: query.data.all === 'true' }) });
  });
}
