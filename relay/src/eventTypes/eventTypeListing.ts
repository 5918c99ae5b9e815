/**
 * The event types this relay knows, from three sources: the catalog (the plugin's own events), the connected
 * network (GET /wu/v2/hooks: add-on events with their names, descriptions and samples, before the first one
 * arrives), and slugs received at ingest. API, web page, CLI and connector all list them through here.
 */
import { z } from 'zod';
import { customEventName, eventCatalog, findEventType, type PluginDelivery } from '../../../shared/events/catalog.ts';
import { customPayloadSchema, flatSchemaFromSample } from '../../../shared/events/payloadSchema.ts';
import type { RelayContext } from '../relayContext.ts';

export type EventTypeOrigin = 'catalog' | 'network' | 'received';

export interface EventTypeListing {
  slug: string;
  name: string;
  description: string;
  /** Not in the catalog: an add-on's event, from the network or first received here. */
  custom: boolean;
  origin: EventTypeOrigin;
  plugin_delivery: PluginDelivery;
  plugin_delivery_since: string | null;
  /** A webhook in Ultimate Multisite can fire for it (the catalog says so, or the connected network registers it). */
  can_fire: boolean;
  /** Whether the connected network registers it; null without a connection. */
  registered_by_network: boolean | null;
  ingest_path: string;
  sample: Record<string, unknown>;
  /** A real event where its shape differs from the sample (demo_site_expiring is nested). */
  live_example: Record<string, unknown> | null;
  schema: Record<string, unknown>;
}

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

/** The catalog's JSON Schemas never change while running: derived once. */
let catalogSchemas: Map<string, Record<string, unknown>> | null = null;

export async function listEventTypes(relay: RelayContext, options: { all?: boolean } = {}): Promise<EventTypeListing[]> {
  const ingestPath = (slug: string) => `/ingest/${relay.keys.ingestToken}/${slug}`;
  catalogSchemas ??= new Map(eventCatalog.map((eventType) => [eventType.slug, jsonSchema(eventType.schema)]));
  const connection = await relay.store.network.get();
  const registered = connection ? new Map(connection.registeredEvents.map((event) => [event.slug, event])) : null;

  const known: EventTypeListing[] = eventCatalog.map((eventType) => {
    const registeredByNetwork = registered ? registered.has(eventType.slug) : null;
    return {
      slug: eventType.slug,
      name: eventType.name,
      description: eventType.description,
      custom: false,
      origin: 'catalog',
      plugin_delivery: eventType.pluginDelivery,
      plugin_delivery_since: eventType.pluginDeliverySince,
      // "Not registered" is what a live 2.4.13-beta.1 showed; a network that does register the event sends it.
      can_fire: eventType.canFire || (registeredByNetwork === true && eventType.pluginDelivery === 'not-registered'),
      registered_by_network: registeredByNetwork,
      ingest_path: ingestPath(eventType.slug),
      sample: eventType.sample,
      live_example: eventType.liveExample ?? null,
      schema: catalogSchemas!.get(eventType.slug)!,
    };
  });

  const fromNetwork: EventTypeListing[] = [...(registered?.values() ?? [])]
    .filter((event) => !findEventType(event.slug))
    .map((event) => ({
      slug: event.slug,
      name: event.name,
      description: event.description || `An add-on's event, registered by ${connection!.label || connection!.networkUrl}.`,
      custom: true,
      origin: 'network',
      plugin_delivery: 'posts',
      plugin_delivery_since: null,
      can_fire: true,
      registered_by_network: true,
      ingest_path: ingestPath(event.slug),
      sample: event.sample,
      live_example: null,
      schema: jsonSchema(flatSchemaFromSample(event.sample)),
    }));

  const listed = new Set([...known, ...fromNetwork].map((eventType) => eventType.slug));
  const seen = (await relay.store.listSeenEventTypes()).filter(({ slug }) => !listed.has(slug));
  const received: EventTypeListing[] = await Promise.all(
    seen.map(async ({ slug, firstSeenAt }) => {
      const latest = await relay.store.listEvents({ event: slug, includeTests: true }, { limit: 1 });
      return {
        slug,
        name: customEventName(slug),
        description: `Custom event first received ${new Date(firstSeenAt).toISOString()} (not in the Ultimate Multisite catalog; an add-on's).`,
        custom: true,
        origin: 'received' as const,
        plugin_delivery: 'posts' as const,
        plugin_delivery_since: null,
        can_fire: true,
        registered_by_network: registered ? false : null,
        ingest_path: ingestPath(slug),
        sample: latest.items[0] ? (JSON.parse(latest.items[0].body) as Record<string, unknown>) : {},
        live_example: null,
        schema: jsonSchema(customPayloadSchema),
      };
    }),
  );

  const everything = [...known, ...fromNetwork, ...received];
  return options.all ? everything : everything.filter((eventType) => eventType.can_fire);
}
