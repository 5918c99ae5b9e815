/** Request schemas of the /v1/network actions (things done on the connected network through its REST API). */
import { z } from 'zod';

const unknownFields = { error: (issue: { code: string; keys?: string[] }) => (issue.code === 'unrecognized_keys' ? `unknown field ${(issue.keys ?? []).map((k) => JSON.stringify(k)).join(', ')}` : undefined) };
const text = (what: string) => z.string({ error: 'must be a string' }).trim().min(1, 'is required').describe(what);
const email = z.email({ error: 'must be an e-mail address' }).describe('E-mail address.');

const mustBeWhole = `must be a positive whole number in decimal digits (at most ${Number.MAX_SAFE_INTEGER})`;

/**
 * A positive whole number given as a JSON number or as decimal digits, or null: never `true`, "0x10", "1e3", ""
 * or a number past 2^53 (JSON has already rounded it to another id). Also reads the ids in paths.
 */
export function positiveWholeNumber(value: unknown): number | null {
  const number = typeof value === 'string' ? (/^\s*[0-9]+\s*$/.test(value) ? Number(value) : null) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) && number > 0 ? number : null;
}

/** A JSON number, or a string of the form `digits` (never true, null, hex or an exponent); each check says `message`. */
const numberOrDigits = (number: z.ZodNumber, digits: RegExp, read: (value: number | string) => number | null, message: string) =>
  z.union([number, z.string().regex(digits, message)], { error: message }).transform((value, context) => {
    const parsed = read(value);
    if (parsed === null) context.addIssue({ code: 'custom', message });
    return parsed ?? z.NEVER;
  });

const wholeNumber = () => numberOrDigits(z.number().int(mustBeWhole).positive(mustBeWhole).max(Number.MAX_SAFE_INTEGER, mustBeWhole), /^\s*[0-9]+\s*$/, positiveWholeNumber, mustBeWhole);
const id = (what: string) => wholeNumber().describe(what);
const mustBeAmount = 'must be a number of 0 or more, e.g. 19.90';
const amount = () => numberOrDigits(z.number().nonnegative(mustBeAmount).max(Number.MAX_SAFE_INTEGER, mustBeAmount), /^\s*[0-9]+(\.[0-9]+)?\s*$/, Number, mustBeAmount);

const datePattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
const mustBeDate = 'must be a date such as 2026-12-31, or a date and time such as 2026-12-31T23:59:59Z (ISO 8601)';
const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysIn = (year: number, month: number) => (month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31);

/**
 * A calendar date (2026-12-31) or an ISO 8601 date and time (one without a zone is UTC) as the plugin stores it,
 * "Y-m-d H:i:s" in UTC; null for anything else, 2026-02-30 and 24:00 included (never moved to another day).
 */
export function pluginDateOf(text: string): string | null {
  const parts = datePattern.exec(text.trim());
  if (!parts) return null;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map((part) => Number(part ?? 0));
  const zone = parts[7]?.toUpperCase() ?? 'Z';
  const [zoneHours, zoneMinutes] = zone === 'Z' ? [0, 0] : [Number(zone.slice(1, 3)), Number(zone.slice(-2))];
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59 || zoneHours > 18 || zoneMinutes > 59) return null;
  const offsetMs = (zone.startsWith('-') ? -1 : 1) * (zoneHours * 60 + zoneMinutes) * 60_000;
  const iso = new Date(Date.UTC(year, month - 1, day, hour, minute, second) - offsetMs).toISOString();
  return /^\d{4}-/.test(iso) ? iso.slice(0, 19).replace('T', ' ') : null;
}

const pluginDate = (what: string) =>
  z.string({ error: mustBeDate }).transform((value, context) => {
    const date = pluginDateOf(value);
    if (date === null) context.addIssue({ code: 'custom', message: mustBeDate });
    return date ?? z.NEVER;
  }).describe(what);
const durationUnit = z.enum(['day', 'week', 'month', 'year'], { error: 'must be day, week, month or year' });
/** The plugin's membership statuses (add-ons may add more, so any slug is passed on). */
const membershipStatus = z.string().trim().regex(/^[a-z][a-z0-9_-]*$/, 'must be a status slug: pending, active, trialing, on-hold, expired or cancelled');
const paymentStatus = z.string().trim().regex(/^[a-z][a-z0-9_-]*$/, 'must be a status slug: pending, completed, refunded, partially-refunded, partially-paid, failed or cancelled');

export const newCustomerSchema = z.strictObject({
  email,
  username: z.string({ error: 'is required' }).trim().min(4, 'must be at least 4 characters').regex(/^[a-z0-9_.@-]+$/i, 'may hold letters, digits and _ . @ - only').describe('WordPress username.'),
  password: z.string({ error: 'must be a string' }).min(6, 'must be at least 6 characters').optional().describe('Without one, WordPress e-mails the user a link to set theirs.'),
  email_verification: z.enum(['none', 'pending', 'verified'], { error: 'must be none, pending or verified' }).optional(),
  vip: z.boolean({ error: 'must be true or false' }).optional(),
}, unknownFields);

