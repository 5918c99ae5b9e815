/**
 * Lenient zod schemas derived from each event's sample payload. Real events differ from samples: ids and
 * decimals arrive as numeric strings, booleans as "true"/"false", many fields are null, add-ons add keys,
 * PHP encodes an empty map as []. The schema accepts all of that, keeps unknown keys, and describes fields
 * for JSON Schema and the Zapier output fields.
 */
import { z } from 'zod';
import type { Payload } from './catalog.ts';

const numericString = z.string().regex(/^-?\d+(\.\d+)?$/, 'a number or numeric string');
const lenientNumber = z.union([z.number(), numericString, z.literal(''), z.null()]);
const lenientBoolean = z.union([z.boolean(), z.enum(['true', 'false', '1', '0', '']), z.literal(0), z.literal(1), z.null()]);
const lenientString = z.union([z.string(), z.number(), z.null()]);
const lenientScalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
/** PHP's json_encode writes an empty associative array as []. */
const lenientMap = z.union([z.record(z.string(), z.unknown()), z.array(z.unknown()), z.null()]);
const lenientList = z.union([z.array(z.unknown()), z.record(z.string(), z.unknown()), z.null()]);

/** The plugin's boolean-ish strings ("true"/"false") are typed as strings in samples; these fields say so. */
const booleanStringFields = new Set(['domain_active', 'domain_primary', 'domain_secure']);

function fieldSchema(key: string, sampleValue: unknown): z.ZodType {
  if (booleanStringFields.has(key) || typeof sampleValue === 'boolean') return lenientBoolean;
  if (typeof sampleValue === 'number') return lenientNumber;
  if (typeof sampleValue === 'string') return lenientString;
  if (Array.isArray(sampleValue)) return lenientList;
  if (sampleValue !== null && typeof sampleValue === 'object') return lenientMap;
  if (key.endsWith('_id')) return lenientNumber;
  return lenientScalar;
}

export function flatSchemaFromSample(sample: Payload) {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, value] of Object.entries(sample)) shape[key] = fieldSchema(key, value).optional();
  return z.looseObject(shape);
}

/**
 * demo_site_expiring is nested when the plugin really sends it (its sample is flat):
 * {site:{…}, membership:{…} or [], customer:{…}, demo_expires_at, demo_time_remaining, site_admin_url, site_url, wu_version}.
 */
function demoSiteExpiringSchema(sample: Payload) {
  const pick = (prefix: string) =>
    Object.fromEntries(Object.entries(sample).filter(([key]) => key.startsWith(prefix)));
  const nested = z.looseObject({
    site: flatSchemaFromSample(pick('site_')),
    membership: z.union([flatSchemaFromSample(pick('membership_')), z.array(z.unknown())]).optional(),
    customer: flatSchemaFromSample(pick('customer_')).optional(),
    demo_expires_at: lenientString.optional(),
    demo_time_remaining: lenientString.optional(),
    site_admin_url: lenientString.optional(),
    site_url: lenientString.optional(),
    wu_version: lenientString.optional(),
  });
  return z.union([nested, flatSchemaFromSample(sample)]);
}

export function payloadSchemaFromSample(slug: string, sample: Payload): z.ZodType<Payload> {
  return (slug === 'demo_site_expiring' ? demoSiteExpiringSchema(sample) : flatSchemaFromSample(sample)) as z.ZodType<Payload>;
}

/** Accepts any JSON object: the schema for event types the catalog does not know. */
export const customPayloadSchema: z.ZodType<Payload> = z.looseObject({}) as z.ZodType<Payload>;
