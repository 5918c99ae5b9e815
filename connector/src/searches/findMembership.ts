/** Search "Find Membership": a customer's memberships, or one by reference code. */
import type { Bundle, Search, ZObject } from 'zapier-platform-core';
import { mappingContext } from '../items/mappingContext.js';
import { defined, integer, text } from '../network/actionInput.js';
import { networkRequest } from '../network/networkRequest.js';
import { membershipFields, membershipSample } from '../records/membershipRecord.js';
import { recordItem } from '../records/recordItem.js';
import { customerListKey } from '../triggers/customerListTrigger.js';

export const findMembershipKey = 'find_membership';

async function perform(z: ZObject, bundle: Bundle) {
  const input = bundle.inputData as Record<string, unknown>;
  const by = defined({ customer_id: integer(input, 'customer_id'), reference_code: text(input, 'reference_code') });
  if (!Object.keys(by).length) throw new z.errors.Error('Fill in Customer or Reference Code to search by.', 'InvalidInput', 400);
  const { data } = await networkRequest<{ data: Record<string, unknown>[] }>(z, bundle, { path: '/v1/network/memberships', params: by as Record<string, string | number> });
  const context = mappingContext(bundle);
  return data.map((membership) => recordItem(membershipFields, membership, context));
}

export const findMembership: Search = {
  key: findMembershipKey,
  noun: 'Membership',
  display: { label: 'Find Membership', description: "Finds a membership by its reference code, or a customer's newest one." },
  operation: {
    perform,
    inputFields: [
      { key: 'customer_id', label: 'Customer', type: 'integer', required: false, dynamic: `${customerListKey}.id.name`, search: 'find_customer.id', helpText: "The customer whose membership to find (their newest comes first)." },
      { key: 'reference_code', label: 'Reference Code', type: 'string', required: false, helpText: "The membership's reference code, e.g. HHHHKND2WC (as triggers show it). Fill in Customer, Reference Code or both." },
    ],
    sample: recordItem(membershipFields, membershipSample, { timeZone: 'UTC' }),
    outputFields: [...membershipFields],
  },
};