export const findCustomerSchema = z.strictObject({
  email: email.optional(),
  username: text('WordPress username.').optional(),
}, unknownFields).refine((by) => by.email || by.username, { message: 'give email or username', path: ['email'] });

export const newMembershipSchema = z.strictObject({
  customer_id: id('The customer.'),
  plan_id: id('The plan (a product of type plan).'),
  status: membershipStatus.optional(),
  amount: amount().optional(),
  currency: z.string().trim().regex(/^[A-Za-z]{3}$/, 'must be a 3-letter code, e.g. USD').transform((code) => code.toUpperCase()).optional(),
  duration: wholeNumber().optional(),
  duration_unit: durationUnit.optional(),
  recurring: z.boolean({ error: 'must be true or false' }).optional(),
  auto_renew: z.boolean({ error: 'must be true or false' }).optional(),
  date_expiration: pluginDate('When it expires.').optional(),
}, unknownFields);

export const membershipChangeSchema = z.strictObject({
  status: membershipStatus.optional(),
  plan_id: id('The new plan.').optional(),
  date_expiration: pluginDate('The new expiration date.').optional(),
}, unknownFields).refine((change) => Object.keys(change).length > 0, { message: 'give status, plan_id or date_expiration', path: ['status'] });

export const findMembershipSchema = z.strictObject({
  customer_id: id('The customer.').optional(),
  reference_code: text("The membership's reference code.").optional(),
}, unknownFields).refine((by) => by.customer_id !== undefined || by.reference_code, { message: 'give customer_id or reference_code', path: ['customer_id'] });

export const newPaymentSchema = z.strictObject({
  customer_id: id('The customer.'),
  membership_id: id('The membership.'),
  total: amount(),
  subtotal: amount().optional(),
  status: paymentStatus,
  currency: z.string().trim().regex(/^[A-Za-z]{3}$/, 'must be a 3-letter code, e.g. USD').transform((code) => code.toUpperCase()).optional(),
  product_id: id('The product paid for.').optional(),
  gateway: text('The gateway, e.g. stripe.').optional(),
  gateway_payment_id: text("The payment's id at the gateway.").optional(),
}, unknownFields);

export const findPaymentSchema = z.strictObject({
  reference_code: text("The payment's reference code.").optional(),
  customer_id: id('The customer.').optional(),
  membership_id: id('The membership.').optional(),
}, unknownFields).refine((by) => by.reference_code || by.customer_id !== undefined || by.membership_id !== undefined, { message: 'give reference_code, customer_id or membership_id', path: ['reference_code'] });

export const newSiteSchema = z.strictObject({
  customer_id: id('The owner.'),
  membership_id: id('The membership the site belongs to.'),
  title: text('The site title.'),
  path: text('The path, e.g. /acme/ (sub-directory networks).'),
  domain: text('The domain (sub-domain networks).').optional(),
}, unknownFields);

export const findSiteSchema = z.strictObject({
  customer_id: id('The owner.').optional(),
  membership_id: id('The membership.').optional(),
}, unknownFields);

export const knownAboutSchema = z.strictObject({
  customer_id: id('A customer.').optional(),
  membership_id: id('A membership.').optional(),
  site_id: id('A site.').optional(),
}, unknownFields);

export const listProductsSchema = z.strictObject({
  type: z.enum(['plan', 'package', 'service'], { error: 'must be plan, package or service' }).optional(),
}, unknownFields);

export const registrationSchema = z.strictObject({
  customer_id: id('An existing customer.').optional(),
  customer: z.strictObject({
    email,
    username: z.string({ error: 'is required' }).trim().min(4, 'must be at least 4 characters'),
    password: z.string({ error: 'is required' }).min(6, 'must be at least 6 characters'),
  }, unknownFields).optional(),
  products: z.array(z.union([id('A product id.'), text('A product slug.')], { error: 'must be a product id (digits) or slug' }), { error: 'must be a list of product ids or slugs' }).min(1, 'give at least one product (the plan)'),
  membership_status: membershipStatus.optional(),
  date_expiration: pluginDate('When the membership expires.').optional(),
  payment_status: paymentStatus.optional(),
  auto_renew: z.boolean({ error: 'must be true or false' }).optional(),
  duration: wholeNumber().optional(),
  duration_unit: durationUnit.optional(),
  discount_code: text('A discount code.').optional(),
  site: z.strictObject({
    site_url: z.string({ error: 'is required' }).trim().regex(/^[a-z0-9]{4,}$/, 'must be at least 4 lowercase letters or digits (the sub-domain or sub-directory)'),
    site_title: z.string({ error: 'is required' }).trim().min(4, 'must be at least 4 characters'),
    publish: z.boolean({ error: 'must be true or false' }).optional(),
    template_id: id('The template site to copy.').optional(),
  }, unknownFields).optional(),
}, unknownFields).refine((input) => (input.customer_id === undefined) !== (input.customer === undefined), { message: 'give customer_id (an existing customer) or customer (email, username, password), not both', path: ['customer'] });
