/** Request schemas of the /v1/network actions (things done on the connected network through its REST API). */
import { z } from 'zod';

const unknownFields = { error: (issue: { code: string; keys?: string[] }) => (issue.code === 'unrecognized_keys' ? `unknown field ${(issue.keys ?? []).map((k) => JSON.stringify(k)).join(', ')}` : undefined) };
const text = (what: string) => z.string({ error: 'must be a string' }).trim().min(1, 'is required').describe(what);
const id = (what: string) => z.coerce.number({ error: 'must be a positive whole number' }).int('must be a positive whole number').positive('must be a positive whole number').describe(what);
const email = z.email({ error: 'must be an e-mail address' }).describe('E-mail address.');
/** The plugin takes any date PHP's strtotime reads; ISO 8601 (Zapier's) is turned into its "Y-m-d H:i:s" UTC form. */
const pluginDate = (what: string) => z.string({ error: 'must be a date' }).trim().refine((value) => !Number.isNaN(Date.parse(value)), 'must be a date, e.g. 2026-12-31 or 2026-12-31T23:59:59Z')
  .transform((value) => new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(value) || !value.includes('T') && !value.includes(' ') ? value : `${value}Z`).toISOString().slice(0, 19).replace('T', ' ')).describe(what);
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
  amount: z.coerce.number({ error: 'must be a number' }).nonnegative('must be 0 or more').optional(),
  currency: z.string().trim().regex(/^[A-Za-z]{3}$/, 'must be a 3-letter code, e.g. USD').transform((code) => code.toUpperCase()).optional(),
  duration: z.coerce.number({ error: 'must be a whole number' }).int().positive().optional(),
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
  total: z.coerce.number({ error: 'must be a number' }).nonnegative('must be 0 or more'),
  subtotal: z.coerce.number({ error: 'must be a number' }).nonnegative('must be 0 or more').optional(),
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
  products: z.array(z.union([id('A product id.'), text('A product slug.')]), { error: 'must be a list of product ids or slugs' }).min(1, 'give at least one product (the plan)'),
  membership_status: membershipStatus.optional(),
  date_expiration: pluginDate('When the membership expires.').optional(),
  payment_status: paymentStatus.optional(),
  auto_renew: z.boolean({ error: 'must be true or false' }).optional(),
  duration: z.coerce.number({ error: 'must be a whole number' }).int().positive().optional(),
  duration_unit: durationUnit.optional(),
  discount_code: text('A discount code.').optional(),
  site: z.strictObject({
    site_url: z.string({ error: 'is required' }).trim().regex(/^[a-z0-9]{4,}$/, 'must be at least 4 lowercase letters or digits (the sub-domain or sub-directory)'),
    site_title: z.string({ error: 'is required' }).trim().min(4, 'must be at least 4 characters'),
    publish: z.boolean({ error: 'must be true or false' }).optional(),
    template_id: id('The template site to copy.').optional(),
  }, unknownFields).optional(),
}, unknownFields).refine((input) => (input.customer_id === undefined) !== (input.customer === undefined), { message: 'give customer_id (an existing customer) or customer (email, username, password), not both', path: ['customer'] });
