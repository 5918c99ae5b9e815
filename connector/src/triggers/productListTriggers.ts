/** Hidden triggers feeding the Plan and Products dropdowns of the actions, live from the network via the relay. */
import type { Bundle, Trigger, ZObject } from 'zapier-platform-core';
import { networkRequest } from '../network/networkRequest.js';

interface NetworkProduct {
  id: number;
  name: string | null;
  slug: string | null;
  type: string | null;
  amount: number | null;
  currency: string | null;
  duration: number | null;
  duration_unit: string | null;
  recurring: boolean | null;
}

export const planListKey = 'plan_list';
export const productListKey = 'product_list';

/** "Business Plan (49 USD / 1 month)": what a user recognises in the network's product list. */
function choiceName(product: NetworkProduct, withType: boolean): string {
  const price = product.amount === null ? '' : `${product.amount} ${product.currency ?? ''}`.trim();
  const period = product.recurring && product.duration ? ` / ${product.duration} ${product.duration_unit ?? 'month'}${product.duration === 1 ? '' : 's'}` : '';
  const details = [withType ? product.type : null, price ? `${price}${period}` : null].filter(Boolean).join(', ');
  return `${product.name ?? product.slug ?? `Product ${product.id}`}${details ? ` (${details})` : ''}`;
}

function listTrigger(key: string, noun: string, label: string, type?: 'plan'): Trigger {
  const perform = async (z: ZObject, bundle: Bundle) => {
    const { data } = await networkRequest<{ data: NetworkProduct[] }>(z, bundle, { path: '/v1/network/products', params: type ? { type } : undefined });
    return data.map((product) => ({ id: product.id, name: choiceName(product, !type) }));
  };
  return {
    key,
    noun,
    display: { label, description: `Triggers when the ${noun} dropdown opens: lists the network's ${type ? 'plans' : 'products'}.`, hidden: true },
    operation: {
      perform,
      sample: { id: 2, name: type ? 'Business Plan (49 USD / 1 month)' : 'Business Plan (plan, 49 USD / 1 month)' },
      outputFields: [
        { key: 'id', label: `${noun} ID`, type: 'integer' },
        { key: 'name', label: `${noun} Name`, type: 'string' },
      ],
    },
  };
}

export const planListTrigger = listTrigger(planListKey, 'Plan', 'Plans', 'plan');
export const productListTrigger = listTrigger(productListKey, 'Product', 'Products');
