/** Reading events: recent ones (Zapier's "Test trigger"), one with its deliveries, and the event types. */
import { Hono } from 'hono';
import { z } from 'zod';
import { customEventName, eventCatalog, findEventType } from '../../../../shared/events/catalog.ts';
import type { RelayContext } from '../../relayContext.ts';
import { notFound, validationError } from '../apiError.ts';
import { cursorSchema, eventSlugSchema, limitSchema } from '../schemas.ts';
import { deliveryJson, eventJson } from '../serialize.ts';
import { customPayloadSchema } from '../../../../shared/events/payloadSchema.ts';

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

function describeCatalog() {
  return eventCatalog.map((eventType) => ({
    slug: eventType.slug,
    name: eventType.name,
    description: eventType.description,
    custom: false,
    plugin_delivery: eventType.pluginDelivery,
    can_fire: eventType.canFire,
    sample: eventType.sample,
    schema: z.toJSONSchema(eventType.schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
  }));
}

/** The catalog's part of the listing, JSON Schemas included: derived once, it never changes while running. */
let catalogListing: ReturnType<typeof describeCatalog> | null = null;

/** The catalog plus every custom slug this relay has received; the sample and JSON Schema of each. */
export async function listEventTypes(relay: RelayContext) {
  const ingestPath = (slug: string) => `/ingest/${relay.keys.ingestToken}/${slug}`;
  const known = (catalogListing ??= describeCatalog()).map((eventType) => ({ ...eventType, ingest_path: ingestPath(eventType.slug) }));
  const seen = await relay.store.listSeenEventTypes();
  const custom = await Promise.all(
    seen
      .filter(({ slug }) => !findEventType(slug))
      .map(async ({ slug, firstSeenAt }) => {
        const latest = await relay.store.listEvents({ event: slug, includeTests: true }, { limit: 1 });
        return {
          slug,
          name: customEventName(slug),
          description: `Custom event first received ${new Date(firstSeenAt).toISOString()} (not in the Ultimate Multisite catalog; an add-on's).`,
          custom: true,
          plugin_delivery: 'posts' as const,
          can_fire: true,
          ingest_path: ingestPath(slug),
          sample: latest.items[0] ? (JSON.parse(latest.items[0].body) as Record<string, unknown>) : {},
          schema: z.toJSONSchema(customPayloadSchema, { io: 'input' }) as Record<string, unknown>,
        };
      }),
  );
  return [...known, ...custom];
}

export function eventTypeRoutes(relay: RelayContext) {
  return new Hono().get('/', async (c) => c.json({ data: await listEventTypes(relay) }));
}

