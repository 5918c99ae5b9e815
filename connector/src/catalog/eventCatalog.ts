/** The connector's copy of the Ultimate Multisite event catalog (generated from shared/, see scripts/sync-shared.ts). */
import catalogData from './catalog.json' with { type: 'json' };

export type Payload = Record<string, unknown>;

export interface CatalogEvent {
  slug: string;
  name: string;
  description: string;
  /** True when it is ever sent: the live plugin POSTs it, or the relay sends it about its own webhooks. */
  canFire: boolean;
  /** Exactly what the plugin posts on "Send Test Event". */
  sample: Payload;
}

export const catalogEvents: readonly CatalogEvent[] = catalogData.events.map((entry) => ({
  slug: entry.slug,
  name: entry.name,
  description: entry.description,
  canFire: entry.pluginDelivery === 'posts' || entry.pluginDelivery === 'relay',
  sample: entry.sample as Payload,
}));

const bySlug = new Map(catalogEvents.map((event) => [event.slug, event]));

export function findCatalogEvent(slug: string): CatalogEvent | undefined {
  return bySlug.get(slug);
}
