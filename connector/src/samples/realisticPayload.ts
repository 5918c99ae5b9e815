/**
 * Samples a Zap editor can show before any real event: what a real Ultimate Multisite network sends (plugin
 * formats: "$ 49.00", "2026-03-14 09:26:53", ids as numbers, "true"/"false"), for one plausible customer,
 * membership, payment, site and domain, instead of the plugin's mocked zeros and "John McMocked". Each event's
 * sample takes the keys of its catalog sample and the values from here; they then go through the same field
 * rules as a live event.
 */
import type { Payload } from '../catalog/eventCatalog.js';

const network = 'https://network.example';
const avatar = "<img alt='' src='https://secure.gravatar.com/avatar/6a1f7d0d4d1b1c7c0f5e0c8b8f3c2a91?s=40&#038;d=identicon&#038;r=g' class='avatar avatar-40 photo' height='40' width='40' loading='lazy' decoding='async'/>";

const common: Payload = {
  payment_id: 1042,
  payment_status: 'completed',
  payment_reference_code: 'K7Q2M9XPLD',
  payment_subtotal: '$ 49.00',
  payment_subtotal_raw: 49,
  payment_tax_total: '$ 0.00',
  payment_tax_total_raw: 0,
  payment_total: '$ 49.00',
  payment_total_raw: 49,
  payment_currency: 'USD',
  payment_product_names: 'Business Plan',
  payment_date_created: '2026-03-14 09:26:53',
  payment_gateway: 'stripe',
  payment_invoice_url: `${network}/?action=invoice&reference=K7Q2M9XPLD`,
  payment_manage_url: `${network}/wp-admin/network/admin.php?page=wp-ultimo-edit-payment&id=1042`,
  membership_id: 318,
  membership_status: 'active',
  membership_reference_code: 'MB4W8R2TZN',
  membership_initial_amount: '$ 49.00',
  membership_initial_amount_raw: 49,
  membership_amount: '$ 49.00',
  membership_amount_raw: 49,
  membership_currency: 'USD',
  membership_description: '$ 49.00 / month',
  membership_gateway: 'stripe',
  membership_date_expiration: '2026-04-14 09:26:53',
  membership_manage_url: `${network}/wp-admin/network/admin.php?page=wp-ultimo-edit-membership&id=318`,
  customer_id: 211,
  customer_name: 'Jane Cooper',
  customer_user_id: 57,
  customer_user_email: 'jane.cooper@example.com',
  customer_email_verification: 'verified',
  customer_avatar: avatar,
  customer_billing_address: 'Cooper Design Studio\njane.cooper@example.com\n12 Harbour Street\nBristol\nBS1 4QA\nGB',
  customer_manage_url: `${network}/wp-admin/network/admin.php?page=wp-ultimo-edit-customer&id=211`,
  site_id: 95,
  site_title: 'Cooper Design Studio',
  site_description: 'Portfolio and client work of Cooper Design Studio.',
  site_url: `${network}/cooperdesign/`,
  site_admin_url: `${network}/cooperdesign/wp-admin/`,
  site_manage_url: `${network}/wp-admin/network/admin.php?page=wp-ultimo-edit-site&id=95`,
  domain_id: 27,
  domain_domain: 'cooperdesign.com',
  domain_site_id: 95,
  domain_stage: 'checking-dns',
  domain_active: 'true',
  domain_primary: 'true',
  domain_secure: 'false',
  domain_date_created: '2026-03-14 10:02:11',
  domain_manage_url: `${network}/wp-admin/network/admin.php?page=wp-ultimo-edit-domain&id=27`,
  verification_link: `${network}?email-verification-key=Q8ZL3M1K2P&customer=R4T7Y1U9IO`,
  default_payment_url: `${network}/register/?payment=K7Q2M9XPLD`,
  payment_url: `${network}/register/?payment=K7Q2M9XPLD`,
  invoice_message: 'Here is the invoice for your March website work. Thank you!',
  demo_expires_at: '2026-03-15 09:26:53',
  demo_time_remaining: '1 hour',
  membership_plan_name: 'Business Plan',
  wu_version: '2.4.12',
};

/** Where an event's real values differ from the common story (a renewal is still pending, a demo is on trial…). */
const perEvent: Record<string, Payload> = {
  renewal_payment_created: { payment_id: 1077, payment_status: 'pending', payment_reference_code: 'R2N8V5CQWE', payment_date_created: '2026-04-14 09:26:53', membership_status: 'on-hold' },
  invoice_sent: { payment_id: 1080, payment_status: 'pending', payment_gateway: 'manual', payment_total: '$ 350.00', payment_total_raw: 350, payment_subtotal: '$ 350.00', payment_subtotal_raw: 350, payment_product_names: 'Custom Design Work' },
  payment_failed: { membership_status: 'on-hold' },
  membership_expired: { membership_status: 'expired', membership_date_expiration: '2026-04-14 09:26:53' },
  confirm_email_address: { customer_email_verification: 'pending' },
  demo_site_expiring: { membership_status: 'trialing', membership_amount: '$ 0.00', membership_amount_raw: 0, membership_initial_amount: '$ 0.00', membership_initial_amount_raw: 0, membership_description: 'Free demo' },
};

/** The catalog sample's keys (plus `extraKeys`) with realistic values; keys this file does not know keep the catalog's value. */
export function realisticPayload(slug: string, catalogSample: Payload, extraKeys: readonly string[] = []): Payload {
  const values = { ...common, ...perEvent[slug] };
  const payload: Payload = {};
  for (const key of [...Object.keys(catalogSample), ...extraKeys]) payload[key] = key in values ? values[key] : (catalogSample[key] ?? null);
  return payload;
}
