/** Action "Update Membership": changes a membership's status, plan or expiration date. */
import type { Bundle, Create, ZObject } from 'zapier-platform-core';
import { mappingContext } from '../items/mappingContext.js';
import { defined, integer, text } from '../network/actionInput.js';
import { networkRequest } from '../network/networkRequest.js';
import { membershipFields, membershipSample, membershipStatuses } from '../records/membershipRecord.js';
import { recordItem } from '../records/recordItem.js';
import { planListKey } from '../triggers/productListTriggers.js';

export const updateMembershipKey = 'update_membership';

async function perform(z: ZObject, bundle: Bundle) {
  const input = bundle.inputData as Record<string, unknown>;
  const id = integer(input, 'membership_id');
  if (typeof id !== 'number') throw new z.errors.Error(`Membership: ${JSON.stringify(input.membership_id ?? '')} is not a membership ID (a whole number): map the Membership ID from an earlier step, e.g. Find Membership.`, 'InvalidInput', 400);
  const change = defined({ status: text(input, 'status'), plan_id: integer(input, 'plan_id'), date_expiration: text(input, 'date_expiration') });
  if (!Object.keys(change).length) throw new z.errors.Error('Nothing to change: fill in Status, Plan or Expiration Date.', 'InvalidInput', 400);
  const membership = await networkRequest<Record<string, unknown>>(z, bundle, { method: 'PATCH', path: `/v1/network/memberships/${id}`, json: change });
  return recordItem(membershipFields, membership, mappingContext(bundle));
}

export const updateMembership: Create = {
  key: updateMembershipKey,
  noun: 'Membership',
  display: { label: 'Update Membership', description: "Changes a membership's status, plan or expiration date." },
  operation: {
    perform,
    inputFields: [
      { key: 'membership_id', label: 'Membership', type: 'integer', required: true, search: 'find_membership.id', helpText: 'The Membership ID, e.g. from **Find Membership** or a trigger.' },
      { key: 'status', label: 'Status', type: 'string', required: false, choices: membershipStatuses, helpText: 'The new status. Empty: unchanged.' },
      { key: 'plan_id', label: 'Plan', type: 'integer', required: false, dynamic: `${planListKey}.id.name`, helpText: 'Move the membership to this plan. Empty: unchanged.' },
      { key: 'date_expiration', label: 'Expiration Date', type: 'datetime', required: false, helpText: 'The new expiration date. Empty: unchanged.' },
    ],
    sample: recordItem(membershipFields, membershipSample, { timeZone: 'UTC' }),
    outputFields: [...membershipFields],
  },
};
