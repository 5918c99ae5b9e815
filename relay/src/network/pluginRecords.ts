/**
 * The plugin's model records (customers, memberships, payments, sites, products) as the relay answers them: ids,
 * amounts and flags as real numbers and booleans (the plugin sends "3", "49.00", "1"), dates as the plugin writes
 * them (UTC, "2026-11-29 22:35:59": the connector makes them ISO with the connection's zone), nothing else renamed.
 * Fields the plugin does not send come out null, so every record of a kind has the same keys; reference codes,
 * which it never sends, are computed from the id as the plugin computes them.
 */
import { referenceCode, type ReferenceCodeModel } from './pluginReferenceCode.ts';

type PluginRecord = Record<string, unknown>;

const int = (value: unknown): number | null => {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return null;
};
const num = (value: unknown): number | null => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
};
const bool = (value: unknown): boolean | null => {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === '1' || value === 'true') return true;
  if (value === 0 || value === '0' || value === 'false' || value === '') return false;
  return null;
};
const str = (value: unknown): string | null => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null);
/** The first of several names the plugin has used for one field (versions and to_array differ). */
const first = (record: PluginRecord, ...keys: string[]): unknown => keys.map((key) => record[key]).find((value) => value !== undefined && value !== null && value !== '');
const date = (value: unknown): string | null => {
  const text = str(value);
  return text && !text.startsWith('0000-00-00') ? text : null;
};

function codeOf(record: PluginRecord, model: ReferenceCodeModel): string | null {
  const id = int(record.id);
  return str(first(record, 'reference_code', 'hash')) ?? (id !== null && id > 0 ? referenceCode(model, id) : null);
}

export interface NetworkCustomer {
  id: number | null;
  user_id: number | null;
  email: string | null;
  username: string | null;
  display_name: string | null;
  email_verification: string | null;
  vip: boolean | null;
  has_trialed: boolean | null;
  signup_form: string | null;
  date_registered: string | null;
  last_login: string | null;
}

export function customerRecord(record: PluginRecord): NetworkCustomer {
  return {
    id: int(record.id),
    user_id: int(record.user_id),
    email: str(first(record, 'email_address', 'user_email', 'email')),
    username: str(first(record, 'username', 'user_login')),
    display_name: str(first(record, 'display_name', 'name')),
    email_verification: str(record.email_verification),
    vip: bool(record.vip),
    has_trialed: bool(record.has_trialed),
    signup_form: str(record.signup_form),
    date_registered: date(first(record, 'date_registered', 'date_created')),
    last_login: date(record.last_login),
  };
}

export interface NetworkMembership {
  id: number | null;
  reference_code: string | null;
  customer_id: number | null;
  plan_id: number | null;
  status: string | null;
  amount: number | null;
  initial_amount: number | null;
  currency: string | null;
  duration: number | null;
  duration_unit: string | null;
  recurring: boolean | null;
  auto_renew: boolean | null;
  times_billed: number | null;
  gateway: string | null;
  gateway_customer_id: string | null;
  gateway_subscription_id: string | null;
  date_created: string | null;
  date_activated: string | null;
  date_expiration: string | null;
  date_trial_end: string | null;
  date_cancellation: string | null;
}

export function membershipRecord(record: PluginRecord): NetworkMembership {
  return {
    id: int(record.id),
    reference_code: codeOf(record, 'membership'),
    customer_id: int(record.customer_id),
    plan_id: int(record.plan_id),
    status: str(record.status),
    amount: num(record.amount),
    initial_amount: num(record.initial_amount),
    currency: str(record.currency),
    duration: int(record.duration),
    duration_unit: str(record.duration_unit),
    recurring: bool(record.recurring),
    auto_renew: bool(record.auto_renew),
    times_billed: int(record.times_billed),
    gateway: str(record.gateway),
    gateway_customer_id: str(record.gateway_customer_id),
    gateway_subscription_id: str(record.gateway_subscription_id),
    date_created: date(record.date_created),
    date_activated: date(record.date_activated),
    date_expiration: date(record.date_expiration),
    date_trial_end: date(record.date_trial_end),
    date_cancellation: date(record.date_cancellation),
  };
}

export interface NetworkPayment {
  id: number | null;
  reference_code: string | null;
  customer_id: number | null;
  membership_id: number | null;
  product_id: number | null;
  status: string | null;
  currency: string | null;
  subtotal: number | null;
  tax_total: number | null;
  discount_total: number | null;
  total: number | null;
  gateway: string | null;
  gateway_payment_id: string | null;
  invoice_number: number | null;
  date_created: string | null;
}

export function paymentRecord(record: PluginRecord): NetworkPayment {
  return {
    id: int(record.id),
    reference_code: codeOf(record, 'payment'),
    customer_id: int(record.customer_id),
    membership_id: int(record.membership_id),
    product_id: int(record.product_id),
    status: str(record.status),
    currency: str(record.currency),
    subtotal: num(record.subtotal),
    tax_total: num(record.tax_total),
    discount_total: num(record.discount_total),
    total: num(record.total),
    gateway: str(record.gateway),
    gateway_payment_id: str(record.gateway_payment_id),
    invoice_number: int(record.invoice_number),
    date_created: date(record.date_created),
  };
}

export interface NetworkSite {
  id: number | null;
  title: string | null;
  domain: string | null;
  path: string | null;
  customer_id: number | null;
  membership_id: number | null;
  type: string | null;
  date_registered: string | null;
}

export function siteRecord(record: PluginRecord): NetworkSite {
  return {
    // Sites are WordPress blogs: the plugin's to_array names the id blog_id (the register answer: id).
    id: int(first(record, 'blog_id', 'id')),
    title: str(first(record, 'title', 'name', 'blogname')),
    domain: str(record.domain),
    path: str(record.path),
    customer_id: int(record.customer_id),
    membership_id: int(record.membership_id),
    type: str(record.type),
    date_registered: date(first(record, 'registered', 'date_registered')),
  };
}

export interface NetworkProduct {
  id: number | null;
  name: string | null;
  slug: string | null;
  type: string | null;
  amount: number | null;
  currency: string | null;
  duration: number | null;
  duration_unit: string | null;
  recurring: boolean | null;
  active: boolean | null;
}

export function productRecord(record: PluginRecord): NetworkProduct {
  return {
    id: int(record.id),
    name: str(record.name),
    slug: str(record.slug),
    type: str(record.type),
    amount: num(record.amount),
    currency: str(record.currency),
    duration: int(record.duration),
    duration_unit: str(record.duration_unit),
    recurring: bool(record.recurring),
    active: bool(record.active),
  };
}
