/**
 * Network records (customers, memberships, payments, sites, products) as Zapier items, typed like the triggers'
 * items: the relay sends ids, amounts and flags as numbers and booleans already, dates as the plugin writes them
 * ("2026-11-29 22:35:47", UTC): they become ISO 8601 with the offset through the triggers' own date mapping.
 */
import type { ItemField, ItemFieldType, MappingContext } from '../items/fieldRules.js';
import { isoDate } from '../items/values/pluginDate.js';

export type RecordFields = readonly ItemField[];

export const recordField = (key: string, label: string, type: ItemFieldType): ItemField => ({ key, label, type });

/** Every field of the kind, in order: a value the relay did not send is null, so items always have the same keys. */
export function recordItem(fields: RecordFields, record: Record<string, unknown>, context: MappingContext): Record<string, unknown> {
  return Object.fromEntries(fields.map(({ key, type }) => {
    const value = record[key] ?? null;
    return [key, type === 'datetime' ? isoDate(value, context.timeZone) : value];
  }));
}

/** With a prefix, for records nested in one item (Register Account: customer_id, membership_status, …). */
export function prefixedFields(prefix: string, labelPrefix: string, fields: RecordFields): ItemField[] {
  // "Customer ID" stays as it is; "Email" becomes "Customer Email".
  return fields.map((field) => ({ key: `${prefix}_${field.key}`, label: field.label.startsWith(labelPrefix) ? field.label : `${labelPrefix} ${field.label}`, type: field.type }));
}

export function prefixedItem(prefix: string, item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).map(([key, value]) => [`${prefix}_${key}`, value]));
}
