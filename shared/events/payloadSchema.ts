/**
 * Lenient zod schemas derived from each event's sample payload. Real events differ from samples: ids and
 * decimals arrive as numeric strings, booleans as "true"/"false", many fields are null, add-ons add keys,
 * PHP encodes an empty map as []. The schema accepts all of that, keeps unknown keys, and describes fields
 * for JSON Schema and the Zapier output fields.
 */
import { z } from 'zod';

/** An event's payload: the flat (or, for some live events, nested) JSON object the plugin posts. */
export type Payload = Record<string, unknown>;

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
 * The schema of a real payload whose shape differs from its sample (demo_site_expiring is nested when the plugin
 * really sends it): every object becomes a loose object of optional lenient fields, recursively; an object may
 * also arrive as [] (PHP's empty array).
 */
function schemaFromExample(example: Payload): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, value] of Object.entries(example)) {
    const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
    shape[key] = (isObject ? z.union([schemaFromExample(value as Payload), z.array(z.unknown()), z.null()]) : fieldSchema(key, value)).optional();
  }
  return z.looseObject(shape);
}

/** Accepts the sample's shape and, when the real event looks different, the real one too. */
export function payloadSchemaFromSample(sample: Payload, liveExample?: Payload): z.ZodType<Payload> {
  const flat = flatSchemaFromSample(sample);
  return (liveExample ? z.union([schemaFromExample(liveExample), flat]) : flat) as z.ZodType<Payload>;
}

/** Accepts any JSON object: the schema for event types the catalog does not know. */
export const customPayloadSchema: z.ZodType<Payload> = z.looseObject({}) as z.ZodType<Payload>;
