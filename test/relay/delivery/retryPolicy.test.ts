import { describe, expect, it } from 'vitest';
import { parseRetryAfter, RetryPolicy } from '../../../relay/src/delivery/retryPolicy.ts';
import { loadConfig } from '../../../relay/src/config/config.ts';

const day = 86_400_000;
const defaults = loadConfig({});
const policy = (random = Math.random) =>
  new RetryPolicy({ schedule: defaults.retrySchedule, jitter: defaults.retryJitter, maxRetryAfterMs: defaults.maxRetryAfterMs, disableAfterFailingMs: defaults.disableAfterFailingMs }, random);

describe('retry policy', () => {
  it('defaults to immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h', () => {
    expect(defaults.retrySchedule).toEqual([0, 5000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    const exact = policy(() => 0.5);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => exact.delayBefore(n))).toEqual([...defaults.retrySchedule, null]);
  });

  it('jitters each delay within ±20 %', () => {
    const low = policy(() => 0);
    const high = policy(() => 0.999999);
    expect(low.delayBefore(3)).toBe(240_000);
    expect(high.delayBefore(3)).toBeCloseTo(360_000, -1);
    const random = policy();
    for (let i = 0; i < 200; i++) {
      const delay = random.delayBefore(4)!;
      expect(delay).toBeGreaterThanOrEqual(1_440_000);
      expect(delay).toBeLessThanOrEqual(2_160_000);
    }
  });

  const decide = (statusCode: number | null, extra: Partial<Parameters<RetryPolicy['decide']>[0]> = {}) =>
    policy(() => 0.5).decide({ result: { ok: statusCode !== null && statusCode < 300 && statusCode >= 200, statusCode, retryAfter: null }, attemptNumber: 1, manual: false, now: 0, failingSince: null, ...extra });

  it('decides per status', () => {
    expect(decide(200)).toEqual({ kind: 'succeeded' });
    expect(decide(204)).toEqual({ kind: 'succeeded' });
    for (const status of [301, 302, 400, 401, 404, 500, 502, null]) expect(decide(status), String(status)).toEqual({ kind: 'retry', at: 5000 });
    expect(decide(410)).toMatchObject({ kind: 'disable', reason: expect.stringMatching(/410 Gone/) });
    expect(decide(500, { attemptNumber: 8 })).toEqual({ kind: 'failed' });
    expect(decide(500, { manual: true })).toEqual({ kind: 'failed' });
  });

  it('honours Retry-After only on 429, 502, 503, 504, capped; 429 and 503 with Retry-After ask to slow down instead of failing', () => {
    const withRetryAfter = (statusCode: number, retryAfter: string | null, extra: Partial<Parameters<RetryPolicy['decide']>[0]> = {}) =>
      policy(() => 0.5).decide({ result: { ok: false, statusCode, retryAfter }, attemptNumber: 1, manual: false, now: 1_000_000, failingSince: null, ...extra });
    for (const status of [502, 504]) expect(withRetryAfter(status, '120')).toEqual({ kind: 'retry', at: 1_120_000 });
    for (const status of [429, 503]) expect(withRetryAfter(status, '120')).toEqual({ kind: 'slow-down', until: 1_120_000 });
    expect(withRetryAfter(503, new Date(1_060_000).toUTCString())).toEqual({ kind: 'slow-down', until: 1_060_000 });
    expect(withRetryAfter(503, null)).toEqual({ kind: 'retry', at: 1_005_000 });
    expect(withRetryAfter(500, '120')).toEqual({ kind: 'retry', at: 1_005_000 });
    expect(withRetryAfter(429, '9999999')).toEqual({ kind: 'slow-down', until: 1_000_000 + day });
    // Without Retry-After: 1 s, doubling with each 429 in a row, at most 5 minutes; even at the last attempt, or
    // long after the webhook began failing, a 429 neither gives up nor disables.
    expect([0, 1, 2, 30].map((slowDownsInARow) => withRetryAfter(429, null, { slowDownsInARow }))).toEqual(
      [1_001_000, 1_002_000, 1_004_000, 1_300_000].map((until) => ({ kind: 'slow-down', until })),
    );
    expect(withRetryAfter(429, null, { attemptNumber: 8, failingSince: 0 })).toEqual({ kind: 'slow-down', until: 1_001_000 });
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', Date.parse('Wed, 21 Oct 2026 07:27:00 GMT'))).toBe(60_000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
  });

  it('disables a webhook that has failed with no success for 5 days', () => {
    expect(decide(500, { now: 5 * day - 1, failingSince: 0 })).toMatchObject({ kind: 'retry' });
    expect(decide(500, { now: 5 * day, failingSince: 0 })).toMatchObject({ kind: 'disable', reason: expect.stringMatching(/failed for 5 days/) });
  });
});
