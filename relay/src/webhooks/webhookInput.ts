/**
 * What a webhook may be created or changed with: the rules the API, the web form and the CLI (through the API)
 * all apply, written once. The unknown-slug rule needs the store and lives in eventTypes/eventSlugRule.ts.
 */
import { z } from 'zod';
import { isValidEventSlug } from '../../../shared/events/catalog.ts';
import { normaliseTargetUrl, validateTargetUrl } from '../delivery/targetUrl.ts';
import { isStorableText } from '../store/storableText.ts';
import { parseDuration } from '../config/duration.ts';
import type { RateLimitSetting } from '../store/webhookPace.ts';

export const eventSlugSchema = z
  .string({ error: 'must be a string' })
  .refine((slug) => slug === '*' || isValidEventSlug(slug), 'must be an event slug such as payment_received (lowercase letters, digits, _), or * for every event');

const eventsSchema = z.array(eventSlugSchema, { error: 'must be a list of event slugs' });

const urlSchema = z
  .string({ error: 'must be a string' })
  .superRefine((url, context) => {
    const problem = validateTargetUrl(url);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  })
  .transform(normaliseTargetUrl);

const storableText = () => z.string({ error: 'must be a string' }).refine(isStorableText, 'must not contain control characters or unpaired surrogates');

const nameSchema = storableText().trim().min(2, 'must be at least 2 characters').max(191, 'must be at most 191 characters');
const integrationSchema = z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters').regex(/^[\w.\- ]+$/, 'may hold letters, digits, spaces, _ . -');

const positiveCount = z.number({ error: 'must be a whole number of at least 1' }).int('must be a whole number of at least 1').min(1, 'must be a whole number of at least 1');

/** A window: a duration as in the configuration ("5m", "300s", "1h") or a number of seconds. */
const windowSchema = z.union([z.number().int().min(1), z.string()], { error: 'must be a duration such as 5m or 300s, or a number of seconds' })
  .transform((value, context) => {
    let ms: number;
    try {
      ms = typeof value === 'number' ? value * 1000 : parseDuration(value);
    } catch {
      ms = 0;
    }
    if (ms >= 1000 && ms <= 86_400_000) return ms;
    context.addIssue({ code: 'custom', message: 'must be a duration from 1s to 1d such as 5m or 300s, or a number of seconds' });
    return z.NEVER;
  });

/**
 * null: the default (a Zapier hook gets Zapier's limits, other URLs none); "none": no limit, even on a Zapier
 * hook; or a limit of its own, which is also a budget of its own (see webhookPace.ts).
 */
export const rateLimitSchema = z.union([
  z.null(),
  z.literal('none'),
  z.strictObject({
    per_second: positiveCount.nullable().optional().describe('At most this many events per second.'),
    per_window: positiveCount.nullable().optional().describe('At most this many events per window.'),
    window: windowSchema.optional().describe('The window of per_window: a duration such as 5m, or seconds.'),
  }, { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}` : undefined) }),
], { error: 'must be null (the default), "none", or {per_second, per_window, window}' })
  .superRefine((value, context) => {
    if (value === null || value === 'none') return;
    if (!value.per_second && !value.per_window) context.addIssue({ code: 'custom', message: 'needs per_second or per_window (or null for the default, "none" for no limit)' });
    if (value.per_window && value.window === undefined) context.addIssue({ code: 'custom', path: ['window'], message: 'is required with per_window' });
  })
  .describe('Events per second and per window. null: the default (Zapier hooks get Zapier\'s 30/s and 10,000 per 5 min, shared by the hooks of one Zapier account); "none": no limit.');

/** The API's rate_limit as the store keeps it. */
export function rateLimitSetting(input: z.output<typeof rateLimitSchema>): RateLimitSetting {
  if (input === null || input === 'none') return input;
  return { perSecond: input.per_second ?? null, perWindow: input.per_window ?? null, windowMs: input.per_window ? (input.window ?? null) : null };
}

export const createWebhookSchema = z.strictObject(
  {
    name: nameSchema.describe('Shown in lists; at least 2 characters.'),
    url: urlSchema.describe('http(s) URL that receives the events.'),
    event: eventSlugSchema.optional().describe('One event: a slug known to the relay (GET /v1/event-types?all=true), a custom one with custom: true, or * for all events. Give event or events.'),
    events: eventsSchema.optional().describe('Several events (the same rules for each), or ["*"]. Give event or events.'),
    active: z.boolean({ error: 'must be true or false' }).default(true),
    integration: integrationSchema.default('manual').describe('Who made it: manual, zapier, …'),
    custom: z.boolean({ error: 'must be true or false' }).optional().describe('true: the event is a custom (add-on) one on purpose, so a slug the relay does not know yet is accepted.'),
    rate_limit: rateLimitSchema.optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}` : undefined) },
);

export const updateWebhookSchema = z.strictObject(
  {
    name: nameSchema.optional(),
    url: urlSchema.optional(),
    event: eventSlugSchema.optional().describe('Subscribes it to this one event instead (events becomes [event]).'),
    events: eventsSchema.optional().describe('Replaces the events it is subscribed to.'),
    active: z.boolean({ error: 'must be true or false' }).optional(),
    integration: integrationSchema.optional(),
    custom: z.boolean({ error: 'must be true or false' }).optional().describe('true: the event is a custom (add-on) one on purpose, so a slug the relay does not know yet is accepted.'),
    rate_limit: rateLimitSchema.optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}` : undefined) },
);
