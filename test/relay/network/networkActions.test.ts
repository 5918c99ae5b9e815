/**
 * Doing things on the connected network through /v1/network/…: a real relay over real HTTP, calling the plugin's
 * REST API double with the credentials it stores.
 */
import { describe, expect, it } from 'vitest';
import { relayConnectedToPluginDouble } from '../../support/pluginApiDouble.ts';
import { startTestRelay } from '../../support/testRelay.ts';
import { liveRealEvents } from '../../support/pluginFixtures.ts';

const suite = relayConnectedToPluginDouble();

const post = (path: string, json: unknown) => suite.relay.api(path, { method: 'POST', json });
const lastRequest = (path: string) => suite.plugin.requests.filter((request) => request.path.split('?')[0] === `/wp-json/wu/v2${path}`).at(-1);
const sentBody = (path: string) => JSON.parse(lastRequest(path)?.body ?? 'null') as Record<string, unknown>;

async function createCustomer(email: string, username: string): Promise<{ id: number; user_id: number }> {
  const response = await post('/v1/network/customers', { email, username, password: 'correct-horse-9' });
  expect(response.status).toBe(201);
  return response.json();
}

/** The network telling the relay about a payment, as it does live (payment_received, real body shape). */
async function paymentEvent(fields: Record<string, unknown>): Promise<void> {
  const response = await suite.relay.ingest('payment_received', { ...liveRealEvents.get('payment_received')!.payload, ...fields });
  expect(response.status).toBe(202);
}

describe('network actions without a connection', () => {
  it('answers 409 network_not_connected, saying to connect the network in the relay first', async () => {
    await suite.relay.api('/v1/network?force=true', { method: 'DELETE' });
    const response = await suite.relay.api('/v1/network/products');
    expect(response.status).toBe(409);
    const body = await response.json();
    expect(body.error.code).toBe('network_not_connected');
    expect(body.error.message).toMatch(/connect your network in the relay first/);
  });
});

describe('products', () => {
  it('lists the plans with ids, amounts and flags typed (the plugin reads them back as strings)', async () => {
    const response = await suite.relay.api('/v1/network/products?type=plan');
    expect(response.status).toBe(200);
    const { data } = await response.json();
    expect(data).toEqual([
      expect.objectContaining({ id: 1, name: 'Starter Plan', slug: 'starter', type: 'plan', amount: 19, duration: 1, duration_unit: 'month', recurring: true, active: true }),
      expect.objectContaining({ id: 2, name: 'Business Plan', type: 'plan', amount: 49 }),
    ]);
    expect(lastRequest('/product')?.path).toContain('type=plan');
  });
});

