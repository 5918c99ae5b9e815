/**
 * The one mapping from a plugin payload to a Zapier item, field by field. Each plugin key gets a rule by what it
 * is (an amount with its `_raw` twin, a date, an id, a flag, the avatar HTML, the name, the billing address),
 * which says the item fields it becomes, with their labels and types, and how their values are made.
 * Rules are chosen from an event's known keys (the catalog sample), so perform, performList, the static sample
 * and the output fields all come from the same place.
 */
import type { Payload } from '../catalog/eventCatalog.js';
import { formattedLabel, itemFieldLabel } from './fieldLabels.js';
import { avatarUrl } from './values/avatarUrl.js';
import { billingAddress } from './values/billingAddress.js';
import { personName } from './values/personName.js';
import { isoDate } from './values/pluginDate.js';
import { amount } from './values/pluginMoney.js';
import { boolean, integer, text } from './values/scalars.js';

export type ItemFieldType = 'string' | 'integer' | 'number' | 'boolean' | 'datetime';

export interface ItemField {
  key: string;
  label: string;
  type: ItemFieldType;
}

export interface MappingContext {
  /** IANA zone the plugin's zone-less dates are read in (UTC unless the connection says otherwise). */
  timeZone: string;
}

export interface FieldRule {
  /** The plugin keys this rule reads (so they are not copied through as unknown keys). */
  reads: string[];
  fields: ItemField[];
  values(payload: Payload, context: MappingContext): Record<string, unknown>;
}

const field = (key: string, type: ItemFieldType, label = itemFieldLabel(key)): ItemField => ({ key, label, type });

function single(key: string, type: ItemFieldType, convert: (value: unknown, context: MappingContext) => unknown): FieldRule {
  return { reads: [key], fields: [field(key, type)], values: (payload, context) => ({ [key]: convert(payload[key], context) }) };
}

function moneyRule(key: string): FieldRule {
  const formattedKey = `${key}_formatted`;
  return {
    reads: [key, `${key}_raw`],
    fields: [field(key, 'number'), field(formattedKey, 'string', formattedLabel(key))],
    values: (payload) => ({
      [key]: amount(payload[`${key}_raw`], payload[key]),
      [formattedKey]: typeof payload[key] === 'string' && payload[key] !== '' ? payload[key] : null,
    }),
  };
}

const avatarRule: FieldRule = {
  reads: ['customer_avatar'],
  fields: [field('customer_avatar_url', 'string')],
  values: (payload) => ({ customer_avatar_url: avatarUrl(payload.customer_avatar) }),
};

const nameRule: FieldRule = {
  reads: ['customer_name'],
  fields: [field('customer_name', 'string', 'Customer Full Name'), field('customer_first_name', 'string'), field('customer_last_name', 'string')],
  values: (payload) => {
    const name = personName(payload.customer_name);
    return { customer_name: text(payload.customer_name), customer_first_name: name.first, customer_last_name: name.last };
  },
};

const billingRule: FieldRule = {
  reads: ['customer_billing_address'],
  fields: ['customer_billing_address', 'customer_billing_company', 'customer_billing_email', 'customer_billing_street', 'customer_billing_locality'].map((key) => field(key, 'string')),
  values: (payload) => {
    const address = billingAddress(payload.customer_billing_address);
    const full = typeof payload.customer_billing_address === 'string' && payload.customer_billing_address.trim() ? payload.customer_billing_address : null;
    return { customer_billing_address: full, customer_billing_company: address.company, customer_billing_email: address.email, customer_billing_street: address.street, customer_billing_locality: address.locality };
  },
};

const isDateKey = (key: string) => /(^|_)date(_|$)|_at$/.test(key);
const isIdKey = (key: string) => /(^|_)id$/.test(key);
const isFlag = (value: unknown) => typeof value === 'boolean' || value === 'true' || value === 'false';

/** The rule for one plugin key, given every key the event has and an example of its value; null when another rule reads it. */
function ruleFor(key: string, keys: ReadonlySet<string>, example: unknown): FieldRule | null {
  if (key.endsWith('_raw') && keys.has(key.slice(0, -4))) return null;
  if (keys.has(`${key}_raw`)) return moneyRule(key);
  if (key === 'customer_avatar') return avatarRule;
  if (key === 'customer_name') return nameRule;
  if (key === 'customer_billing_address') return billingRule;
  // An add-on's nested value: passed through as it is (Zapier shows its parts), not declared as text.
  if (typeof example === 'object' && example !== null) return { reads: [key], fields: [], values: (payload) => ({ [key]: payload[key] ?? null }) };
  if (isDateKey(key)) return single(key, 'datetime', (value, context) => isoDate(value, context.timeZone));
  if (isIdKey(key)) return single(key, 'integer', integer);
  if (isFlag(example)) return single(key, 'boolean', boolean);
  if (typeof example === 'number') return single(key, 'number', (value) => (typeof value === 'string' && value.trim() && Number.isFinite(Number(value)) ? Number(value) : value ?? null));
  return single(key, 'string', text);
}

/** The rules for an event whose payload has these keys, shown by this example payload. */
export function fieldRules(example: Payload): FieldRule[] {
  const keys = new Set(Object.keys(example));
  return Object.keys(example)
    .map((key) => ruleFor(key, keys, example[key]))
    .filter((rule): rule is FieldRule => rule !== null);
}
