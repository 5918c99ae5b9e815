/**
 * Every trigger's items from what a live Ultimate Multisite network really posts (test/fixtures/…/events, recorded
 * from plugin 2.4.13-beta.1): through a real relay to the Zap's hook URL, signed, into perform; and the same
 * event through performList. Typed values (ISO dates, numbers, booleans), names, avatar URL, nested shapes flattened.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { startTestRelay, type TestRelay } from '../support/testRelay.ts';
import { authDataFor, hookBundle, operationOf, run, type Item } from './support/zapier.ts';

const liveBody = (slug: string): string => fs.readFileSync(new URL(`../fixtures/ultimate-multisite-live/events/${slug}.json`, import.meta.url), 'utf8');
const livePayment = JSON.parse(liveBody('payment_received')) as Record<string, unknown>;
const pick = (source: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((key) => [key, source[key]]));
const membershipAndCustomer = Object.keys(livePayment).filter((key) => /^(membership|customer)_/.test(key));

/** The three events the recording has no live body of: the live payment's values in the event's own keys. */
const livelike: Record<string, string> = {
  invoice_sent: JSON.stringify({ payment_url: 'http://localhost:18080/register/?payment=JJJ3D441JD', invoice_message: 'Your invoice for November.', ...pick(livePayment, Object.keys(livePayment).filter((key) => /^(payment|customer)_/.test(key))), wu_version: '2.4.13-beta.1' }),
  payment_failed: JSON.stringify({ ...pick(livePayment, membershipAndCustomer), payment_gateway: 'stripe', wu_version: '2.4.13-beta.1' }),
  membership_expired: JSON.stringify({ ...pick(livePayment, membershipAndCustomer), membership_status: 'expired', wu_version: '2.4.13-beta.1' }),
};
const slugs = ['payment_received', 'site_published', 'confirm_email_address', 'domain_created', 'renewal_payment_created', 'demo_site_expiring', ...Object.keys(livelike)];
const bodyOf = (slug: string) => livelike[slug] ?? liveBody(slug);

let relay: TestRelay;
let zapHook: Receiver;
let authData: { relay_url: string; api_key: string };
const items = new Map<string, { fromHook: Item; fromList: Item }>();

beforeAll(async () => {
  relay = await startTestRelay();
  zapHook = await startReceiver();
  authData = authDataFor(relay);
  for (const slug of slugs) {
    const operation = operationOf(slug);
    const subscribeData = await run(operation.performSubscribe, { authData, targetUrl: `${zapHook.url}?zap=${slug}` });
    const ingested = await (await relay.ingest(slug, bodyOf(slug))).json();
    expect(ingested, slug).toMatchObject({ test: false, deliveries: 1 });
    const request = await (async () => {
      for (;;) {
        const found = zapHook.requests.find((candidate) => candidate.headers['x-um-event'] === slug);
        if (found) return found;
        await zapHook.waitFor(zapHook.requests.length + 1);
      }
    })();
    expect(request.body, slug).toBe(bodyOf(slug));
    const [fromHook] = await run<Item[]>(operation.perform, hookBundle(request, { authData, subscribeData }));
    const [fromList] = await run<Item[]>(operation.performList, { authData, meta: { isLoadingSample: true } });
    items.set(slug, { fromHook, fromList });
  }
}, 60_000);
afterAll(async () => {
  await relay.stop();
  await zapHook.close();
});

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
const gravatar = 'https://secure.gravatar.com/avatar/afebf23c57d3f3f6abbfa28e2bb78072775c320447efc9666d07d42fcf53b149?s=40&d=identicon&r=g';

