/** Search "Find Customer": by e-mail or username (exact match), newest first. */
import type { Bundle, Search, ZObject } from 'zapier-platform-core';
import { mappingContext } from '../items/mappingContext.js';
import { defined, text } from '../network/actionInput.js';
import { networkRequest } from '../network/networkRequest.js';
import { customerFields, customerSample } from '../records/customerRecord.js';
import { recordItem } from '../records/recordItem.js';

export const findCustomerKey = 'find_customer';

async function perform(z: ZObject, bundle: Bundle) {
  const input = bundle.inputData as Record<string, unknown>;
  const by = defined({ email: text(input, 'email'), username: text(input, 'username') });
  if (!Object.keys(by).length) throw new z.errors.Error('Fill in Email or Username to search by.', 'InvalidInput', 400);
  const { data } = await networkRequest<{ data: Record<string, unknown>[] }>(z, bundle, { path: '/v1/network/customers', params: by as Record<string, string> });
  const context = mappingContext(bundle);
  return data.map((customer) => recordItem(customerFields, customer, context));
}

export const findCustomer: Search = {
  key: findCustomerKey,
  noun: 'Customer',
  display: { label: 'Find Customer', description: 'Finds a customer by e-mail address or username.' },
  operation: {
    perform,
    inputFields: [
      { key: 'email', label: 'Email', type: 'string', required: false, helpText: 'The exact e-mail address (not case-sensitive).' },
      { key: 'username', label: 'Username', type: 'string', required: false, helpText: 'The exact WordPress username. Fill in Email, Username or both.' },
    ],
    sample: recordItem(customerFields, customerSample, { timeZone: 'UTC' }),
    outputFields: [...customerFields],
  },
};
