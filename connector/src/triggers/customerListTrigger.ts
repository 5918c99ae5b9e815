/** Hidden trigger feeding the Customer dropdowns of the actions: the network's newest customers. */
import type { Bundle, Trigger, ZObject } from 'zapier-platform-core';
import { networkRequest } from '../network/networkRequest.js';

export const customerListKey = 'customer_list';

interface NetworkCustomer {
  id: number;
  user_id: number | null;
  email: string | null;
  username: string | null;
  date_registered: string | null;
}

async function perform(z: ZObject, bundle: Bundle) {
  const { data } = await networkRequest<{ data: NetworkCustomer[] }>(z, bundle, { path: '/v1/network/customers/newest' });
  // The plugin's customer records name the WordPress user by id only; the e-mail shows when the relay knows it.
  return data.map((customer) => ({
    id: customer.id,
    name: customer.email ?? customer.username ?? `Customer #${customer.id} (WordPress user ${customer.user_id ?? '?'}, since ${customer.date_registered?.slice(0, 10) ?? '?'})`,
  }));
}

export const customerListTrigger: Trigger = {
  key: customerListKey,
  noun: 'Customer',
  display: { label: 'Customers', description: "Triggers when the Customer dropdown opens: lists the network's newest customers.", hidden: true },
  operation: {
    perform,
    sample: { id: 211, name: 'Customer #211 (WordPress user 57, since 2026-03-14)' },
    outputFields: [
      { key: 'id', label: 'Customer ID', type: 'integer' },
      { key: 'name', label: 'Customer', type: 'string' },
    ],
  },
};
