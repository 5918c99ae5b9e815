/**
 * What a webhook may be created or changed with: the rules the API, the web form and the CLI (through the API)
 * all apply, written once. The unknown-slug rule needs the store and lives in eventTypes/eventSlugRule.ts.
 */
import { z } from 'zod';
import { isValidEventSlug } from '../../../shared/events/catalog.ts';
import { normaliseTargetUrl, validateTargetUrl } from '../delivery/targetUrl.ts';
import { isStorableText } from '../store/storableText.ts';

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

export const createWebhookSchema = z.strictObject(
  {
    name: nameSchema.describe('Shown in lists; at least 2 characters.'),
    url: urlSchema.describe('http(s) URL that receives the events.'),
    event: eventSlugSchema.optional().describe('One event: a slug known to the relay (GET /v1/event-types?all=true), a custom one with custom: true, or * for all events. Give event or events.'),
    events: eventsSchema.optional().describe('Several events (the same rules for each), or ["*"]. Give event or events.'),
    active: z.boolean({ error: 'must be true or false' }).default(true),
    integration: integrationSchema.default('manual').describe('Who made it: manual, zapier, …'),
    custom: z.boolean({ error: 'must be true or false' }).optional().describe('true: the event is a custom (add-on) one on purpose, so a slug the relay does not know yet is accepted.'),
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
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}` : undefined) },
);