describe('customers', () => {
  it('creates a customer: the plugin gets user_id 0, type and e-mail verification with the e-mail and username, and meta to find it by', async () => {
    const customer = await createCustomer('Jane.Cooper@example.com', 'janecooper');
    expect(sentBody('/customer')).toEqual({
      user_id: 0, type: 'customer', email_verification: 'none', email: 'Jane.Cooper@example.com', username: 'janecooper', password: 'correct-horse-9',
      meta: { um_relay_email: 'jane.cooper@example.com', um_relay_username: 'janecooper' },
    });
    expect(customer).toMatchObject({ id: 1, user_id: 2, email: 'Jane.Cooper@example.com', username: 'janecooper', email_verification: 'none', vip: false });
    expect(suite.plugin.models.users.find((user) => user.user_email === 'Jane.Cooper@example.com')?.user_login).toBe('janecooper');
  });

  it('a VIP: set after creating, as the plugin does not save vip when it creates a customer', async () => {
    const response = await post('/v1/network/customers', { email: 'vip@example.com', username: 'vipcustomer', vip: true });
    expect(await response.json()).toMatchObject({ vip: true });
    expect(lastRequest('/customer/1')).toMatchObject({ method: 'PUT', body: '{"vip":true}' });
    expect(suite.plugin.models.customers.get(1)).toMatchObject({ vip: true });
  });

  it('names the field at fault before calling the network', async () => {
    const response = await post('/v1/network/customers', { email: 'not-an-email', username: 'janecooper' });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ code: 'invalid_request', field: 'email', message: expect.stringMatching(/^email: /) });
    expect(lastRequest('/customer')).toBeUndefined();
  });

  it('already exists: 409 naming the customer an e-mail belongs to, or the username taken; never the plugin\'s words', async () => {
    const first = await createCustomer('first@example.com', 'taken-name');
    const again = await post('/v1/network/customers', { email: 'first@example.com', username: 'another-name' });
    expect(again.status).toBe(409);
    expect((await again.json()).error).toEqual({ code: 'customer_exists', field: 'email', message: `email: first@example.com is already customer ${first.id} (WordPress user ${first.user_id})'s: use that customer (Find Customer, or Find or Create Customer) instead of creating one` });
    const taken = await post('/v1/network/customers', { email: 'second@example.com', username: 'taken-name' });
    expect(taken.status).toBe(409);
    expect((await taken.json()).error).toEqual({ code: 'username_taken', field: 'username', message: 'username: the network already has a WordPress user named "taken-name" (with another e-mail): choose another username' });
  });

  it('finds the customers it created by e-mail (any case) and by username, through their meta', async () => {
    const jane = await createCustomer('jane.cooper@example.com', 'janecooper');
    await createCustomer('jane.cooper@example.org', 'janeorg');
    const found = await (await suite.relay.api('/v1/network/customers?email=JANE.COOPER@example.com')).json();
    expect(found.data).toEqual([expect.objectContaining({ id: jane.id, user_id: jane.user_id, email: 'jane.cooper@example.com' })]);
    expect(lastRequest('/customer')?.path).toContain('meta_query%5B0%5D%5Bkey%5D=um_relay_email&meta_query%5B0%5D%5Bvalue%5D=jane.cooper%40example.com&per_page=100');
    const byUsername = await (await suite.relay.api('/v1/network/customers?username=JaneCooper')).json();
    expect(byUsername.data).toEqual([expect.objectContaining({ id: jane.id, username: 'janecooper' })]);
    expect((await (await suite.relay.api('/v1/network/customers?username=janecooper&email=jane.cooper@example.com')).json()).data).toEqual([expect.objectContaining({ id: jane.id })]);
    expect((await (await suite.relay.api('/v1/network/customers?username=janeorg&email=jane.cooper@example.com')).json()).data).toEqual([]);
    expect((await (await suite.relay.api('/v1/network/customers?email=nobody@example.com')).json()).data).toEqual([]);
  });

  it('finds a customer made elsewhere by e-mail from the events the network sent (its REST records carry no e-mail)', async () => {
    suite.plugin.models.customers.set(5, { id: 5, model: 'customer', user_id: 9, type: 'customer', email_verification: 'none', vip: false });
    await paymentEvent({ customer_id: '5', customer_user_email: 'checkout@example.com' });
    const found = await (await suite.relay.api('/v1/network/customers?email=Checkout@example.com')).json();
    expect(found.data).toEqual([expect.objectContaining({ id: 5, user_id: 9, email: 'checkout@example.com' })]);
  });

  it('leaves out a customer the events name but the network deleted since', async () => {
    await paymentEvent({ customer_id: '77', customer_user_email: 'gone@example.com' });
    const found = await (await suite.relay.api('/v1/network/customers?email=gone@example.com')).json();
    expect(found.data).toEqual([]);
    expect(lastRequest('/customer/77')).toBeDefined();
  });

  it('asks for e-mail or username', async () => {
    const response = await suite.relay.api('/v1/network/customers');
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/email or username/);
  });
});

