/** The Ultimate Multisite event catalog: the one definition every part (API, triggers, UI, docs) derives from. */
import catalogData from './catalog.json' with { type: 'json' };
import type { z } from 'zod';
import { payloadSchemaFromSample, type Payload } from './payloadSchema.ts';

export type { Payload } from './payloadSchema.ts';

/** `relay`: not the plugin's at all, but sent by the relay itself about its own webhooks. */
export type PluginDelivery = 'posts' | 'records-only' | 'not-registered' | 'relay';

export interface EventType {
  slug: string;
  name: string;
  description: string;
  /** Plugin version that introduced it. */
  since: string;
  /** What the live plugin does with it: POSTs webhooks, only records it, or does not register it at all. */
  pluginDelivery: PluginDelivery;
  /** True when it is ever sent: the plugin POSTs it, or the relay sends it (`pluginDelivery` posts or relay). */
  canFire: boolean;
  /** Plugin version from which it is delivered as `pluginDelivery` says (not-registered: first seen so). */
  pluginDeliverySince: string;
  note?: string;
  /** Exactly what the plugin posts on "Send Test Event" (2.4.12's values). */
  sample: Payload;
  /** A real event, where its shape differs from the sample (demo_site_expiring is nested). */
  liveExample?: Payload;
  /** Accepts the sample's shape and the real one. */
  schema: z.ZodType<Payload>;
}

interface CatalogEntryData {
  slug: string;
  name: string;
  description: string;
  since: string;
  pluginDelivery: PluginDelivery;
  pluginDeliverySince: string;
  note?: string;
  sample: Payload;
  liveExample?: Payload;
}

const entries = (catalogData as { events: CatalogEntryData[] }).events;

/** The plugin versions the catalog was checked against: a live network, and the release whose samples it holds. */
export const pluginVersionsChecked = (catalogData as { pluginVersionsChecked: { live: string; samples: string } }).pluginVersionsChecked;

export const eventCatalog: readonly EventType[] = entries.map((entry) => ({
  ...entry,
  canFire: entry.pluginDelivery === 'posts' || entry.pluginDelivery === 'relay',
  schema: payloadSchemaFromSample(entry.sample, entry.liveExample),
}));

const bySlug = new Map(eventCatalog.map((eventType) => [eventType.slug, eventType]));

export function findEventType(slug: string): EventType | undefined {
  return bySlug.get(slug);
}

/** Slugs look like the plugin's (lowercase words joined by underscores); add-ons follow the same rule. */
export const eventSlugPattern = /^[a-z][a-z0-9_]{1,63}$/;

export function isValidEventSlug(slug: string): boolean {
  return eventSlugPattern.test(slug);
}

/** "payment_total_raw" → "Payment Total Raw": a human label for a payload field. */
export function fieldLabel(key: string): string {
  return key
    .split('_')
    .filter(Boolean)
    .map((word) => (word === 'id' || word === 'url' || word === 'ip' ? word.toUpperCase() : word[0].toUpperCase() + word.slice(1)))
    .join(' ');
}

/** A readable name for an event slug the catalog does not know ("affiliate_signup" → "Affiliate Signup"). */
export function customEventName(slug: string): string {
  return fieldLabel(slug);
}
