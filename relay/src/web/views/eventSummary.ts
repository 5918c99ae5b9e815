/**
 * What tells one event from another at a glance: its amount, customer, site and status, read from the payload
 * fields the plugin names the same way in every event (`payment_total`, `customer_user_email`, `site_url`, …),
 * so every catalog event and any add-on event using those names gets them, with no list per event. Nested live
 * shapes (`demo_site_expiring`'s `site`, `customer` objects) are read as `site_domain`, `customer_…`.
 */
import type { Payload } from '../../../../shared/events/catalog.ts';

export interface SummaryFact {
  label: string;
  value: string;
  /** The payload field it comes from. */
  field: string;
}

/** Each fact: the first of its fields with a value, in this order. */
const facts: { label: string; fields: string[] }[] = [
  { label: 'Amount', fields: ['payment_total', 'order_total', 'membership_amount'] },
  { label: 'Customer', fields: ['customer_user_email', 'new_user_email', 'billing_email', 'customer_name'] },
  { label: 'Site', fields: ['site_url', 'domain_domain', 'site_domain', 'site_admin_url', 'site_title'] },
  { label: 'Status', fields: ['payment_status', 'order_status', 'membership_status'] },
];

const isObject = (value: unknown): value is Payload => typeof value === 'object' && value !== null && !Array.isArray(value);

function flatFields(payload: Payload): Map<string, unknown> {
  const fields = new Map<string, unknown>(Object.entries(payload));
  for (const [prefix, nested] of Object.entries(payload)) {
    if (!isObject(nested)) continue;
    for (const [key, value] of Object.entries(nested)) if (!fields.has(`${prefix}_${key}`)) fields.set(`${prefix}_${key}`, value);
  }
  return fields;
}

const shown = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : typeof value === 'number' ? String(value) : null);

/** The facts a payload has (none for a body that is not a JSON object). */
export function eventSummary(body: string): SummaryFact[] {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return [];
  }
  if (!isObject(payload)) return [];
  const fields = flatFields(payload);
  return facts.flatMap(({ label, fields: candidates }) => {
    const field = candidates.find((candidate) => shown(fields.get(candidate)) !== null);
    return field ? [{ label, value: shown(fields.get(field))!, field }] : [];
  });
}
