/** Webhook health tallied per batch must equal applying each attempt in order, as the SQLite store does. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { healthOf, mergeHealth, type WebhookHealth } from '../../../../relay/src/store/postgres/completionBatch.ts';
import type { AttemptOutcome } from '../../../../relay/src/store/types.ts';

interface Row { succeeded: number; failed: number; lastSuccessAt: number | null; lastFailureAt: number | null; failingSince: number | null }

/** The SQLite store's per-attempt UPDATEs, in memory. */
function applyOne(row: Row, outcome: AttemptOutcome): Row {
  const { attempt } = outcome;
  const now = attempt.startedAt + attempt.durationMs;
  if (attempt.ok) return { ...row, succeeded: row.succeeded + 1, lastSuccessAt: now, failingSince: null };
  return { ...row, failed: row.failed + (outcome.status === 'failed' ? 1 : 0), lastFailureAt: now, failingSince: row.failingSince ?? attempt.startedAt };
}

/** The tally's UPDATE, in memory. */
function applyTally(row: Row, h: WebhookHealth): Row {
  return {
    succeeded: row.succeeded + h.succeeded,
    failed: row.failed + h.failed,
    lastSuccessAt: h.lastSuccessAt ?? row.lastSuccessAt,
    lastFailureAt: h.lastFailureAt ?? row.lastFailureAt,
    failingSince: h.reset ? h.failingSince : (row.failingSince ?? h.failingSince),
  };
}

const outcome = fc.record({ ok: fc.boolean(), final: fc.boolean(), startedAt: fc.integer({ min: 0, max: 1e6 }) }).map(({ ok, final, startedAt }): AttemptOutcome => ({
  attempt: { id: 'a', deliveryId: 'd', webhookId: 'w', eventId: 'e', attemptNumber: 1, trigger: 'scheduled', startedAt, durationMs: 3, ok, statusCode: ok ? 200 : 500, error: null, responseExcerpt: null },
  status: ok ? 'succeeded' : final ? 'failed' : 'pending',
  nextAttemptAt: null,
  disableWebhookReason: null,
}));

describe('webhook health tally', () => {
  it('equals applying the attempts one by one, however they are split into batches', () => {
    fc.assert(
      fc.property(
        fc.record({ succeeded: fc.nat(5), failed: fc.nat(5), lastSuccessAt: fc.option(fc.nat()), lastFailureAt: fc.option(fc.nat()), failingSince: fc.option(fc.nat()) }),
        fc.array(fc.array(outcome, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }),
        (start, batches) => {
          const sequential = batches.flat().reduce(applyOne, start);
          const tallied = batches.map((batch) => batch.map(healthOf).reduce(mergeHealth)).reduce(applyTally, start);
          const mergedOnce = applyTally(start, batches.flat().map(healthOf).reduce(mergeHealth));
          expect(tallied).toEqual(sequential);
          expect(mergedOnce).toEqual(sequential);
        },
      ),
    );
  });
});
