/** OpenAPI 3.1 for the JSON API, generated from the same zod schemas the routes validate with. */
import { z } from 'zod';
import {
  attemptResponse, createEventSchema, createWebhookSchema, deliveryResponse, errorResponse, eventResponse, eventTypeResponse,
  ingestResponse, listOf, redeliverSchema, testEventSchema, testResultResponse, updateWebhookSchema, webhookResponse,
} from './schemas.ts';
import { schemaExample, type JsonSchema } from './schemaExample.ts';
import { membershipChangeSchema, newCustomerSchema, newMembershipSchema, newPaymentSchema, newSiteSchema, registrationSchema } from './networkActionSchemas.ts';
import { connectNetworkSchema, disconnectResponse, networkStateResponse, repairNetworkSchema } from './networkSchemas.ts';
import { gapRepairEntryResponse, gapRepairPassResponse, gapRepairStatusResponse } from './gapRepairSchemas.ts';

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  auth?: 'apiKey' | 'ingestToken' | 'none';
  body?: z.ZodType;
  /** The request body's example where the generated one would not be a valid request (event and events together). */
  bodyExample?: unknown;
  query?: Record<string, string>;
  response?: z.ZodType;
  status?: number;
}

const idParam = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((match) => ({ name: match[1], in: 'path', required: true, schema: { type: 'string' } }));
const schema = (type: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(type, { io, unrepresentable: 'any', target: 'draft-2020-12' });

/** A media type with its schema and a generated example (shown by /docs and by OpenAPI tools). */
function jsonContent(type: z.ZodType, io: 'input' | 'output', example?: unknown) {
  const jsonSchema = schema(type, io);
  return { 'application/json': { schema: jsonSchema, example: example ?? schemaExample(jsonSchema as JsonSchema) } };
}

export const apiOperations: Operation[] = [
  { method: 'post', path: '/ingest/{token}/{event}', summary: "Ultimate Multisite's own webhook: paste this URL into Webhooks > Add New Webhook. Body: the plugin's flat JSON object.", auth: 'ingestToken', response: ingestResponse, status: 202 },
  { method: 'post', path: '/v1/events', summary: 'Post an event as a host: {event, payload, id?}. The same id (or Idempotency-Key header) creates one event.', body: createEventSchema, bodyExample: { event: 'payment_received', payload: { payment_id: 42, payment_status: 'completed', payment_total: '$ 49.00' }, id: 'payment-42' }, response: ingestResponse, status: 202 },
  { method: 'get', path: '/v1/events', summary: 'Recent events, newest first.', query: { event: 'event slug', limit: '1–100 (20)', before: 'cursor', include_tests: 'true to include test events', test: 'true: only test events (the plugin\'s Send Test Event); false: only real ones' }, response: listOf(eventResponse) },
  { method: 'get', path: '/v1/events/{id}', summary: 'One event with its deliveries and their attempts.', response: eventResponse.extend({ deliveries: z.array(deliveryResponse) }) },
  { method: 'get', path: '/v1/event-types', summary: 'The event types that can fire (all=true: every one, marked): the catalog, the connected network\'s add-on events and custom types received; name, description, sample, JSON Schema, ingest path.', query: { all: 'true to include events the plugin never posts' }, response: z.object({ data: z.array(eventTypeResponse) }) },
  { method: 'post', path: '/v1/webhooks', summary: 'Subscribe a URL to one event (event) or several (events: [...], as Svix, Stripe and GitHub allow). Returns the signing secret (whsec_…). For an integration other than manual, the same url, events and integration again returns that webhook (200, same secret, re-enabled). Read back, event is the first of events.', body: createWebhookSchema, bodyExample: { name: 'Payments to the CRM', url: 'https://example.com/hooks/relay', events: ['payment_received', 'site_published'] }, response: webhookResponse, status: 201 },
  { method: 'get', path: '/v1/webhooks', summary: 'Webhooks, newest first.', query: { event: 'webhooks subscribed to this slug (among others)', integration: 'manual, zapier, …', active: 'true or false', limit: '1–100 (20)', before: 'cursor' }, response: listOf(webhookResponse) },
  { method: 'get', path: '/v1/webhooks/{id}', summary: 'One webhook.', response: webhookResponse },
  { method: 'patch', path: '/v1/webhooks/{id}', summary: 'Change name, url, events (or a single event), integration, or enable/disable. Only events the webhook did not have yet must be known (or custom: true).', body: updateWebhookSchema, bodyExample: { name: 'Payments and domains to the CRM', events: ['payment_received', 'domain_created'] }, response: webhookResponse },
  { method: 'delete', path: '/v1/webhooks/{id}', summary: 'Delete a webhook; its pending deliveries are cancelled.', status: 204 },
  { method: 'get', path: '/v1/webhooks/{id}/secret', summary: 'The signing secrets in force: the current one, and the previous one while a rotation overlaps (else null). A receiver accepts exactly these.', response: z.object({ secret: z.string(), previous_secret: z.string().nullable(), previous_secret_expires_at: z.string().nullable() }) },
  { method: 'post', path: '/v1/webhooks/{id}/rotate-secret', summary: 'New signing secret; the old one keeps signing (both signatures sent) for RELAY_SECRET_ROTATION_OVERLAP.', response: z.object({ secret: z.string(), previous_secret_expires_at: z.string() }) },
  { method: 'get', path: '/v1/webhooks/{id}/deliveries', summary: 'Deliveries to this webhook, newest first, each with its attempts.', query: { status: 'pending, succeeded, failed, cancelled', event: 'event slug', since: 'created at or after (ISO 8601)', limit: '1–100 (20)', before: 'cursor' }, response: listOf(deliveryResponse) },
  { method: 'post', path: '/v1/webhooks/{id}/test', summary: "Send Test Event: the event's sample, signed, to this URL only; answers with what happened.", body: testEventSchema, response: testResultResponse },
  { method: 'post', path: '/v1/webhooks/{id}/redeliver-failed', summary: 'Redeliver every failed or cancelled delivery of this webhook since a moment.', body: redeliverSchema, response: z.object({ requeued: z.number() }), status: 202 },
  { method: 'get', path: '/v1/deliveries/{id}', summary: 'One delivery with every attempt.', response: deliveryResponse.extend({ attempt_log: z.array(attemptResponse) }) },
  { method: 'post', path: '/v1/deliveries/{id}/retry', summary: 'Manual redelivery of one delivery, now. A delivery the receiver accepted (succeeded) is refused with 409 already_delivered unless ?force=true or {"force": true}.', response: deliveryResponse, status: 202 },
  { method: 'get', path: '/v1/network', summary: 'The connected Ultimate Multisite network: events wired, webhooks missing or changed in the plugin (read live), the last event received, what needs repair.', response: networkStateResponse },
  { method: 'put', path: '/v1/network', summary: 'Connect a network in one step: checks the API key and secret (GET /wu/v2/auth), reads its events (/hooks), creates one webhook per event it POSTs at this relay. POST works the same.', body: connectNetworkSchema, response: networkStateResponse },
  { method: 'post', path: '/v1/network/repair', summary: 'Recreates webhooks missing or changed in the plugin, wires newly registered events, moves them to a new RELAY_PUBLIC_URL.', body: repairNetworkSchema, response: networkStateResponse },
  { method: 'delete', path: '/v1/network', summary: 'Disconnect: removes the webhooks the relay created (never those made by hand) and forgets the credentials. ?force=true forgets even when the network cannot be reached.', query: { force: 'true to forget the connection even if its webhooks cannot be removed' }, response: disconnectResponse },
  { method: 'get', path: '/v1/network/gap-repair', summary: "Gap repair from the plugin's send log: its position, what became of the sends to this relay (received, recovered, unrecoverable, late originals dropped) and the last pass.", response: gapRepairStatusResponse },
  { method: 'post', path: '/v1/network/gap-repair', summary: "A gap repair pass now: reads the plugin's send log from where it left off and recovers every send to this relay it never received. Answers the pass's figures.", response: gapRepairPassResponse },
  { method: 'get', path: '/v1/network/gap-repair/entries', summary: "The send-log entries gap repair decided on, newest first (unrecoverable ones with their reason).", query: { outcome: 'received, recovered or unrecoverable', limit: '1–100 (20)', before: 'cursor' }, response: listOf(gapRepairEntryResponse) },
  { method: 'get', path: '/v1/network/customers', summary: 'Find customers on the connected network by e-mail or username (exact match; an e-mail is also looked up in the events the network sent).', query: { email: 'e-mail address', username: 'WordPress username' } },
  { method: 'post', path: '/v1/network/customers', summary: 'Create a customer (and its WordPress user, unless one has this e-mail) on the connected network: POST /wu/v2/customer.', body: newCustomerSchema, status: 201 },
  { method: 'get', path: '/v1/network/customers/newest', summary: 'The newest 100 customers (for dropdowns).' },
  { method: 'get', path: '/v1/network/customers/{id}', summary: 'One customer.' },
  { method: 'get', path: '/v1/network/memberships', summary: 'Find memberships by customer or reference code.', query: { customer_id: 'customer id', reference_code: "the membership's reference code" } },
  { method: 'post', path: '/v1/network/memberships', summary: 'Give a customer a membership of a plan: POST /wu/v2/membership.', body: newMembershipSchema, status: 201 },
  { method: 'patch', path: '/v1/network/memberships/{id}', summary: "Change a membership's status, plan or expiration: PUT /wu/v2/membership/{id}.", body: membershipChangeSchema },
  { method: 'get', path: '/v1/network/payments', summary: 'Find payments by reference code, customer or membership.', query: { reference_code: "the payment's reference code", customer_id: 'customer id', membership_id: 'membership id' } },
  { method: 'post', path: '/v1/network/payments', summary: 'Record a payment: POST /wu/v2/payment.', body: newPaymentSchema, status: 201 },
  { method: 'get', path: '/v1/network/sites', summary: "Find a customer's or a membership's sites.", query: { customer_id: 'customer id', membership_id: 'membership id' } },
  { method: 'post', path: '/v1/network/sites', summary: 'Create a site for a membership: POST /wu/v2/site.', body: newSiteSchema, status: 201 },
  { method: 'get', path: '/v1/network/products', summary: "The network's products (plans, packages, services).", query: { type: 'plan, package or service' } },
  { method: 'get', path: '/v1/network/known', summary: "What the relay knows of a customer, membership and site without asking the network: the values the network's events gave each, a membership's reference code, their network admin pages (to complete events that name records without describing them, e.g. demo_site_expiring).", query: { customer_id: 'customer id', membership_id: 'membership id', site_id: 'site id' } },
  { method: 'post', path: '/v1/network/register', summary: 'Register an account in one call (customer, membership, payment and optionally a site): POST /wu/v2/register.', body: registrationSchema, status: 201 },
  { method: 'get', path: '/v1/me', summary: 'Checks the API key; names the relay.', response: z.object({ name: z.string(), version: z.string(), store: z.string() }) },
  { method: 'get', path: '/healthz', summary: 'Liveness and store reachability.', auth: 'none', response: z.object({ ok: z.boolean() }) },
];

export function openApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of apiOperations) {
    const status = String(operation.status ?? 200);
    const auth = operation.auth ?? 'apiKey';
    paths[operation.path] ??= {};
    paths[operation.path][operation.method] = {
      summary: operation.summary,
      security: auth === 'apiKey' ? [{ apiKey: [] }] : [],
      parameters: [
        ...idParam(operation.path),
        ...Object.entries(operation.query ?? {}).map(([name, description]) => ({ name, in: 'query', required: false, description, schema: { type: 'string' } })),
      ],
      ...(operation.body ? { requestBody: { required: true, content: jsonContent(operation.body, 'input', operation.bodyExample) } } : {}),
      responses: {
        [status]: operation.response ? { description: 'OK', content: jsonContent(operation.response, 'output') } : { description: 'No content' },
        default: { description: 'Error', content: jsonContent(errorResponse, 'output') },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Ultimate Multisite relay',
      version,
      description: 'Durable, signed (Standard Webhooks), retried fan-out of Ultimate Multisite events.',
    },
    components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'RELAY_API_KEY' } } },
    paths,
  };
}
