/**
 * How fast a webhook may be sent to: its rate limit, the budget it draws on (shared by a Zapier account's hooks),
 * and the spacing between sends that keeps every window of either length within the limit. Both stores keep one
 * row per budget (`pacing`) whose next_at is when the budget may send next: claims reserve send slots from it, a
 * 429 pushes it out.
 */

export interface RateLimit {
  /** Events per second; null for no per-second limit. */
  perSecond: number | null;
  /** Events per window of `windowMs`; null for no window limit. */
  perWindow: number | null;
  windowMs: number | null;
}

/** Zapier's documented intake limits for REST-hook posts, per account: 30 per second and 10,000 per 5 minutes. */
export const zapierRateLimit: RateLimit = { perSecond: 30, perWindow: 10_000, windowMs: 5 * 60_000 };

/** A webhook's setting: a limit a person chose, `none` on purpose, or null for the default (Zapier's on a Zapier hook). */
export type RateLimitSetting = RateLimit | 'none' | null;

/**
 * A URL on Zapier's hook host (every hook post counts toward Zapier's limits), with the account its path names:
 * `hooks/catch/<account>/<hook>/` (Webhooks by Zapier) and `hooks/standard/<account>/<hook>/` (REST hooks, what the
 * connector subscribes). Null for any other host; account null for another path.
 */
export function zapierHookOf(url: string): { account: string | null } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.hostname.toLowerCase() !== 'hooks.zapier.com') return null;
  return { account: /^\/hooks\/(?:catch|standard)\/(\d+)\/[^/]+/.exec(parsed.pathname)?.[1] ?? null };
}

export interface Pace {
  /** The budget it draws on: a Zapier account's (`zapier:<account>`) or its own (`webhook:<id>`). */
  key: string;
  limit: RateLimit | null;
  source: 'custom' | 'zapier' | 'none';
  /** Time between two sends, the stricter of the two limits; null when unlimited. */
  intervalMs: number | null;
}

/**
 * Sends are spaced this much wider than the limit strictly needs: an attempt leaves on time but may arrive a
 * little early or late next to its neighbours, and a receiver counting over sliding windows must never see one over.
 */
export const paceHeadroom = 1.1;

/** What a webhook's rate limit setting and URL come to. A limit set by hand is the webhook's own budget. */
export function paceOf(webhook: { id: string; url: string; rateLimit: RateLimitSetting }): Pace {
  const own = `webhook:${webhook.id}`;
  if (webhook.rateLimit === 'none') return { key: own, limit: null, source: 'none', intervalMs: null };
  if (webhook.rateLimit) return { key: own, limit: webhook.rateLimit, source: 'custom', intervalMs: intervalOf(webhook.rateLimit) };
  const zapier = zapierHookOf(webhook.url);
  if (zapier) return { key: zapier.account ? `zapier:${zapier.account}` : own, limit: zapierRateLimit, source: 'zapier', intervalMs: intervalOf(zapierRateLimit) };
  return { key: own, limit: null, source: 'none', intervalMs: null };
}

/**
 * Even spacing at the stricter of the two rates: no second and no window then ever holds more than its limit,
 * however the receiver aligns its windows. The window's allowance is not spent in bursts.
 */
export function intervalOf(limit: RateLimit): number | null {
  const perSecond = limit.perSecond ? 1000 / limit.perSecond : 0;
  const perWindow = limit.perWindow && limit.windowMs ? limit.windowMs / limit.perWindow : 0;
  const interval = Math.max(perSecond, perWindow);
  return interval > 0 ? interval * paceHeadroom : null;
}

/**
 * How late a paced send may leave after its slot. Well within the headroom (100 ms of every second), so neither a late
 * send nor one on time after it makes a window hold one too many; a send later than this goes back for a new slot.
 */
export const paceLatenessMs = 20;

/** How far ahead a claim reserves send slots: the worker holds them and sends each at its time. */
export const paceLookaheadMs = 500;

/**
 * Slots a claim may take from a budget whose next send is due at `nextAt`: sends at start, start + interval, …
 * up to now + lookahead, at most `max`.
 */
export function paceSlots(input: { nextAt: number; now: number; intervalMs: number; max: number }): { start: number; count: number } {
  const start = Math.max(input.nextAt, input.now);
  const horizon = input.now + paceLookaheadMs;
  if (start > horizon) return { start, count: 0 };
  return { start, count: Math.min(input.max, Math.floor((horizon - start) / input.intervalMs) + 1) };
}

/** The stored form of a setting (the webhooks table's rate_limit column). */
export function rateLimitColumn(setting: RateLimitSetting): string | null {
  if (setting === null) return null;
  return setting === 'none' ? 'none' : JSON.stringify(setting);
}

export function rateLimitFromColumn(column: unknown): RateLimitSetting {
  if (column === null || column === undefined) return null;
  if (column === 'none') return 'none';
  return JSON.parse(String(column)) as RateLimit;
}
