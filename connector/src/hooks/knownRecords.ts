/**
 * Some live events name records without describing them: demo_site_expiring sends its customer as the plugin's
 * customer columns (no name, no e-mail) and no reference code or admin pages. What the relay knows of those
 * records (/v1/network/known: what the network's other events said, codes and pages it can compute) fills the
 * item's empty fields. Asked only when a field that says who or what the event is about is empty.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import type { Payload } from '../catalog/eventCatalog.js';
import { eventItem, type EventItem } from '../items/eventItem.js';
import type { MappingContext } from '../items/fieldRules.js';
import { relayRequest } from '../relay/relayRequest.js';

const describing = ['customer_name', 'customer_user_email', 'membership_reference_code', 'customer_manage_url', 'membership_manage_url', 'site_manage_url'];

const positiveId = (value: unknown): number | null => {
  const id = Number(value);
  return Number.isInteger(id) && id > 0 ? id : null;
};

/** The event's item, its empty describing fields filled from what the relay knows (as is when it knows nothing). */
export async function eventItemWithKnown(z: ZObject, bundle: Bundle, id: string, slug: string, payload: Payload, context: MappingContext): Promise<EventItem> {
  const item = eventItem(id, slug, payload, context);
  if (!describing.some((key) => key in item && (item[key] === null || item[key] === ''))) return item;
  const params: Record<string, number> = {};
  for (const record of ['customer', 'membership', 'site']) {
    const recordId = positiveId(item[`${record}_id`]);
    if (recordId !== null) params[`${record}_id`] = recordId;
  }
  if (Object.keys(params).length === 0) return item;
  try {
    const { data } = await relayRequest<{ data: Payload }>(z, bundle, { path: '/v1/network/known', params, accept: [404, 409] });
    return data?.data ? eventItem(id, slug, payload, context, data.data) : item;
  } catch (error) {
    // A throttle is Zapier's to retry; anything else leaves the item as the network sent it.
    if (error instanceof z.errors.ThrottledError) throw error;
    z.console.log(`Could not complete event ${id} from the relay: ${(error as Error).message}`);
    return item;
  }
}
