/** Action "Create Membership": gives a customer a plan on the network. */
import type { Bundle, Create, ZObject } from 'zapier-platform-core';
import { mappingContext } from '../items/mappingContext.js';
import { boolean, defined, integer, text } from '../network/actionInput.js';
import { networkRequest } from '../network/networkRequest.js';
import { membershipFields, membershipSample, membershipStatuses } from '../records/membershipRecord.js';
import { recordItem } from '../records/recordItem.js';
import { customerListKey } from '../triggers/customerListTrigger.js';
import { planListKey } from '../triggers/productListTriggers.js';

export const createMembershipKey = 'create_membership';

async function perform(z: ZObject, bundle: Bundle) {
  const input = bundle.inputData as Record<string, unknown>;
  const membership = await networkRequest<Record<string, unknown>>(z, bundle, {
    method: 'POST',
    path: '/v1/network/memberships',
    json: defined({
      customer_id: integer(input, 'customer_id'), plan_id: integer(input, 'plan_id'), status: text(input, 'status'), amount: text(input, 'amount'),
      currency: text(input, 'currency'), duration: integer(input, 'duration'), duration_unit: text(input, 'duration_unit'),
      auto_renew: boolean(input, 'auto_renew'), date_expiration: text(input, 'date_expiration'),
    }),
  });
  return recordItem(membershipFields, membership, mappingContext(bundle));
}

export const createMembership: Create = {
  key: createMembershipKey,
  noun: 'Membership',
  display: { label: 'Create Membership', description: 'Gives a customer a membership of one of your plans.' },
  operation: {
    perform,
    inputFields: [
      { key: 'customer_id', label: 'Customer', type: 'integer', required: true, dynamic: `${customerListKey}.id.name`, search: 'find_customer.id', helpText: 'The customer: pick one, map a Customer ID from an earlier step (e.g. **Find Customer**), or search by e-mail.' },
      { key: 'plan_id', label: 'Plan', type: 'integer', required: true, dynamic: `${planListKey}.id.name`, helpText: 'The plan the membership is for.' },
      { key: 'status', label: 'Status', type: 'string', required: false, choices: membershipStatuses, default: 'active', helpText: 'Active gives access now; Pending waits for a payment.' },
      { key: 'amount', label: 'Amount', type: 'number', required: false, helpText: "What the customer pays each period, e.g. 49. Empty: the plan's price." },
      { key: 'currency', label: 'Currency', type: 'string', required: false, helpText: "3-letter code, e.g. USD. Empty: the plan's currency." },
      { key: 'duration', label: 'Billing Interval', type: 'integer', required: false, helpText: 'How many units between charges, e.g. 1 (with Month: monthly).' },
      { key: 'duration_unit', label: 'Billing Interval Unit', type: 'string', required: false, choices: { day: 'Day', week: 'Week', month: 'Month', year: 'Year' } },
      { key: 'auto_renew', label: 'Auto Renew', type: 'boolean', required: false, helpText: 'Whether the membership renews by itself at the gateway.' },
      { key: 'date_expiration', label: 'Expiration Date', type: 'datetime', required: false, helpText: 'When the membership expires, e.g. 2026-12-31 or "in 1 month". Empty: one billing period from now.' },
    ],
    sample: recordItem(membershipFields, membershipSample, { timeZone: 'UTC' }),
    outputFields: [...membershipFields],
  },
};
