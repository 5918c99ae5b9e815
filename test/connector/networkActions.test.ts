/**
 * The Zapier actions, searches and dropdowns, run as Zapier runs them (createAppTester, output checks on) against
 * a real relay connected to the plugin's REST API double.
 */
import { describe, expect, it } from 'vitest';
import { relayConnectedToPluginDouble } from '../support/pluginApiDouble.ts';
import { startTestRelay } from '../support/testRelay.ts';
import { liveRealEvents } from '../support/pluginFixtures.ts';
import { app, authDataFor, operationOf, run } from './support/zapier.ts';

const suite = relayConnectedToPluginDouble();

type Item = Record<string, unknown>;
const create = (key: string, inputData: Item) => run<Item>(app.creates[key].operation.perform, { authData: authDataFor(suite.relay), inputData });
const search = (key: string, inputData: Item) => run<Item[]>(app.searches[key].operation.perform, { authData: authDataFor(suite.relay), inputData });
const dropdown = (key: string) => run<{ id: number; name: string }[]>(operationOf(key).perform, { authData: authDataFor(suite.relay), inputData: {} });
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

async function paymentEvent(fields: Record<string, unknown>): Promise<void> {
  expect((await suite.relay.ingest('payment_received', { ...liveRealEvents.get('payment_received')!.payload, ...fields })).status).toBe(202);
}

describe('Create Customer and Find Customer', () => {
  it('creates a customer: a typed item (ids as numbers, yes/no as booleans, ISO dates)', async () => {
    const customer = await create('create_customer', { email: 'jane.cooper@example.com', username: 'janecooper', password: 'correct-horse-9', vip: 'yes' });
    expect(customer).toEqual({
      id: 1, user_id: 2, email: 'jane.cooper@example.com', username: 'janecooper', email_verification: 'none', vip: true, has_trialed: false,
      signup_form: 'by-admin', date_registered: expect.stringMatching(isoDateTime), last_login: expect.stringMatching(isoDateTime),
    });
    expect(Object.keys(customer)).toEqual(app.creates.create_customer.operation.outputFields!.map((field) => (field as { key: string }).key));
  });

  it('says which customer an e-mail already is, and that a username is taken (never the plugin\'s raw words)', async () => {
    const first = await create('create_customer', { email: 'first@example.com', username: 'taken-name' });
    await expect(create('create_customer', { email: 'first@example.com', username: 'other-name' })).rejects.toThrow(new RegExp(`email: first@example.com is already customer ${first.id} \\(WordPress user ${first.user_id}\\)'s`));
    await expect(create('create_customer', { email: 'second@example.com', username: 'taken-name' })).rejects.toThrow(/username: the network already has a WordPress user named/);
  });

  it('finds what Create Customer made by e-mail (exact, any case), and finds nothing for an unknown one', async () => {
    const jane = await create('create_customer', { email: 'jane.cooper@example.com', username: 'janecooper' });
    await create('create_customer', { email: 'jane.cooper@example.org', username: 'janeorg' });
    const found = await search('find_customer', { email: 'Jane.Cooper@example.com' });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ id: jane.id, email: 'jane.cooper@example.com', user_id: jane.user_id });
    expect(await search('find_customer', { email: 'nobody@example.com' })).toEqual([]);
  });

  it('asks for e-mail or username', async () => {
    await expect(search('find_customer', {})).rejects.toThrow(/Fill in Email or Username/);
  });

  it('Find or Create Customer pairs the search with the create (Zapier: same key as the search)', () => {
    const searchOrCreates = (app as unknown as { searchOrCreates: Record<string, { key: string; search: string; create: string; display: { label: string } }> }).searchOrCreates;
    expect(searchOrCreates.find_customer).toMatchObject({ key: 'find_customer', search: 'find_customer', create: 'create_customer', display: { label: 'Find or Create Customer' } });
    expect(app.searches[searchOrCreates.find_customer.search]).toBeDefined();
    expect(app.creates[searchOrCreates.find_customer.create]).toBeDefined();
  });
});