describe('items from live events', () => {
  it.each(slugs)('%s: perform and performList give the same item, with exactly the trigger’s output fields, typed', (slug) => {
    const { fromHook, fromList } = items.get(slug)!;
    expect(fromList).toEqual(fromHook);
    const fields = operationOf(slug).outputFields as { key: string; type: string }[];
    expect(Object.keys(fromHook)).toEqual(fields.map((field) => field.key));
    for (const field of fields) {
      const value = fromHook[field.key];
      if (value === null) continue;
      const expected = { integer: 'number', number: 'number', boolean: 'boolean', datetime: 'string', string: 'string' }[field.type];
      expect(typeof value, `${slug}.${field.key}`).toBe(expected);
      if (field.type === 'integer') expect(Number.isInteger(value), `${slug}.${field.key}`).toBe(true);
      if (field.type === 'datetime') expect(value, `${slug}.${field.key}`).toMatch(isoDateTime);
    }
  });

  it('Payment Received: amounts as numbers with the formatted text beside, ids as numbers, ISO dates, names and avatar URL', () => {
    expect(items.get('payment_received')!.fromHook).toMatchObject({
      event: 'payment_received',
      payment_id: 5,
      payment_status: 'completed',
      payment_total: 29.9,
      payment_total_formatted: '$ 29.90',
      payment_tax_total: 0,
      payment_currency: 'USD',
      payment_product_names: 'Plan "A" & <b>more</b> / ünïcode',
      payment_date_created: '2026-11-29T22:35:47+00:00',
      membership_id: 3,
      membership_amount: 29.99,
      membership_amount_formatted: '$ 29.99',
      membership_date_expiration: '2026-12-29T22:35:46+00:00',
      customer_id: 3,
      customer_user_id: 4,
      customer_name: 'custbe7894',
      customer_first_name: 'custbe7894',
      customer_last_name: null,
      customer_avatar_url: gravatar,
      customer_billing_address: null,
      wu_version: '2.4.13-beta.1',
    });
    expect(items.get('payment_received')!.fromHook).not.toHaveProperty('payment_total_raw');
    expect(items.get('payment_received')!.fromHook).not.toHaveProperty('customer_avatar');
  });

  it('New Domain Mapping: the plugin’s "true"/"false" strings are booleans', () => {
    expect(items.get('domain_created')!.fromHook).toMatchObject({ domain_id: 3, domain_domain: 'shop-fcfcaa.example.com', domain_site_id: 5, domain_active: true, domain_primary: false, domain_secure: false, domain_date_created: '2026-11-29T22:35:47+00:00', site_id: 5 });
  });

  it('Site Published: the empty site_url is the site’s address, from its dashboard URL', () => {
    expect(items.get('site_published')!.fromHook).toMatchObject({ site_id: 5, site_title: 'Site e3e2b7', site_url: 'http://localhost:18080/sitee3e2b7/', site_admin_url: 'http://localhost:18080/sitee3e2b7/wp-admin/' });
  });

  it('Demo Site Expiring: the nested live shape fills the flat fields (site, membership, customer, plan)', () => {
    expect(items.get('demo_site_expiring')!.fromHook).toMatchObject({
      site_id: 5,
      site_title: 'Site e3e2b7',
      site_url: 'http://localhost:18080/sitee3e2b7/',
      membership_id: 3,
      membership_status: 'expired',
      membership_amount: 29.99,
      membership_currency: 'USD',
      membership_date_expiration: '2026-12-29T22:35:46+00:00',
      membership_plan_name: 'Premium',
      customer_id: 3,
      customer_user_id: 4,
      customer_email_verification: 'pending',
      demo_expires_at: '2026-11-29T23:35:49+00:00',
      demo_time_remaining: '1 hour',
    });
    const item = items.get('demo_site_expiring')!.fromHook;
    // Its customer is only the plugin's columns: who it is comes from what the network's payment event said of customer 3.
    expect(item).toMatchObject({
      customer_name: 'custbe7894', customer_user_email: 'custbe7894@example.com', customer_avatar_url: gravatar,
      customer_manage_url: livePayment.customer_manage_url, membership_reference_code: 'HHHHKND2WC', membership_manage_url: livePayment.membership_manage_url,
    });
    for (const key of ['site', 'membership', 'customer']) expect(item).not.toHaveProperty(key);
  });

  it('Email Verification Needed and New Renewal Payment keep their own links and statuses', () => {
    expect(items.get('confirm_email_address')!.fromHook).toMatchObject({ verification_link: 'http://localhost:18080?email-verification-key=OOOB3MGOJA&customer=888N3A9QAG', customer_email_verification: 'pending', customer_id: 3 });
    expect(items.get('renewal_payment_created')!.fromHook).toMatchObject({ payment_id: 6, payment_status: 'pending', payment_total: 29.99, default_payment_url: 'http://localhost:18080/register/?payment=JJJ3D441J2', membership_status: 'on-hold' });
  });

  it('a connection set to the network’s zone reads the plugin’s dates in it', async () => {
    const [item] = await run<Item[]>(operationOf('payment_received').performList, { authData: { ...authData, time_zone: 'America/New_York' }, meta: { isLoadingSample: true } });
    expect(item.payment_date_created).toBe('2026-11-29T22:35:47-05:00');
  });
});
