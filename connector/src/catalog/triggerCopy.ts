/**
 * What Zapier shows for each trigger, keyed by catalog slug: a short noun, a title-case label and a one-sentence
 * "Triggers when …" description. Only events a stock Ultimate Multisite network actually POSTs, and the relay's
 * own (catalog `canFire`), have a trigger of their own; the others stay reachable through "New Event" (a test keeps this list
 * and the catalog in step).
 */
export interface TriggerCopy {
  noun: string;
  label: string;
  description: string;
}

export const triggerCopy: Readonly<Record<string, TriggerCopy>> = {
  payment_received: { noun: 'Payment', label: 'Payment Received', description: 'Triggers when a payment is recorded on your network (filter by status to keep only completed ones).' },
  site_published: { noun: 'Site', label: 'Site Published', description: "Triggers when a customer's site is created or goes live." },
  confirm_email_address: { noun: 'Email Verification', label: 'Email Verification Needed', description: 'Triggers when a new customer still has to confirm their email address.' },
  domain_created: { noun: 'Domain Mapping', label: 'New Domain Mapping', description: 'Triggers when a customer maps a custom domain to their site.' },
  renewal_payment_created: { noun: 'Payment', label: 'New Renewal Payment', description: 'Triggers when a renewal payment is created for a membership.' },
  invoice_sent: { noun: 'Invoice', label: 'Invoice Sent', description: 'Triggers when a network admin sends an invoice to a customer.' },
  payment_failed: { noun: 'Payment', label: 'Recurring Payment Failed', description: 'Triggers when an automatic renewal payment fails at the payment gateway.' },
  membership_expired: { noun: 'Membership', label: 'Membership Expired', description: 'Triggers when a membership expires.' },
  demo_site_expiring: { noun: 'Demo Site', label: 'Demo Site Expiring', description: 'Triggers when a demo site is about to expire.' },
  relay_webhook_failing: { noun: 'Webhook', label: 'Webhook Failing', description: 'Triggers when a webhook of your relay has been failing for a while, before it is disabled.' },
  relay_webhook_disabled: { noun: 'Webhook', label: 'Webhook Disabled', description: 'Triggers when your relay disables one of its webhooks (410 Gone, or failing too long).' },
};

export const anyEventCopy: TriggerCopy = {
  noun: 'Event',
  label: 'New Event',
  description: 'Triggers when your network sends an event of the type you choose, add-on events included.',
};
