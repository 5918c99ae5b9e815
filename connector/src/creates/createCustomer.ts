/** Action "Create Customer": a customer (and their WordPress user) on the network. */
import type { Bundle, Create, ZObject } from 'zapier-platform-core';
import { mappingContext } from '../items/mappingContext.js';
import { defined, boolean, text } from '../network/actionInput.js';
import { networkRequest } from '../network/networkRequest.js';
import { customerFields, customerSample } from '../records/customerRecord.js';
import { recordItem } from '../records/recordItem.js';

export const createCustomerKey = 'create_customer';

async function perform(z: ZObject, bundle: Bundle) {
  const input = bundle.inputData as Record<string, unknown>;
  const customer = await networkRequest<Record<string, unknown>>(z, bundle, {
    method: 'POST',
    path: '/v1/network/customers',
    json: defined({ email: text(input, 'email'), username: text(input, 'username'), password: text(input, 'password'), email_verification: text(input, 'email_verification'), vip: boolean(input, 'vip') }),
  });
  return recordItem(customerFields, customer, mappingContext(bundle));
}

export const createCustomer: Create = {
  key: createCustomerKey,
  noun: 'Customer',
  display: { label: 'Create Customer', description: 'Creates a customer and their WordPress user on your network.' },
  operation: {
    perform,
    inputFields: [
      { key: 'email', label: 'Email', type: 'string', required: true, helpText: "The customer's e-mail address. If a WordPress user already has it, the customer is attached to that user; if that user is a customer already, the step says which one (use Find or Create Customer to reuse it)." },
      { key: 'username', label: 'Username', type: 'string', required: true, helpText: 'WordPress username for the new user: at least 4 characters, letters, digits and `_ . @ -`.' },
      { key: 'password', label: 'Password', type: 'password', required: false, helpText: 'At least 6 characters. Leave empty and WordPress e-mails the user a link to set their own.' },
      { key: 'email_verification', label: 'Email Verification', type: 'string', required: false, choices: { none: 'Not needed', pending: 'Pending (ask the customer to verify)', verified: 'Verified' }, default: 'none', helpText: 'Whether the customer still has to confirm their e-mail address.' },
      { key: 'vip', label: 'VIP', type: 'boolean', required: false, helpText: 'Mark the customer as VIP.' },
    ],
    sample: recordItem(customerFields, customerSample, { timeZone: 'UTC' }),
    outputFields: [...customerFields],
  },
};
