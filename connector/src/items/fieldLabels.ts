/** The label Zapier shows for an item field: said the way a network owner would, not the plugin's key spelled out. */
import { fieldLabel } from '../catalog/fieldLabel.js';

const labels: Record<string, string> = {
  id: 'Event ID',
  event: 'Event Type',
  payload_id: 'Payload ID',
  payload_event: 'Payload Event',
  wu_version: 'Ultimate Multisite Version',
  verification_link: 'Email Verification Link',
  default_payment_url: 'Payment Link',
  payment_url: 'Payment Link',
  payment_product_names: 'Payment Products',
  payment_date_created: 'Payment Date',
  payment_invoice_url: 'Invoice URL',
  payment_manage_url: 'Payment Admin URL',
  membership_date_expiration: 'Membership Expiration Date',
  membership_manage_url: 'Membership Admin URL',
  membership_plan_name: 'Membership Plan',
  customer_user_id: 'Customer WordPress User ID',
  customer_user_email: 'Customer Email',
  customer_email_verification: 'Customer Email Verification Status',
  customer_avatar_url: 'Customer Avatar URL',
  customer_billing_address: 'Customer Billing Address (Full Text)',
  customer_billing_company: 'Customer Billing Company',
  customer_billing_email: 'Customer Billing Email',
  customer_billing_street: 'Customer Billing Street',
  customer_billing_locality: 'Customer Billing City, State, ZIP and Country',
  customer_manage_url: 'Customer Admin URL',
  site_admin_url: 'Site Dashboard URL',
  site_manage_url: 'Site Admin URL',
  domain_domain: 'Domain Name',
  domain_active: 'Domain Is Active',
  domain_primary: 'Domain Is Primary',
  domain_secure: 'Domain Uses HTTPS',
  domain_date_created: 'Domain Added Date',
  domain_manage_url: 'Domain Admin URL',
  demo_expires_at: 'Demo Expiration Date',
};

export function itemFieldLabel(key: string): string {
  return labels[key] ?? fieldLabel(key);
}

/** "Payment Total" → "Payment Total (Formatted)": the amount as the network displays it, currency sign included. */
export function formattedLabel(key: string): string {
  return `${itemFieldLabel(key)} (Formatted)`;
}
