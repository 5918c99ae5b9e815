/**
 * Every Zapier action, search and dropdown, run as Zapier runs them (createAppTester) against a relay connected
 * to a real network, then read back from the plugin's REST API: what the action said it did is what the network
 * now holds, and a search finds what the actions made.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { app, authDataFor, operationOf, run } from '../connector/support/zapier.ts';
import { until } from '../support/until.ts';
import { connectLive, cron, describeLive, disconnectLive, pluginApi, startLiveRelay, type LiveRelay } from './support/liveNetwork.ts';

type Item = Record<string, unknown>;
const tag = () => randomBytes(4).toString('hex');
/** What Zapier shows for a refused step: zapier-platform-core's error, its message the JSON of message, code, status. */
const refusal = (step: Promise<unknown>) => step.then(
  () => { throw new Error('the step succeeded'); },
  (error: Error) => JSON.parse(error.message) as { message: string; code: string; status: number },
);
const futureIso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

describeLive('actions and searches on a live network', () => {
  let relay: LiveRelay;
  const create = (key: string, inputData: Item) => run<Item>(app.creates[key].operation.perform, { authData: authDataFor(relay), inputData });
  const search = (key: string, inputData: Item) => run<Item[]>(app.searches[key].operation.perform, { authData: authDataFor(relay), inputData });
  const dropdown = (key: string) => run<{ id: number; name: string }[]>(operationOf(key).perform, { authData: authDataFor(relay), inputData: {} });
  const plugin = async (path: string) => {
    const answer = await pluginApi(path);
    expect(answer.status).toBe(200);
    return answer.body as Item;
  };
  /** The live plan the tests buy: Premium, 29.99 USD a month (start.sh's setup wizard). */
  let plan: { id: number; amount: number; currency: string };

  beforeAll(async () => {
    relay = await startLiveRelay();
    await connectLive(relay);
    const plans = await dropdown('plan_list');
    const premium = (await pluginApi('/product?per_page=100')).body as Item[];
    const paid = premium.find((product) => product.type === 'plan' && Number(product.amount) > 0)!;
    plan = { id: Number(paid.id), amount: Number(paid.amount), currency: String(paid.currency) };
    expect(plans.map((choice) => choice.id)).toContain(plan.id);
  });
  afterAll(async () => {
    await disconnectLive(relay).catch(() => undefined);
    await relay?.stop();
  });

  it('Create Customer makes the customer the network then holds; Find Customer finds it by e-mail and by username', async () => {
    const name = `zap${tag()}`;
    const customer = await create('create_customer', { email: `${name}@example.com`, username: name, password: 'correct-horse-9', vip: 'yes' });
    expect(customer).toMatchObject({ email: `${name}@example.com`, username: name, vip: true });
    expect(await plugin(`/customer/${customer.id}`)).toMatchObject({ user_id: String(customer.user_id), vip: '1' });

    expect(await search('find_customer', { email: `${name.toUpperCase()}@example.com` })).toMatchObject([{ id: customer.id, user_id: customer.user_id, email: `${name}@example.com` }]);
    expect(await search('find_customer', { username: name })).toMatchObject([{ id: customer.id, username: name }]);
    expect(await search('find_customer', { email: `${name}@example.com`, username: name })).toMatchObject([{ id: customer.id }]);
    expect(await search('find_customer', { email: `${name}@example.com`, username: `${name}x` })).toEqual([]);
    expect(await search('find_customer', { email: `nobody-${name}@example.com` })).toEqual([]);
    expect((await dropdown('customer_list')).map((choice) => choice.id)).toContain(customer.id);
  });

  it('Create Customer with an e-mail that is a customer already: a clear refusal naming that customer, never the plugin\'s words', async () => {
    const name = `dup${tag()}`;
    const first = await create('create_customer', { email: `${name}@example.com`, username: name, password: 'correct-horse-9' });
    const again = await refusal(create('create_customer', { email: `${name}@example.com`, username: `${name}b`, password: 'correct-horse-9' }));
    expect(again).toMatchObject({ status: 409, code: 'customer_exists', message: `email: ${name}@example.com is already customer ${first.id} (WordPress user ${first.user_id})'s: use that customer (Find Customer, or Find or Create Customer) instead of creating one` });
    expect(await refusal(create('create_customer', { email: `other-${name}@example.com`, username: name, password: 'correct-horse-9' }))).toMatchObject({
      status: 409, code: 'username_taken', message: `username: the network already has a WordPress user named "${name}" (with another e-mail): choose another username`,
    });
  });

  it('Create Membership with status active and no price: active on the network, at the plan\'s price and currency, expiring a period from now', async () => {
    const name = `mem${tag()}`;
    const customer = await create('create_customer', { email: `${name}@example.com`, username: name, password: 'correct-horse-9' });
    const membership = await create('create_membership', { customer_id: String(customer.id), plan_id: String(plan.id), status: 'active' });
    expect(membership).toMatchObject({ customer_id: customer.id, plan_id: plan.id, status: 'active', amount: plan.amount, currency: plan.currency, duration: 1, duration_unit: 'month' });
    expect(membership.date_expiration).toMatch(futureIso);
    expect(Date.parse(String(membership.date_expiration))).toBeGreaterThan(Date.now() + 20 * 86_400_000);
    const held = await plugin(`/membership/${membership.id}`);
    expect(held).toMatchObject({ status: 'active', currency: plan.currency });
    expect([Number(held.customer_id), Number(held.amount)]).toEqual([customer.id, plan.amount]);

    for (const status of ['trialing', 'on-hold']) {
      expect(await create('update_membership', { membership_id: String(membership.id), status })).toMatchObject({ id: membership.id, status });
      expect(await plugin(`/membership/${membership.id}`)).toMatchObject({ status });
    }
    const updated = await create('update_membership', { membership_id: String(membership.id), status: 'active', date_expiration: '2031-06-30T00:00:00Z' });
    expect(updated).toMatchObject({ status: 'active', date_expiration: expect.stringMatching(/^2031-06-30T00:00:00/) });
    expect(await plugin(`/membership/${membership.id}`)).toMatchObject({ status: 'active', date_expiration: '2031-06-30 00:00:00' });
    await expect(create('update_membership', { membership_id: String(membership.id), status: 'paused' })).rejects.toThrow(/status: .*The Status only allows 'pending', 'active'/);
    // Created at a status memberships do not have: refused, and nothing left behind.
    await expect(create('create_membership', { customer_id: String(customer.id), plan_id: String(plan.id), status: 'paused' })).rejects.toThrow(/status: .*The Status only allows/);
    expect(((await pluginApi(`/membership?customer_id=${customer.id}`)).body as Item[]).map((held) => Number(held.id))).toEqual([membership.id]);

    // Find Membership: by the reference code the action answered (the plugin's own code for this id), and by customer.
    expect(membership.reference_code).toMatch(/^[A-Z0-9]{10}$/);
    expect(await search('find_membership', { reference_code: String(membership.reference_code).toLowerCase() })).toMatchObject([{ id: membership.id, status: 'active' }]);
    expect(await search('find_membership', { customer_id: String(customer.id) })).toMatchObject([{ id: membership.id }]);
  });

  it('the API-only routes: a payment and a site made for a membership, the customer read by id, payments found by customer and by membership', async () => {
    const name = `api${tag()}`;
    const customer = await create('create_customer', { email: `${name}@example.com`, username: name, password: 'correct-horse-9' });
    const membership = await create('create_membership', { customer_id: String(customer.id), plan_id: String(plan.id), status: 'active' });
    const api = async (path: string, init?: { method: string; json: unknown }) => {
      const answer = await relay.api(path, init);
      expect(answer.status, `${path}: ${await answer.clone().text()}`).toBe(init ? 201 : 200);
      return (await answer.json()) as Item & { data: Item[] };
    };

    expect(await api(`/v1/network/customers/${customer.id}`)).toMatchObject({ id: customer.id, user_id: customer.user_id });

    const payment = await api('/v1/network/payments', { method: 'POST', json: { customer_id: customer.id, membership_id: membership.id, total: plan.amount, status: 'completed', currency: plan.currency, product_id: plan.id } });
    expect(payment).toMatchObject({ customer_id: customer.id, membership_id: membership.id, total: plan.amount, subtotal: plan.amount, status: 'completed' });
    const heldPayment = await plugin(`/payment/${payment.id}`);
    expect(heldPayment).toMatchObject({ status: 'completed', currency: plan.currency });
    expect([Number(heldPayment.customer_id), Number(heldPayment.membership_id), Number(heldPayment.total)]).toEqual([customer.id, membership.id, plan.amount]);
    expect((await api(`/v1/network/payments?customer_id=${customer.id}`)).data.map((found) => found.id)).toEqual([payment.id]);
    expect((await api(`/v1/network/payments?membership_id=${membership.id}`)).data.map((found) => found.id)).toEqual([payment.id]);

    const site = await api('/v1/network/sites', { method: 'POST', json: { customer_id: customer.id, membership_id: membership.id, title: `Site ${name}`, path: name } });
    expect(site).toMatchObject({ customer_id: customer.id, membership_id: membership.id });
    const heldSites = (await pluginApi(`/site?membership_id=${membership.id}`)).body as Item[];
    expect(heldSites.map((held) => [Number(held.customer_id), Number(held.membership_id)])).toEqual([[customer.id, membership.id]]);
  });

  it("a third search in a row on a relay allowing two calls: Zapier gets ThrottledError with the relay's wait, so it retries", async () => {
    const throttled = await startLiveRelay({ env: { RELAY_NETWORK_CALLS_PER_MINUTE: '1', RELAY_NETWORK_BURST: '2' } });
    try {
      await connectLive(throttled);
      const find = () => run(app.searches.find_payment.operation.perform, { authData: authDataFor(throttled), inputData: { reference_code: 'JJJ3D4413J' } });
      await find();
      await find();
      const error = (await find().then(() => null, (thrown: Error) => thrown))!;
      expect(error.name).toBe('ThrottledError');
      const { message, delay } = JSON.parse(error.message) as { message: string; delay: number };
      expect(delay).toBeGreaterThanOrEqual(1);
      expect(message).toMatch(/HTTP 429\): too many calls to the network/);
    } finally {
      await disconnectLive(throttled);
      await throttled.stop();
    }
  });

  it('Register Account: the site it answers is the one made (pending, then published by the network\'s cron); its payment and customer are found', async () => {
    const name = `reg${tag()}`;
    const account = await create('register_account', {
      email: `${name}@example.com`, username: name, password: 'correct-horse-9', products: [String(plan.id)],
      membership_status: 'active', payment_status: 'completed', site_url: name, site_title: `Site ${name}`, publish: 'true',
    });
    expect(account).toMatchObject({ customer_email: `${name}@example.com`, membership_status: 'active', membership_plan_id: plan.id, payment_status: 'completed' });
    // Pending until a cron tick publishes it: never the main site's id.
    expect(account.site_id).not.toBe(1);
    expect(account.site_path).toMatch(new RegExp(`/${name}/?$`));
    // The network's cron publishes it (an Action Scheduler job): tick until it has.
    const sites = await until(async () => {
      await cron();
      return (await pluginApi(`/site?membership_id=${account.membership_id}`)).body as Item[];
    }, (found) => found.length > 0, { timeoutMs: 60_000 });
    expect(sites).toHaveLength(1);
    expect(sites[0]).toMatchObject({ path: `/${name}/`, customer_id: String(account.customer_id) });

    const again = await search('find_customer', { email: `${name}@example.com` });
    expect(again).toMatchObject([{ id: account.customer_id }]);
    const payments = await search('find_payment', { reference_code: String(account.payment_reference_code) });
    expect(payments).toMatchObject([{ id: account.payment_id, status: 'completed', membership_id: account.membership_id }]);
    expect(await plugin(`/payment/${account.payment_id}`)).toMatchObject({ status: 'completed' });
    expect((await dropdown('site_list')).map((choice) => choice.id)).toContain(Number(sites[0].blog_id));
  });
});