describe('memberships', () => {
  it('creates one at a status its REST schema refuses (active), through the status setter; updates status, plan and expiration (ISO dates sent as the plugin writes them, UTC)', async () => {
    const jane = await createCustomer('jane@example.com', 'janecooper');
    const created = await post('/v1/network/memberships', { customer_id: jane.id, plan_id: 1, status: 'active', amount: 19, date_expiration: '2027-01-31T10:00:00+01:00' });
    expect(created.status).toBe(201);
    const membership = await created.json();
    expect(sentBody('/membership')).toMatchObject({ customer_id: jane.id, plan_id: 1, amount: 19, date_expiration: '2027-01-31 09:00:00' });
    expect(sentBody('/membership')).not.toHaveProperty('status');
    expect(sentBody('/membership/1')).toEqual({ STATUS: 'active' });
    expect(membership).toMatchObject({ id: 1, customer_id: jane.id, plan_id: 1, status: 'active', amount: 19, date_expiration: '2027-01-31 09:00:00', recurring: true });
    expect(suite.plugin.models.memberships.get(1)).toMatchObject({ status: 'active' });

    const updated = await suite.relay.api(`/v1/network/memberships/${membership.id}`, { method: 'PATCH', json: { status: 'cancelled', plan_id: 2, date_expiration: '2027-06-30' } });
    expect(updated.status).toBe(200);
    expect(lastRequest(`/membership/${membership.id}`)?.method).toBe('PUT');
    expect(sentBody(`/membership/${membership.id}`)).toEqual({ plan_id: 2, date_expiration: '2027-06-30 00:00:00', STATUS: 'cancelled' });
    expect(await updated.json()).toMatchObject({ id: membership.id, status: 'cancelled', plan_id: 2, date_expiration: '2027-06-30 00:00:00' });
  });

  it("without price or expiration: the plan's price, currency and period, expiring one period from now", async () => {
    const jane = await createCustomer('jane@example.com', 'janecooper');
    const membership = await (await post('/v1/network/memberships', { customer_id: jane.id, plan_id: 2 })).json();
    expect(membership).toMatchObject({ plan_id: 2, status: 'pending', amount: 49, initial_amount: 49, currency: 'USD', duration: 1, duration_unit: 'month' });
    const expires = Date.parse(`${membership.date_expiration.replace(' ', 'T')}Z`);
    expect(expires).toBeGreaterThan(Date.now() + 27 * 86_400_000);
    expect(expires).toBeLessThan(Date.now() + 32 * 86_400_000);
    const unknownPlan = await post('/v1/network/memberships', { customer_id: jane.id, plan_id: 99 });
    expect(unknownPlan.status).toBe(404);
    expect((await unknownPlan.json()).error.message).toMatch(/^plan 99: the network says: Item not found\./);
  });

  it("a status memberships do not have: 400 naming the field, with the plugin's words", async () => {
    const response = await post('/v1/network/memberships', { customer_id: 1, plan_id: 1, status: 'paused' });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ code: 'network_rejected', field: 'status', message: expect.stringContaining("The Status only allows 'pending', 'active'") });
  });

  it('an unknown membership: 404 with the plugin\'s words', async () => {
    const response = await suite.relay.api('/v1/network/memberships/999', { method: 'PATCH', json: { status: 'active' } });
    expect(response.status).toBe(404);
    expect((await response.json()).error).toMatchObject({ code: 'network_not_found', message: expect.stringContaining('Item not found.') });
  });

  it('finds by customer, and by reference code (the plugin\'s code for its id)', async () => {
    const jane = await createCustomer('jane@example.com', 'janecooper');
    const other = await createCustomer('other@example.com', 'otheruser');
    const mine = await (await post('/v1/network/memberships', { customer_id: jane.id, plan_id: 2 })).json();
    await post('/v1/network/memberships', { customer_id: other.id, plan_id: 1 });
    const byCustomer = await (await suite.relay.api(`/v1/network/memberships?customer_id=${jane.id}`)).json();
    expect(byCustomer.data.map((membership: { id: number }) => membership.id)).toEqual([mine.id]);

    expect(mine.reference_code).toBe('HHHHKND2WG');
    const byCode = await (await suite.relay.api('/v1/network/memberships?reference_code=hhhhknd2wg')).json();
    expect(byCode.data).toEqual([expect.objectContaining({ id: mine.id, customer_id: jane.id, reference_code: 'HHHHKND2WG' })]);
    expect(lastRequest(`/membership/${mine.id}`)?.method).toBe('GET');
    expect((await (await suite.relay.api('/v1/network/memberships?reference_code=JJJ3D4413J')).json()).data).toEqual([]);
  });
});

describe('payments and sites', () => {
  it('finds a payment by reference code, creates one, and finds and creates sites', async () => {
    const jane = await createCustomer('jane@example.com', 'janecooper');
    const membership = await (await post('/v1/network/memberships', { customer_id: jane.id, plan_id: 2 })).json();
    const payment = await post('/v1/network/payments', { customer_id: jane.id, membership_id: membership.id, total: '49.00', status: 'completed', gateway: 'manual' });
    expect(payment.status).toBe(201);
    const created = await payment.json();
    expect(created).toMatchObject({ customer_id: jane.id, membership_id: membership.id, total: 49, subtotal: 49, status: 'completed' });

    expect(created.reference_code).toBe('JJJ3D4413J');
    const found = await (await suite.relay.api('/v1/network/payments?reference_code=jjj3d4413j')).json();
    expect(found.data).toEqual([expect.objectContaining({ id: created.id, reference_code: 'JJJ3D4413J', total: 49, status: 'completed' })]);

    const site = await post('/v1/network/sites', { customer_id: jane.id, membership_id: membership.id, title: 'Jane Design', path: '/janedesign/' });
    expect(site.status).toBe(201);
    expect(sentBody('/site')).toMatchObject({ site_id: 1, type: 'customer_owned', name: 'Jane Design', description: '' });
    const sites = await (await suite.relay.api(`/v1/network/sites?customer_id=${jane.id}`)).json();
    expect(sites.data).toEqual([expect.objectContaining({ title: 'Jane Design', path: '/janedesign/', customer_id: jane.id, membership_id: membership.id, type: 'customer_owned' })]);
  });
});

