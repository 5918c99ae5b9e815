/** What an attempt's result means: delivered, retry when, give up, or the webhook is gone. */

export interface RetryPolicyOptions {
  /** Delay before each attempt; attempt n (1-based) waits schedule[n-1] after the previous one. */
  schedule: readonly number[];
  jitter: number;
  maxRetryAfterMs: number;
  disableAfterFailingMs: number;
}

export interface AttemptResult {
  ok: boolean;
  statusCode: number | null;
  retryAfter: string | null;
  /** What went wrong ("ECONNREFUSED: …", "timed out after 15000 ms", "HTTP 500"), quoted when disabling. */
  error?: string | null;
}

/** "1.2 s", "3 min", "5 days": how long a webhook has been failing, in the unit that reads best. */
function describeSpan(ms: number): string {
  const round = (value: number) => Math.round(value * 10) / 10;
  if (ms >= 86_400_000) return `${round(ms / 86_400_000)} days`;
  if (ms >= 3_600_000) return `${round(ms / 3_600_000)} h`;
  if (ms >= 60_000) return `${round(ms / 60_000)} min`;
  return `${round(ms / 1000)} s`;
}

export type Decision =
  | { kind: 'succeeded' }
  | { kind: 'slow-down'; until: number }
  | { kind: 'retry'; at: number }
  | { kind: 'failed' }
  | { kind: 'disable'; reason: string };

/** Status codes whose Retry-After we honour (Zapier and the Standard Webhooks advice). */
const honoursRetryAfter = new Set([429, 502, 503, 504]);

/** Retry-After as seconds or an HTTP date, in ms from now; null if absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Without a Retry-After, a 429 pauses the webhook 1 s, doubling for each one that follows without a success in between, up to this. */
const firstBackoffMs = 1000;
const longestBackoffMs = 5 * 60_000;

/**
 * A receiver asking to slow down rather than failing: any 429, and a 503 that says when to come back. Such an
 * answer spends no attempt and counts toward nothing; the webhook pauses instead.
 */
export function asksToSlowDown(result: Pick<AttemptResult, 'statusCode' | 'retryAfter'>, now: number): boolean {
  return result.statusCode === 429 || (result.statusCode === 503 && parseRetryAfter(result.retryAfter, now) !== null);
}

export function isSuccess(statusCode: number | null): boolean {
  return statusCode !== null && statusCode >= 200 && statusCode < 300;
}

export class RetryPolicy {
  private readonly options: RetryPolicyOptions;
  private readonly random: () => number;

  constructor(options: RetryPolicyOptions, random: () => number = Math.random) {
    this.options = options;
    this.random = random;
  }

  /** Delay before attempt `attemptNumber` (1-based), jittered; null when there is no such attempt. */
  delayBefore(attemptNumber: number): number | null {
    const base = this.options.schedule[attemptNumber - 1];
    if (base === undefined) return null;
    const spread = (this.random() * 2 - 1) * this.options.jitter;
    return Math.max(0, Math.round(base * (1 + spread)));
  }

  /**
   * Decides after attempt `attemptNumber` of a delivery. `failingSince` is when the webhook's current run of
   * failures began (null if its last attempt succeeded). Manual attempts are one-offs: never rescheduled.
   * `slowDownsInARow`: the webhook's answers asking to slow down since its last other answer (the backoff's step).
   */
  decide(input: { result: AttemptResult; attemptNumber: number; manual: boolean; now: number; failingSince: number | null; slowDownsInARow?: number }): Decision {
    const { result, attemptNumber, now } = input;
    if (result.ok) return { kind: 'succeeded' };
    if (asksToSlowDown(result, now)) {
      const backoff = Math.min(longestBackoffMs, firstBackoffMs * 2 ** Math.min(20, input.slowDownsInARow ?? 0));
      return { kind: 'slow-down', until: now + Math.min(parseRetryAfter(result.retryAfter, now) ?? backoff, this.options.maxRetryAfterMs) };
    }
    if (result.statusCode === 410) return { kind: 'disable', reason: 'The receiver answered 410 Gone: it no longer wants these events (a Zap turned off answers this way).' };
    const failingSince = input.failingSince ?? now;
    if (now - failingSince >= this.options.disableAfterFailingMs) {
      const lastError = result.error ?? (result.statusCode ? `HTTP ${result.statusCode}` : 'no response');
      return { kind: 'disable', reason: `Every delivery failed for ${describeSpan(now - failingSince)} with no success; last error: ${lastError}.` };
    }
    if (input.manual) return { kind: 'failed' };
    const scheduled = this.delayBefore(attemptNumber + 1);
    if (scheduled === null) return { kind: 'failed' };
    let delay = scheduled;
    if (result.statusCode !== null && honoursRetryAfter.has(result.statusCode)) {
      const requested = parseRetryAfter(result.retryAfter, now);
      if (requested !== null) delay = Math.min(requested, this.options.maxRetryAfterMs);
    }
    return { kind: 'retry', at: now + delay };
  }
}