describe('memberships', () => {
  it('Create Membership from mapped text ("1", "2", an ISO date); Update Membership changes status, plan and expiration', async () => {
    const jane = await create('create_customer', { email: 'jane@example.com', username: 'janecooper' });
    const membership = await create('create_membership', { customer_id: String(jane.id), plan_id: '2', status: 'active', amount: '49', duration: '1', duration_unit: 'month', auto_renew: 'false', date_expiration: '2027-01-31T09:00:00Z' });
    expect(membership).toMatchObject({ id: 1, customer_id: jane.id, plan_id: 2, status: 'active', amount: 49, auto_renew: false, recurring: true, date_expiration: '2027-01-31T09:00:00+00:00' });
    expect(membership.date_created).toMatch(isoDateTime);

    const updated = await create('update_membership', { membership_id: String(membership.id), status: 'on-hold', plan_id: '1', date_expiration: '2027-06-30T00:00:00Z' });
    expect(updated).toMatchObject({ id: membership.id, status: 'on-hold', plan_id: 1, date_expiration: '2027-06-30T00:00:00+00:00' });
    expect(suite.plugin.models.memberships.get(membership.id as number)).toMatchObject({ status: 'on-hold', plan_id: 1, date_expiration: '2027-06-30 00:00:00' });
  });

  it("names the field and shows the plugin's words: a status it does not know, a membership that does not exist", async () => {
    await expect(create('create_membership', { customer_id: '1', plan_id: '1', status: 'paused' })).rejects.toThrow(/status: .*The Status only allows 'pending', 'active'/);
    expect(suite.plugin.models.memberships.size).toBe(0);
    await expect(create('update_membership', { membership_id: '999', status: 'active' })).rejects.toThrow(/Item not found\./);
    await expect(create('update_membership', { membership_id: '1' })).rejects.toThrow(/Nothing to change/);
  });

  it("Find Membership: a customer's, and one by reference code", async () => {
    const jane = await create('create_customer', { email: 'jane@example.com', username: 'janecooper' });
    const membership = await create('create_membership', { customer_id: jane.id, plan_id: 2 });
    expect((await search('find_membership', { customer_id: String(jane.id) })).map((found) => found.id)).toEqual([membership.id]);
    const [found] = await search('find_membership', { reference_code: String(membership.reference_code) });
    expect(found).toMatchObject({ id: membership.id, reference_code: 'HHHHKND2WG', plan_id: 2 });
    expect(await search('find_membership', { reference_code: 'NOPE000000' })).toEqual([]);
  });
});

describe('Find Payment', () => {
  it('finds a payment by reference code, amounts as numbers', async () => {
    const account = await create('register_account', { email: 'sam@example.com', username: 'samsmith', password: 'secret-12', products: ['2'], payment_status: 'completed' });
    expect(account.payment_reference_code).toBe('JJJ3D4413J');
    const [payment] = await search('find_payment', { reference_code: 'JJJ3D4413J' });
    expect(payment).toMatchObject({ id: account.payment_id, reference_code: 'JJJ3D4413J', total: 49, subtotal: 49, status: 'completed', membership_id: account.membership_id });
    expect(payment.date_created).toMatch(isoDateTime);
  });
});

describe('Register Account', () => {
  it('a new customer with a plan, a payment and a site (pending until the network publishes it): one flat item', async () => {
    const account = await create('register_account', {
      email: 'sam@example.com', username: 'samsmith', password: 'secret-12', products: ['2'], membership_status: 'active',
      payment_status: 'completed', site_url: 'samsite', site_title: 'Sam Site', publish: 'true',
    });
    expect(account).toMatchObject({
      membership_id: expect.any(Number), customer_id: 1, customer_email: 'sam@example.com', customer_username: 'samsmith',
      membership_status: 'active', membership_plan_id: 2, membership_amount: 49, payment_status: 'completed', payment_total: 49,
      site_id: null, site_title: 'Sam Site', site_path: '/samsite', site_type: 'customer_owned',
    });
    expect(account.membership_date_created).toMatch(isoDateTime);
    const keys = app.creates.register_account.operation.outputFields!.map((field) => (field as { key: string }).key);
    expect(Object.keys(account).sort()).toEqual([...keys].sort());
  });

  it('an existing customer, no site: site fields empty', async () => {
    const jane = await create('create_customer', { email: 'jane@example.com', username: 'janecooper' });
    const account = await create('register_account', { customer_id: String(jane.id), products: '1' });
    expect(account).toMatchObject({ customer_id: jane.id, membership_plan_id: 1, membership_status: 'pending', site_id: null, site_path: null });
  });

  it('says what is missing, and shows the plugin refusing a site address already taken', async () => {
    await expect(create('register_account', { products: ['1'] })).rejects.toThrow(/pick an existing Customer, or fill in Email, Username and Password/);
    const first = { username: 'aaaa', password: 'secret-12', products: ['1'], site_url: 'samsite', publish: true };
    await create('register_account', { ...first, email: 'a@example.com' });
    await expect(create('register_account', { ...first, email: 'b@example.com', username: 'bbbb' })).rejects.toThrow(/Sorry, that site already exists!/);
  });
});

