/** A customer of the network as the relay answers it (/v1/network/customers), and as a Zapier item. */
import { recordField, type RecordFields } from './recordItem.js';

export const customerFields: RecordFields = [
  recordField('id', 'Customer ID', 'integer'),
  recordField('user_id', 'WordPress User ID', 'integer'),
  recordField('email', 'Email', 'string'),
  recordField('username', 'Username', 'string'),
  recordField('email_verification', 'Email Verification', 'string'),
  recordField('vip', 'VIP', 'boolean'),
  recordField('has_trialed', 'Has Trialed', 'boolean'),
  recordField('signup_form', 'Signup Form', 'string'),
  recordField('date_registered', 'Date Registered', 'datetime'),
  recordField('last_login', 'Last Login', 'datetime'),
];

/** Jane Cooper, as the relay would answer her (dates as the plugin writes them). */
export const customerSample = {
  id: 211, user_id: 57, email: 'jane.cooper@example.com', username: 'janecooper', email_verification: 'verified', vip: false, has_trialed: false,
  signup_form: 'by-admin', date_registered: '2026-03-14 09:26:53', last_login: '2026-03-14 09:26:53',
};
