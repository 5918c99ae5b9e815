/** /v1/network/gap-repair: where repair from the plugin's send log stands, its entries, and a pass now. */
import { Hono } from 'hono';
import type { GapRepairPass, GapRepairStatus } from '../../gapRepair/gapRepairService.ts';
import type { LogEntryRecord } from '../../store/gapRepairStore.ts';
import type { RelayContext } from '../../relayContext.ts';
import { validationError } from '../apiError.ts';
import { gapRepairEntriesQuery } from '../gapRepairSchemas.ts';
import { cursorSchema, limitSchema } from '../schemas.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function passJson(pass: GapRepairPass) {
  return {
    trigger: pass.trigger, started_at: iso(pass.startedAt), finished_at: iso(pass.finishedAt), status: pass.status,
    entries_read: pass.entriesRead, received: pass.received, recovered: pass.recovered, unrecoverable: pass.unrecoverable,
    not_ours: pass.notOurs, beyond_retention: pass.beyondRetention, waiting: pass.waiting, error: pass.error,
  };
}

export function statusJson(status: GapRepairStatus) {
  return {
    connected: status.networkUrl !== null,
    network_url: status.networkUrl,
    interval_seconds: status.settings.intervalMs / 1000,
    grace_seconds: status.settings.graceMs / 1000,
    window_seconds: status.settings.windowMs / 1000,
    position: status.position && { entry_id: status.position.cursorId, offset: status.position.offsetHint },
    counts: status.counts && { received: status.counts.received, recovered: status.counts.recovered, unrecoverable: status.counts.unrecoverable, late_originals: status.counts.lateOriginals },
    last_pass: status.lastPass && passJson(status.lastPass),
  };
}

export function entryJson(entry: LogEntryRecord) {
  return {
    entry_id: entry.entryId, event: entry.slug, logged_at: iso(entry.loggedAt), outcome: entry.outcome,
    event_id: entry.eventId, reason: entry.reason, late_original_at: iso(entry.lateOriginalAt),
  };
}

export function gapRepairRoutes(relay: RelayContext) {
  return new Hono()
    .get('/', async (c) => c.json(statusJson(await relay.gapRepair.status())))
    .post('/', async (c) => c.json(passJson(await relay.gapRepair.runPass('request'))))
    .get('/entries', async (c) => {
      const query = gapRepairEntriesQuery.extend({ limit: limitSchema, before: cursorSchema }).safeParse(c.req.query());
      if (!query.success) throw validationError(query.error);
      const page = await relay.gapRepair.entries(query.data.outcome, { limit: query.data.limit, before: query.data.before });
      return c.json({ data: page.items.map(entryJson), next_cursor: page.nextCursor });
    });
}