describe('registering an account', () => {
  it('sends /register the customer, products, membership, payment and site; answers the four records, the site pending until the network publishes it', async () => {
    const response = await post('/v1/network/register', {
      customer: { email: 'sam@example.com', username: 'samsmith', password: 'correct-horse-9' },
      products: [2], membership_status: 'active', payment_status: 'completed', site: { site_url: 'samsite', site_title: 'Sam Site', publish: true },
    });
    expect(response.status).toBe(201);
    expect(sentBody('/register')).toEqual({
      products: [2], auto_renew: false, customer: { email: 'sam@example.com', username: 'samsmith', password: 'correct-horse-9', meta: { um_relay_email: 'sam@example.com', um_relay_username: 'samsmith' } },
      membership: { status: 'active' }, payment: { status: 'completed' }, site: { site_url: 'samsite', site_title: 'Sam Site', publish: true },
    });
    const account = await response.json();
    expect(account.customer).toMatchObject({ id: 1, user_id: 2, email: 'sam@example.com', username: 'samsmith' });
    expect(account.membership).toMatchObject({ customer_id: 1, plan_id: 2, status: 'active', amount: 49 });
    expect(account.payment).toMatchObject({ membership_id: account.membership.id, total: 49, status: 'completed' });
    // The plugin answers the main site's id (1) for a site still pending: the relay answers none yet.
    expect(account.site).toMatchObject({ id: null, title: 'Sam Site', path: '/samsite', customer_id: 1, type: 'customer_owned' });

    suite.plugin.models.publishPendingSites();
    const sites = await (await suite.relay.api(`/v1/network/sites?membership_id=${account.membership.id}`)).json();
    expect(sites.data).toEqual([expect.objectContaining({ id: 2, path: '/samsite/', customer_id: 1 })]);
    expect((await (await suite.relay.api('/v1/network/customers?email=sam@example.com')).json()).data).toEqual([expect.objectContaining({ id: 1 })]);
  });

  it('without a site answers site null; an existing customer by id', async () => {
    const jane = await createCustomer('jane@example.com', 'janecooper');
    const account = await (await post('/v1/network/register', { customer_id: jane.id, products: ['starter'] })).json();
    expect(account.site).toBeNull();
    expect(account.membership).toMatchObject({ customer_id: jane.id, plan_id: 1, status: 'pending' });
  });

  it("refusals in the plugin's words: an unknown customer, a site address taken, customer and customer_id both", async () => {
    const unknown = await post('/v1/network/register', { customer_id: 404, products: [1] });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error.message).toContain('The customer id sent does not correspond to a valid customer.');

    const site = { site_url: 'samsite', site_title: 'Sam Site', publish: true };
    await post('/v1/network/register', { customer: { email: 'a@example.com', username: 'aaaa', password: 'secret-1' }, products: [1], site });
    const taken = await post('/v1/network/register', { customer: { email: 'b@example.com', username: 'bbbb', password: 'secret-1' }, products: [1], site });
    expect(taken.status).toBe(422);
    expect((await taken.json()).error.message).toContain('Sorry, that site already exists!');

    const both = await post('/v1/network/register', { customer_id: 1, customer: { email: 'c@example.com', username: 'cccc', password: 'secret-1' }, products: [1] });
    expect(both.status).toBe(400);
    expect((await both.json()).error.field).toBe('customer');
  });
});

