/** The gap repair routes' answers (/v1/network/gap-repair), for OpenAPI and the serializers. */
import { z } from 'zod';

const outcome = z.enum(['received', 'recovered', 'unrecoverable']);

export const gapRepairEntriesQuery = z.object({ outcome: outcome.optional() });

export const gapRepairPassResponse = z.object({
  trigger: z.enum(['start', 'schedule', 'request']),
  started_at: z.string(),
  finished_at: z.string(),
  status: z.enum(['done', 'more', 'not_connected', 'busy', 'failed']).describe('done: read up to the newest entry old enough; more: stopped at the pass bound, the next pass goes on; busy: another relay process is repairing'),
  entries_read: z.number(),
  received: z.number(),
  recovered: z.number(),
  unrecoverable: z.number(),
  not_ours: z.number().describe('sends to other URLs (other receivers, another relay)'),
  beyond_retention: z.number().describe('sends older than RELAY_RETENTION: their originals may be deleted, so none is recovered'),
  waiting: z.boolean().describe('stopped at an entry younger than the grace period: it waits for a later pass'),
  error: z.string().nullable(),
});

export const gapRepairStatusResponse = z.object({
  connected: z.boolean(),
  network_url: z.string().nullable(),
  interval_seconds: z.number(),
  grace_seconds: z.number(),
  window_seconds: z.number(),
  position: z.object({ entry_id: z.number(), offset: z.number() }).nullable().describe("the last entry of the plugin's send log decided on"),
  counts: z.object({ received: z.number(), recovered: z.number(), unrecoverable: z.number(), late_originals: z.number() }).nullable(),
  last_pass: gapRepairPassResponse.nullable(),
});

export const gapRepairEntryResponse = z.object({
  entry_id: z.number().describe("the plugin's event-log id"),
  event: z.string(),
  logged_at: z.string(),
  outcome,
  event_id: z.string().nullable(),
  reason: z.string().nullable(),
  late_original_at: z.string().nullable(),
});
