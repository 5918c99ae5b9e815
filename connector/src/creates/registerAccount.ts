/**
 * Action "Register Account": customer, membership, payment and (optionally) a site in one call, the way the
 * network's own checkout does it (the plugin's /register endpoint, in one database transaction).
 */
import type { Bundle, Create, ZObject } from 'zapier-platform-core';
import { mappingContext } from '../items/mappingContext.js';
import { boolean, defined, integer, list, text } from '../network/actionInput.js';
import { networkRequest } from '../network/networkRequest.js';
import { customerFields, customerSample } from '../records/customerRecord.js';
import { membershipFields, membershipSample, membershipStatuses } from '../records/membershipRecord.js';
import { paymentFields, paymentSample } from '../records/paymentRecord.js';
import { prefixedFields, prefixedItem, recordItem } from '../records/recordItem.js';
import { siteFields, siteSample } from '../records/siteRecord.js';
import { customerListKey } from '../triggers/customerListTrigger.js';
import { productListKey } from '../triggers/productListTriggers.js';
import { siteListKey } from '../triggers/siteListTrigger.js';

export const registerAccountKey = 'register_account';

interface RegisteredAccount {
  customer: Record<string, unknown>;
  membership: Record<string, unknown>;
  payment: Record<string, unknown> | null;
  site: Record<string, unknown> | null;
}

const paymentStatuses = { pending: 'Pending', completed: 'Completed' };

function accountItem(account: RegisteredAccount, context: { timeZone: string }) {
  return {
    ...prefixedItem('customer', recordItem(customerFields, account.customer, context)),
    ...prefixedItem('membership', recordItem(membershipFields, account.membership, context)),
    ...prefixedItem('payment', recordItem(paymentFields, account.payment ?? {}, context)),
    ...prefixedItem('site', recordItem(siteFields, account.site ?? {}, context)),
  };
}

async function perform(z: ZObject, bundle: Bundle) {
  const input = bundle.inputData as Record<string, unknown>;
  const customerId = integer(input, 'customer_id');
  const newCustomer = defined({ email: text(input, 'email'), username: text(input, 'username'), password: text(input, 'password') });
  if (customerId === undefined && Object.keys(newCustomer).length < 3) {
    throw new z.errors.Error('Customer: pick an existing Customer, or fill in Email, Username and Password for a new one.', 'InvalidInput', 400);
  }
  const siteUrl = text(input, 'site_url');
  const products = list(input, 'products').map((product) => (/^\d+$/.test(product) ? Number(product) : product));
  const account = await networkRequest<RegisteredAccount>(z, bundle, {
    method: 'POST',
    path: '/v1/network/register',
    json: defined({
      ...(customerId !== undefined ? { customer_id: customerId } : { customer: newCustomer }),
      products,
      membership_status: text(input, 'membership_status'),
      payment_status: text(input, 'payment_status'),
      date_expiration: text(input, 'date_expiration'),
      auto_renew: boolean(input, 'auto_renew'),
      site: siteUrl ? defined({ site_url: siteUrl, site_title: text(input, 'site_title') ?? siteUrl, publish: boolean(input, 'publish'), template_id: integer(input, 'template_id') }) : undefined,
    }),
  });
  // The e-mail and username just given are the new customer's (the plugin's customer record holds the user id only).
  const customer = { ...account.customer, email: account.customer.email ?? newCustomer.email ?? null, username: account.customer.username ?? newCustomer.username ?? null };
  return accountItem({ ...account, customer }, mappingContext(bundle));
}

export const registerAccount: Create = {
  key: registerAccountKey,
  noun: 'Account',
  display: { label: 'Register Account', description: 'Registers a customer with a plan, a payment and optionally a new site, like a checkout.' },
  operation: {
    perform,
    inputFields: [
      { key: 'customer_id', label: 'Existing Customer', type: 'integer', required: false, dynamic: `${customerListKey}.id.name`, search: 'find_customer.id', helpText: 'Register for a customer who already exists. Empty: a new customer is made from Email, Username and Password.' },
      { key: 'email', label: 'Email', type: 'string', required: false, helpText: "New customer's e-mail address (needed without an Existing Customer)." },
      { key: 'username', label: 'Username', type: 'string', required: false, helpText: "New customer's WordPress username, at least 4 characters (needed without an Existing Customer)." },
      { key: 'password', label: 'Password', type: 'password', required: false, helpText: "New customer's password, at least 6 characters (needed without an Existing Customer)." },
      { key: 'products', label: 'Products', type: 'string', required: true, list: true, dynamic: `${productListKey}.id.name`, helpText: 'The plan, plus any packages or services. IDs or slugs work too.' },
      { key: 'membership_status', label: 'Membership Status', type: 'string', required: false, choices: membershipStatuses, default: 'pending', helpText: "Active: the network's cron publishes the site at its next run (the step's Site ID is empty until then); Pending waits for a payment." },
      { key: 'payment_status', label: 'Payment Status', type: 'string', required: false, choices: paymentStatuses, default: 'pending', helpText: 'Completed when the customer already paid elsewhere (e.g. in Stripe).' },
      { key: 'date_expiration', label: 'Expiration Date', type: 'datetime', required: false, helpText: "When the membership expires. Empty: from the plan's billing period." },
      { key: 'auto_renew', label: 'Auto Renew', type: 'boolean', required: false, helpText: 'Whether the membership renews by itself.' },
      { key: 'site_url', label: 'Site Address', type: 'string', required: false, helpText: 'Creates a site: the sub-domain or sub-directory, at least 4 lowercase letters or digits (`acme` for acme.network.example). Empty: no site.' },
      { key: 'site_title', label: 'Site Title', type: 'string', required: false, helpText: 'The new site\'s title, at least 4 characters. Empty: the Site Address.' },
      { key: 'template_id', label: 'Template Site', type: 'integer', required: false, dynamic: `${siteListKey}.id.name`, helpText: "The template the site is copied from. Empty: the plan's template." },
      { key: 'publish', label: 'Publish Site Now', type: 'boolean', required: false, helpText: "Ultimate Multisite 2.4.13 ignores it: the network's cron publishes the site once the membership is active." },
    ],
    sample: accountItem({ customer: customerSample, membership: membershipSample, payment: paymentSample, site: siteSample }, { timeZone: 'UTC' }),
    outputFields: [
      ...prefixedFields('customer', 'Customer', customerFields),
      ...prefixedFields('membership', 'Membership', membershipFields),
      ...prefixedFields('payment', 'Payment', paymentFields),
      ...prefixedFields('site', 'Site', siteFields),
    ],
  },
};