describe('what the relay knows without asking the network', () => {
  it("a customer's, membership's and site's values from the network's newest events about them; codes and admin pages they did not give", async () => {
    await paymentEvent({ customer_id: '3', customer_name: 'Old Name', membership_id: '3' });
    await paymentEvent({ customer_id: '3', customer_name: 'Jane Cooper', customer_user_email: 'jane@example.com', membership_id: '3' });
    suite.plugin.requests.length = 0;
    const known = (await (await suite.relay.api('/v1/network/known?customer_id=3&membership_id=3&site_id=9')).json()).data;
    expect(known).toMatchObject({
      customer_name: 'Jane Cooper', customer_user_email: 'jane@example.com', membership_reference_code: 'HHHHKND2WC',
      customer_manage_url: liveRealEvents.get('payment_received')!.payload.customer_manage_url,
      site_manage_url: `${suite.plugin.url}/wp-admin/network/admin.php?page=wp-ultimo-edit-site&id=9`,
    });
    expect(known).not.toHaveProperty('site_title');
    expect(suite.plugin.requests).toEqual([]);
    expect((await suite.relay.api('/v1/network/known?customer_id=abc')).status).toBe(400);
  });
});

describe('when the network cannot do it', () => {
  it('a revoked key: 422 saying to copy new credentials and connect again', async () => {
    // The admin regenerated the key and secret in the plugin: the ones the relay stored no longer open it.
    const record = await suite.relay.context.store.network.get();
    await suite.relay.context.store.network.save({ ...record!, apiSecret: 'the-old-secret-000000000' });
    const response = await suite.relay.api('/v1/network/products');
    expect(response.status).toBe(422);
    expect((await response.json()).error).toMatchObject({ code: 'network_wrong_credentials', message: expect.stringMatching(/revoked or changed.*connect the network in the relay again/) });
  });

  it('the API switched off since connecting: 422 saying to turn on Enable API', async () => {
    suite.plugin.setApiEnabled(false);
    const response = await suite.relay.api('/v1/network/customers?email=jane@example.com');
    expect(response.status).toBe(422);
    expect((await response.json()).error).toMatchObject({ code: 'network_api_disabled', message: expect.stringContaining('Enable API') });
  });

  it('no answer within RELAY_NETWORK_TIMEOUT: 504; the network down: 502', async () => {
    suite.plugin.setHanging(true);
    const slow = await post('/v1/network/customers', { email: 'jane@example.com', username: 'janecooper' });
    expect(slow.status).toBe(504);
    expect((await slow.json()).error).toMatchObject({ code: 'network_timeout', message: expect.stringMatching(/no answer within 500 ms.*look on the network before trying again/) });
    suite.plugin.setHanging(false);
    await suite.plugin.close();
    const down = await suite.relay.api('/v1/network/products');
    expect(down.status).toBe(502);
    expect((await down.json()).error.code).toBe('network_unreachable');
  });

  it('logs each call without the key, the secret or the request body', async () => {
    await createCustomer('jane.private@example.com', 'janecooper');
    const lines = suite.relay.logs.filter((line) => line.includes('network call'));
    expect(lines.some((line) => line.includes('POST /customer'))).toBe(true);
    const all = suite.relay.logs.join('\n');
    expect(all).not.toContain(suite.plugin.apiSecret);
    expect(all).not.toContain(suite.plugin.apiKey);
    expect(all).not.toContain('jane.private@example.com');
    expect(all).not.toContain('correct-horse-9');
  });
});

describe('rate limit', () => {
  it('a runaway caller gets 429 with Retry-After once the burst is spent; the network never sees those calls', async () => {
    const limited = await startTestRelay({ RELAY_NETWORK_CALLS_PER_MINUTE: '6', RELAY_NETWORK_BURST: '3' });
    try {
      await limited.api('/v1/network', { method: 'PUT', json: { network_url: suite.plugin.url, api_key: suite.plugin.apiKey, api_secret: suite.plugin.apiSecret } });
      suite.plugin.requests.length = 0;
      const statuses: number[] = [];
      let throttled: Response | undefined;
      for (let call = 0; call < 5; call++) {
        const response = await limited.api('/v1/network/products');
        statuses.push(response.status);
        if (response.status === 429) throttled = response;
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(suite.plugin.requests.filter((request) => request.path.startsWith('/wp-json/wu/v2/product'))).toHaveLength(3);
      expect(Number(throttled!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await throttled!.json()).error).toMatchObject({ code: 'network_rate_limited', message: expect.stringContaining('RELAY_NETWORK_CALLS_PER_MINUTE') });
    } finally {
      await limited.api('/v1/network?force=true', { method: 'DELETE' });
      await limited.stop();
    }
  });
});
