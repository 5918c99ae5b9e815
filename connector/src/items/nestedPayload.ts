/**
 * Live events are not always flat like their samples: `demo_site_expiring` arrives with `site`, `membership` and
 * `customer` objects. Their values are moved to the flat keys the event's fields know (`membership.status` →
 * `membership_status`), so the same fields are filled whatever the shape; the rest of those objects is dropped.
 */
import type { Payload } from '../catalog/eventCatalog.js';

function isObject(value: unknown): value is Payload {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The plan among a membership's products (the plugin's compiled product list). */
function planName(membership: Payload): string | null {
  const products = Array.isArray(membership.compiled_product_list) ? membership.compiled_product_list : [];
  for (const entry of products) {
    const product: unknown = isObject(entry) ? entry.product : undefined;
    if (isObject(product) && product.type === 'plan' && typeof product.name === 'string') return product.name;
  }
  return null;
}

/** Fields only the live (nested) shape carries, beyond the event's flat sample. */
const liveOnlyKeys: Record<string, string[]> = { demo_site_expiring: ['membership_plan_name'] };

export function liveOnlyFields(slug: string): string[] {
  return liveOnlyKeys[slug] ?? [];
}

export function flattenNested(payload: Payload, knownKeys: ReadonlySet<string>): Payload {
  const flat: Payload = { ...payload };
  for (const [prefix, value] of Object.entries(payload)) {
    if (!isObject(value) || knownKeys.has(prefix)) continue;
    const owned = [...knownKeys].filter((key) => key.startsWith(`${prefix}_`));
    if (owned.length === 0) continue;
    delete flat[prefix];
    for (const [key, nested] of Object.entries(value)) {
      const flatKey = `${prefix}_${key}`;
      if (knownKeys.has(flatKey) && (flat[flatKey] === undefined || flat[flatKey] === '')) flat[flatKey] = nested;
    }
    if (prefix === 'membership' && knownKeys.has('membership_plan_name') && flat.membership_plan_name === undefined) flat.membership_plan_name = planName(value);
  }
  // The live network leaves site_url empty; the site's address is its dashboard URL without "wp-admin/".
  if (flat.site_url === '' && typeof flat.site_admin_url === 'string' && /\/wp-admin\/?$/.test(flat.site_admin_url)) {
    flat.site_url = flat.site_admin_url.replace(/wp-admin\/?$/, '');
  }
  return flat;
}
