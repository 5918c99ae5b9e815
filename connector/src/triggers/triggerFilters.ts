/**
 * Trigger filters: options on a trigger that keep a Zap from running for events the user does not want (a pending
 * or failed payment on "Payment Received"). Offered only where the event's items have the field; applied in
 * perform (a filtered-out hook returns no item, so the Zap does not run) and in performList.
 */
import type { Bundle } from 'zapier-platform-core';
import type { EventItem } from '../items/eventItem.js';

interface TriggerFilter {
  /** The input field's key (what the user sets). */
  input: string;
  /** The item field it looks at. */
  field: string;
  label: string;
  helpText: string;
  /** oneOf: the item's value is one of the chosen; contains: the item's text contains what was typed (any case). */
  match: 'oneOf' | 'contains';
  choices?: Record<string, string>;
}

// Ultimate Multisite's own status lists (Payment_Status and Membership_Status in the plugin).
const paymentStatuses = { completed: 'Completed', pending: 'Pending', failed: 'Failed', refunded: 'Refunded', 'partially-refunded': 'Partially Refunded', 'partially-paid': 'Partially Paid', cancelled: 'Cancelled' };
const membershipStatuses = { active: 'Active', trialing: 'Trialing', pending: 'Pending', 'on-hold': 'On Hold', expired: 'Expired', cancelled: 'Cancelled' };

const filters: TriggerFilter[] = [
  { input: 'filter_payment_status', field: 'payment_status', label: 'Payment Status', helpText: 'Run only for payments with one of these statuses, e.g. Completed. Leave empty for any status.', match: 'oneOf', choices: paymentStatuses },
  { input: 'filter_product', field: 'payment_product_names', label: 'Product Name Contains', helpText: 'Run only when a product of the payment contains this text, e.g. `Business`. Leave empty for any product.', match: 'contains' },
  { input: 'filter_plan', field: 'membership_plan_name', label: 'Plan Name Contains', helpText: 'Run only when the membership plan contains this text, e.g. `Premium`. Leave empty for any plan.', match: 'contains' },
  { input: 'filter_membership_status', field: 'membership_status', label: 'Membership Status', helpText: 'Run only for memberships with one of these statuses. Leave empty for any status.', match: 'oneOf', choices: membershipStatuses },
];

export interface FilterInputField {
  key: string;
  label: string;
  helpText: string;
  required: false;
  type: 'string';
  list?: true;
  choices?: Record<string, string>;
}

/** The filter input fields for an event whose items have these field keys. */
export function filterInputFields(itemFieldKeys: readonly string[]): FilterInputField[] {
  return filters
    .filter((filter) => itemFieldKeys.includes(filter.field))
    .map(({ input, label, helpText, choices }) => ({ key: input, label, helpText, required: false, type: 'string', ...(choices ? { choices, list: true as const } : {}) }));
}

function chosen(value: unknown): string[] {
  const values = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return values.filter((entry): entry is string => typeof entry === 'string').map((entry) => entry.trim()).filter(Boolean);
}

/** Why the item does not pass the filters the user set, or null when it does. */
export function filteredOutBecause(item: EventItem, inputData: Bundle['inputData']): string | null {
  for (const filter of filters) {
    const wanted = chosen(inputData[filter.input]);
    if (wanted.length === 0 || !(filter.field in item)) continue;
    const actual = item[filter.field];
    const text = typeof actual === 'string' ? actual : actual === null || actual === undefined ? '' : String(actual);
    const passes = filter.match === 'oneOf' ? wanted.includes(text) : wanted.some((part) => text.toLowerCase().includes(part.toLowerCase()));
    if (!passes) return `${filter.label} is ${JSON.stringify(text)}, not ${wanted.map((part) => JSON.stringify(part)).join(' or ')}`;
  }
  return null;
}
