/** A webhook as the API returns it, and how the CLI shows one. */
import { usageError } from '../../cliError.ts';
import { parseRateLimitText, rateLimitTextHint } from '../../../webhooks/rateLimitText.ts';
import type { Output } from '../../output/output.ts';
import { relativeTime } from '../../output/relativeTime.ts';

export interface WebhookJson {
  id: string;
  name: string;
  url: string;
  event: string;
  /** Every event it is subscribed to (`event` is the first). */
  events?: string[];
  integration: string;
  active: boolean;
  disabled_reason: string | null;
  deliveries_succeeded: number;
  deliveries_failed: number;
  last_success_at: string | null;
  last_failure_at: string | null;
  failing_since: string | null;
  rate_limit?: { per_second: number | null; per_window: number | null; window: string | null } | null;
  rate_limit_source?: 'custom' | 'zapier' | 'none';
  created_at: string;
  updated_at: string;
  secret?: string;
}

/** active, failing (since …) or disabled. */
export function webhookState(webhook: WebhookJson, now = Date.now()): string {
  if (!webhook.active) return 'disabled';
  return webhook.failing_since ? `failing since ${relativeTime(webhook.failing_since, now).replace(/ ago$/, '')}` : 'active';
}

export const webhookPath = (id: string) => `/v1/webhooks/${encodeURIComponent(id)}`;

/** The `<webhook id>` argument the subcommands that act on one webhook take. */
export const webhookIdArgument = { name: 'webhook id', description: 'e.g. wh_…, as "relay webhooks" lists it', required: true };

export function printWebhook(out: Output, webhook: WebhookJson): void {
  const now = Date.now();
  const rows: [string, string][] = [
    ['id', webhook.id],
    ['name', webhook.name],
    ['url', webhook.url],
    [webhook.events && webhook.events.length > 1 ? 'events' : 'event', (webhook.events ?? [webhook.event]).join(', ')],
    ['integration', webhook.integration],
    ...(webhook.rate_limit_source ? [['rate limit', describeRateLimit(webhook)] as [string, string]] : []),
    ['state', webhookState(webhook, now) + (webhook.disabled_reason ? ` (${webhook.disabled_reason})` : '')],
    ['delivered', `${webhook.deliveries_succeeded} (last ${relativeTime(webhook.last_success_at, now)})`],
    ['failed', `${webhook.deliveries_failed} (last ${relativeTime(webhook.last_failure_at, now)})`],
    ['created', `${relativeTime(webhook.created_at, now)} (${webhook.created_at})`],
  ];
  if (webhook.secret) rows.push(['secret', `${webhook.secret}   (verify deliveries with it; "relay webhooks rotate-secret" replaces it)`]);
  const width = Math.max(...rows.map(([label]) => label.length));
  out.line(rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n'));
}

function describeRateLimit(webhook: WebhookJson): string {
  const limit = webhook.rate_limit;
  if (!limit) return 'none';
  const parts = [limit.per_second ? `${limit.per_second}/s` : '', limit.per_window ? `${limit.per_window}/${limit.window}` : ''].filter(Boolean).join(', ');
  return webhook.rate_limit_source === 'zapier' ? `${parts} (Zapier's default, shared by the account's hooks)` : parts;
}

/** The option both add and edit take. */
export const rateLimitOptionDefinition = {
  type: 'string', valueName: 'N/s,N/5m|none|default',
  description: "at most N events per second and/or per window (e.g. 30/s,10000/5m); none: no limit; default: Zapier's on a Zapier hook, else none",
} as const;

/** --rate-limit as the API's rate_limit (absent: nothing sent, so add takes the default and edit changes nothing). */
export function rateLimitFrom(value: string | undefined) {
  if (value === undefined) return {};
  const parsed = parseRateLimitText(value);
  if (parsed === undefined) throw usageError(`--rate-limit must be ${rateLimitTextHint}, not "${value}"`);
  return { rate_limit: parsed };
}

/** `--event a,b` → the API's `events: [a, b]`; one slug stays `event`. */
export function eventsOption(value: string): { event: string } | { events: string[] } {
  const slugs = value.split(',').map((slug) => slug.trim()).filter(Boolean);
  return slugs.length > 1 ? { events: slugs } : { event: slugs[0] ?? value };
}
