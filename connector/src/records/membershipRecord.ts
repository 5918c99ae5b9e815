/** A membership as the relay answers it (/v1/network/memberships), and as a Zapier item. */
import { recordField, type RecordFields } from './recordItem.js';

export const membershipStatuses = { pending: 'Pending', active: 'Active', trialing: 'Trialing', 'on-hold': 'On Hold', expired: 'Expired', cancelled: 'Cancelled' };

export const membershipFields: RecordFields = [
  recordField('id', 'Membership ID', 'integer'),
  recordField('reference_code', 'Reference Code', 'string'),
  recordField('customer_id', 'Customer ID', 'integer'),
  recordField('plan_id', 'Plan ID', 'integer'),
  recordField('status', 'Status', 'string'),
  recordField('amount', 'Amount', 'number'),
  recordField('initial_amount', 'Initial Amount', 'number'),
  recordField('currency', 'Currency', 'string'),
  recordField('duration', 'Billing Interval', 'integer'),
  recordField('duration_unit', 'Billing Interval Unit', 'string'),
  recordField('recurring', 'Recurring', 'boolean'),
  recordField('auto_renew', 'Auto Renew', 'boolean'),
  recordField('times_billed', 'Times Billed', 'integer'),
  recordField('gateway', 'Gateway', 'string'),
  recordField('gateway_customer_id', 'Gateway Customer ID', 'string'),
  recordField('gateway_subscription_id', 'Gateway Subscription ID', 'string'),
  recordField('date_created', 'Date Created', 'datetime'),
  recordField('date_activated', 'Date Activated', 'datetime'),
  recordField('date_expiration', 'Expiration Date', 'datetime'),
  recordField('date_trial_end', 'Trial End Date', 'datetime'),
  recordField('date_cancellation', 'Cancellation Date', 'datetime'),
];

export const membershipSample = {
  id: 318, reference_code: 'HHHHKND2WC', customer_id: 211, plan_id: 2, status: 'active', amount: 49, initial_amount: 49, currency: 'USD',
  duration: 1, duration_unit: 'month', recurring: true, auto_renew: true, times_billed: 1, gateway: 'stripe', gateway_customer_id: 'cus_Q2mX8aLk3Jd9Tr',
  gateway_subscription_id: 'sub_1PqR7sLk3Jd9TrQ2', date_created: '2026-03-14 09:26:53', date_activated: '2026-03-14 09:26:53',
  date_expiration: '2026-04-14 09:26:53', date_trial_end: null, date_cancellation: null,
};
