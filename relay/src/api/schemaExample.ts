/**
 * An example value for a JSON Schema (as the API's zod schemas export it), for the OpenAPI document and /docs:
 * defaults and enums first, then plausible values by field name (ids, URLs, slugs, times), then by type.
 */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  additionalProperties?: boolean | JsonSchema;
  minimum?: number;
};

const at = '2026-01-15T10:30:00.000Z';

/** Realistic values for the fields the API names the same way everywhere. */
const byName: Record<string, unknown> = {
  id: 'wh_0mx2jxn6324TJCsgP', webhook_id: 'wh_0mx2jxn6324TJCsgP', event_id: 'evt_0mx2jxpxjbL9ZV5RF', delivery_id: 'dlv_0mx2jxqo2kR8TYu3Ab',
  name: 'Payments to the CRM', url: 'https://example.com/hooks/relay', event: 'payment_received', events: ['payment_received', 'site_published'],
  integration: 'manual', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', slug: 'payment_received', source: 'ingest',
  status: 'succeeded', error: null, disabled_reason: null, next_cursor: null, response_excerpt: '{"ok":true}',
  payload: { payment_id: 42, payment_status: 'completed', payment_total: '$ 49.00' }, network_url: 'https://network.example',
  api_key: 'ck_1234', api_secret: 'cs_5678', relay_url: 'https://relay.example.com', since: at,
};

export function schemaExample(schema: JsonSchema, name?: string, depth = 0): unknown {
  if (depth > 6) return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    const nonNull = variants.find((variant) => variant.type !== 'null') ?? variants[0];
    return schemaExample(nonNull, name, depth + 1);
  }
  if (name !== undefined && name in byName) return byName[name];
  if (name !== undefined && /_at$/.test(name)) return at;
  const type = Array.isArray(schema.type) ? schema.type.find((candidate) => candidate !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const example: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) example[key] = schemaExample(property, key, depth + 1);
      return example;
    }
    case 'array':
      return schema.items ? [schemaExample(schema.items, name?.replace(/s$/, ''), depth + 1)] : [];
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return schema.minimum ?? 0;
    case 'boolean':
      return true;
    default:
      return null;
  }
}
