/** Host → relay: Ultimate Multisite's own webhook (token in the path) and the API's POST /v1/events. */
import { Hono, type Context } from 'hono';
import { isValidEventSlug } from '../../../../shared/events/catalog.ts';
import { ingestEvent } from '../../ingest/ingestEvent.ts';
import type { RelayContext } from '../../relayContext.ts';
import { rawJsonMember } from '../rawJsonMember.ts';
import { readJsonBody, type JsonBody } from '../readJson.ts';
import { jsonObject, valid } from '../requestInput.ts';
import { createEventSchema, idempotencyKeySchema } from '../schemas.ts';
import { RelayError } from '../../relayError.ts';

/**
 * Checks a plugin ingest request's slug and body (its token was checked before: ingestTokenAuth) and returns its
 * slug and JSON object body. Exported so the benchmark's store-nothing baselines do exactly this work and nothing else.
 */
export async function readPluginIngest(c: Context): Promise<{ slug: string; body: JsonBody & { value: Record<string, unknown> } }> {
  const slug = c.req.param('slug') ?? '';
  if (!isValidEventSlug(slug)) {
    throw new RelayError(400, 'invalid_event', 'event: the last part of the URL must be an event slug such as payment_received (lowercase letters, digits, _)', { field: 'event' });
  }
  const body = await readJsonBody(c);
  return { slug, body: { text: body.text, value: jsonObject(body.value, ', as Ultimate Multisite sends') } };
}

/** POST /ingest/{token}/{event_slug}: the URL pasted into Ultimate Multisite > Webhooks > Add New Webhook. */
export function pluginIngestRoutes(relay: RelayContext) {
  return new Hono().post('/:token/:slug', async (c) => {
    const { slug, body } = await readPluginIngest(c);
    const result = await ingestEvent(relay, { event: slug, payload: body.value, body: body.text, source: 'ingest', idempotencyKey: null });
    // The plugin's "Send Test Event" shows success only for a non-empty body.
    return c.json(result, 202);
  });
}

/** POST /v1/events: {event, payload, id?}; the same id or Idempotency-Key creates one event. */
export function apiIngestRoutes(relay: RelayContext) {
  return new Hono().post('/', async (c) => {
    const body = await readJsonBody(c);
    const input = valid(createEventSchema, jsonObject(body.value, ' {"event", "payload"}'));
    const headerKey = c.req.header('idempotency-key');
    if (headerKey !== undefined) {
      const checked = idempotencyKeySchema.safeParse(headerKey);
      if (!checked.success) throw new RelayError(400, 'invalid_request', `Idempotency-Key: ${checked.error.issues[0].message}`, { field: 'Idempotency-Key' });
    }
    // The payload as parsed, not zod's copy: zod rebuilds records by assignment, which turns an own
    // "__proto__" key into the copy's prototype, so the key would silently vanish from the stored body.
    const payload = (body.value as { payload: Record<string, unknown> }).payload;
    const result = await ingestEvent(relay, {
      event: input.event,
      payload,
      // The payload's bytes as sent (JSON.stringify would round big numbers and re-escape strings).
      body: rawJsonMember(body.text, 'payload') ?? JSON.stringify(payload),
      source: 'api',
      idempotencyKey: input.id ?? headerKey ?? null,
    });
    return c.json(result, result.duplicate ? 200 : 202);
  });
}