describe('dropdowns', () => {
  it('plans, products, customers and sites, live from the network', async () => {
    expect(await dropdown('plan_list')).toEqual([{ id: 1, name: 'Starter Plan (19 USD / 1 month)' }, { id: 2, name: 'Business Plan (49 USD / 1 month)' }]);
    expect((await dropdown('product_list')).map((choice) => choice.name)).toEqual(['Starter Plan (plan, 19 USD / 1 month)', 'Business Plan (plan, 49 USD / 1 month)', 'SEO Package (package, 9 USD / 1 month)']);
    await create('register_account', { email: 'sam@example.com', username: 'samsmith', password: 'secret-12', products: ['2'], site_url: 'samsite', site_title: 'Sam Site', publish: true });
    suite.plugin.models.publishPendingSites();
    expect(await dropdown('site_list')).toEqual([{ id: expect.any(Number), name: 'Sam Site (127.0.0.1/samsite/)' }]);
  });

  it("customers newest first, named by the e-mail the network's events gave the relay, else by WordPress user", async () => {
    // A relay of its own: the shared one keeps the other tests' events, which pair customer ids with e-mails.
    const fresh = await startTestRelay();
    try {
      await fresh.api('/v1/network', { method: 'PUT', json: { network_url: suite.plugin.url, api_key: suite.plugin.apiKey, api_secret: suite.plugin.apiSecret } });
      const authData = authDataFor(fresh);
      await run(app.creates.create_customer.operation.perform, { authData, inputData: { email: 'sam@example.com', username: 'samsmith' } });
      await run(app.creates.create_customer.operation.perform, { authData, inputData: { email: 'jane@example.com', username: 'janecooper' } });
      await fresh.ingest('payment_received', { ...liveRealEvents.get('payment_received')!.payload, customer_id: '2', customer_user_email: 'jane@example.com' });
      expect(await run(operationOf('customer_list').perform, { authData, inputData: {} })).toEqual([
        { id: 2, name: 'jane@example.com' },
        { id: 1, name: expect.stringMatching(/^Customer #1 \(WordPress user 2, since \d{4}-\d{2}-\d{2}\)$/) },
      ]);
    } finally {
      await fresh.api('/v1/network?force=true', { method: 'DELETE' });
      await fresh.stop();
    }
  });
});

describe('when the network cannot be used', () => {
  it('no network connected: "connect your network in the relay first"', async () => {
    await suite.relay.api('/v1/network?force=true', { method: 'DELETE' });
    await expect(create('create_customer', { email: 'jane@example.com', username: 'janecooper' })).rejects.toThrow(/connect your network in the relay first/);
    await expect(dropdown('plan_list')).rejects.toThrow(/connect your network in the relay first/);
  });

  it('the key revoked in the plugin: says to copy new credentials and connect again', async () => {
    const record = await suite.relay.context.store.network.get();
    await suite.relay.context.store.network.save({ ...record!, apiSecret: 'the-old-secret-000000000' });
    await expect(search('find_payment', { reference_code: 'JJJ3D441JD' })).rejects.toThrow(/revoked or changed.*connect the network in the relay again/);
  });

  it('the network not answering: says it may or may not have been done', async () => {
    suite.plugin.setHanging(true);
    await expect(create('create_customer', { email: 'jane@example.com', username: 'janecooper' })).rejects.toThrow(/no answer within 500 ms.*look on the network before trying again/);
    suite.plugin.setHanging(false);
  });
});
