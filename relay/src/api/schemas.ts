/** Request and response schemas of the JSON API: used to validate requests and to generate /openapi.json. */
import { z } from 'zod';
import { isCursor } from '../store/cursor.ts';
import { isStorableText } from '../store/storableText.ts';
import { createWebhookSchema, eventSlugSchema, updateWebhookSchema } from '../webhooks/webhookInput.ts';

export { createWebhookSchema, eventSlugSchema, updateWebhookSchema };

/** The text rule of every name and key the API stores (see relay/src/store/storableText.ts). */
const storableText = () => z.string({ error: 'must be a string' }).refine(isStorableText, 'must not contain control characters or unpaired surrogates');

export const idempotencyKeySchema = storableText().min(1, 'must be 1 to 255 characters').max(255, 'must be 1 to 255 characters');

export const createEventSchema = z.strictObject(
  {
    event: eventSlugSchema.refine((slug) => slug !== '*', 'must name one event, not *'),
    payload: z.record(z.string(), z.unknown(), { error: 'must be a JSON object' }).describe('The flat object Ultimate Multisite sends; delivered unchanged.'),
    id: idempotencyKeySchema.optional().describe('Idempotency key: the same id posted twice creates one event.'),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}` : undefined) },
);

export const redeliverSchema = z.strictObject({
  since: z.union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()], { error: 'must be an ISO 8601 date-time or epoch milliseconds' }).describe('Failed deliveries last attempted at or after this moment.'),
});

export const testEventSchema = z.strictObject({
  event: eventSlugSchema.optional().describe('Which sample to send; defaults to the webhook’s event.'),
}).default({});

export const limitSchema = z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(20);
export const cursorSchema = z.string().refine(isCursor, 'must be a cursor returned as next_cursor').optional();

const isoTime = z.string().describe('ISO 8601 date-time');
const nullableIsoTime = isoTime.nullable();

export const webhookResponse = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  event: z.string().describe('The event it is subscribed to; with several, the first of events.'),
  events: z.array(z.string()).describe('Every event it is subscribed to, or ["*"].'),
  integration: z.string(),
  active: z.boolean(),
  disabled_reason: z.string().nullable(),
  deliveries_succeeded: z.number(),
  deliveries_failed: z.number(),
  last_success_at: nullableIsoTime,
  last_failure_at: nullableIsoTime,
  failing_since: nullableIsoTime,
  rate_limit: z.object({ per_second: z.number().nullable(), per_window: z.number().nullable(), window: z.string().nullable().describe('A duration such as 5m.') }).nullable()
    .describe('The limit it is sent at; null: none.'),
  rate_limit_source: z.enum(['custom', 'zapier', 'none']).describe('custom: set on it; zapier: Zapier\'s default for a Zapier hook, shared by the account\'s hooks; none: no limit.'),
  created_at: isoTime,
  updated_at: isoTime,
  secret: z.string().optional().describe('Only when the webhook is created; later from GET /v1/webhooks/{id}/secret.'),
  redeliver: z.object({ failed: z.number(), at_least: z.boolean(), since: isoTime, hint: z.string() }).optional()
    .describe('Only when PATCH switched it back on and deliveries failed while it was failing or off: how many, since when, and how to send them again.'),
});

export const eventResponse = z.object({
  id: z.string().describe('Also the webhook-id header of its deliveries.'),
  event: z.string(),
  payload: z.record(z.string(), z.unknown()),
  test: z.boolean(),
  source: z.enum(['ingest', 'api', 'test', 'recovered', 'relay']),
  received_at: isoTime,
});

export const attemptResponse = z.object({
  id: z.string(),
  delivery_id: z.string(),
  webhook_id: z.string(),
  event_id: z.string(),
  attempt_number: z.number(),
  trigger: z.enum(['scheduled', 'manual', 'test']),
  started_at: isoTime,
  duration_ms: z.number(),
  ok: z.boolean(),
  status_code: z.number().nullable(),
  error: z.string().nullable(),
  response_excerpt: z.string().nullable(),
});

export const deliveryResponse = z.object({
  id: z.string(),
  event_id: z.string(),
  webhook_id: z.string(),
  event: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed', 'cancelled']),
  attempts: z.number(),
  next_attempt_at: nullableIsoTime,
  last_status_code: z.number().nullable(),
  last_error: z.string().nullable(),
  created_at: isoTime,
  updated_at: isoTime,
  attempt_log: z.array(attemptResponse).optional(),
});

export const eventTypeResponse = z.object({
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  custom: z.boolean().describe('Not in the catalog: an add-on event, registered by the connected network or first received here.'),
  origin: z.enum(['catalog', 'network', 'received']).describe('Where the relay knows it from.'),
  plugin_delivery: z.enum(['posts', 'records-only', 'not-registered']).describe('What the live plugin does with it: POSTs webhooks, only records it, or does not register it.'),
  plugin_delivery_since: z.string().nullable().describe('Plugin version from which it is delivered that way.'),
  can_fire: z.boolean().describe('A webhook in Ultimate Multisite can fire for it. Only these are listed unless ?all=true.'),
  registered_by_network: z.boolean().nullable().describe('Whether the connected network registers it (null: no network connected).'),
  ingest_path: z.string(),
  sample: z.record(z.string(), z.unknown()).describe('What the plugin posts on Send Test Event.'),
  live_example: z.record(z.string(), z.unknown()).nullable().describe('A real event, where its shape differs from the sample (demo_site_expiring is nested).'),
  schema: z.record(z.string(), z.unknown()).describe('JSON Schema of the payload.'),
});

export const ingestResponse = z.object({
  ok: z.literal(true),
  id: z.string(),
  event: z.string(),
  test: z.boolean(),
  duplicate: z.boolean(),
  deliveries: z.number(),
});

export const testResultResponse = z.object({
  ok: z.boolean(),
  status_code: z.number().nullable(),
  duration_ms: z.number(),
  response_excerpt: z.string().nullable(),
  error: z.string().nullable(),
  event_id: z.string(),
  delivery_id: z.string(),
});

export const errorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});

export const listOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), next_cursor: z.string().nullable() });
