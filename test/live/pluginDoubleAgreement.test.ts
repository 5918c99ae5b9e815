/**
 * The REST API double (test/support/pluginApiDouble.ts, pluginModelDouble.ts) agrees with the live plugin: every
 * kind of request the relay makes of a network (networkConnection.ts, networkActions.ts; the live suite drives
 * each), sent to both, answers with the same status and the same shape (keys, and the JSON type of each value,
 * one level into nested records); and a Zap's actions, searches and dropdowns, run on a relay connected to each
 * (through a recording proxy), make the same requests, answered alike. Fails, listing every difference.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startPluginApiDouble, type PluginApiDouble } from '../support/pluginApiDouble.ts';
import { app, authDataFor, operationOf, run } from '../connector/support/zapier.ts';
import { describeLive, pluginApiAt, requireLiveNetwork, startLiveRelay } from './support/liveNetwork.ts';
import { startRecordingProxy, type Exchange } from './support/recordingProxy.ts';

type Json = unknown;
type Answer = { status: number; body: Json };
/** What earlier steps answered on the same side (ids differ between the two). */
type Context = Record<string, Json>;

interface Step {
  name: string;
  method: string;
  path: (context: Context) => string;
  body?: (context: Context) => unknown;
  /** Keeps what later steps need from this answer. */
  keep?: (answer: Json, context: Context) => void;
}

const typeOf = (value: Json): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** The nested records whose shape counts too: /register's four, and an error's `data`. */
const nestedRecords = new Set(['customer', 'membership', 'payment', 'site', 'data']);

/** key → JSON type, one level into nested records; a list is described by its first element. */
function shape(value: Json, depth = 0): Json {
  if (Array.isArray(value)) return value.length ? ['list of', shape(value[0], depth)] : ['empty list'];
  if (typeOf(value) !== 'object') return typeOf(value);
  const entries = Object.entries(value as Record<string, Json>).sort(([a], [b]) => a.localeCompare(b));
  return Object.fromEntries(entries.map(([key, inner]) => [key, depth < 1 && nestedRecords.has(key) && typeOf(inner) === 'object' ? shape(inner, depth + 1) : typeOf(inner)]));
}

/** Two shapes alike: equal, or one of them an empty list where the other is a list (nothing to compare yet). */
function alike(live: Json, twin: Json): boolean {
  const [a, b] = [shape(live), shape(twin)];
  const emptyList = (value: Json) => Array.isArray(value) && value[0] === 'empty list';
  if ((emptyList(a) && Array.isArray(b)) || (emptyList(b) && Array.isArray(a))) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A request without what differs between two networks: ids in the path, query values. */
function requestShape(exchange: Exchange): string {
  const url = new URL(exchange.path, 'http://network');
  return `${exchange.method} ${url.pathname.replace(/\/\d+(?=\/|$)/g, '/{id}')}?${[...new Set(url.searchParams.keys())].sort().join('&')}`;
}

const id = (answer: Json): number => Number((answer as { id: unknown }).id);
const unique = randomBytes(4).toString('hex');

/** The relay's requests, in the order a Zap's life makes them (connect, act, find, disconnect). */
const steps: Step[] = [
  { name: 'check the credentials', method: 'GET', path: () => '/auth' },
  { name: 'list the events', method: 'GET', path: () => '/hooks' },
  { name: 'list the webhooks', method: 'GET', path: () => '/webhook?per_page=100&page=1' },
  { name: 'create a webhook', method: 'POST', path: () => '/webhook', body: () => ({ name: 'agreement', webhook_url: `http://127.0.0.1:9/ingest/agreement-${unique}/payment_received`, event: 'payment_received', integration: 'agreement', active: true }), keep: (answer, context) => void (context.webhook = id(answer)) },
  { name: 'create a webhook without integration', method: 'POST', path: () => '/webhook', body: () => ({ name: 'agreement', webhook_url: 'http://127.0.0.1:9/ingest/x/payment_received', event: 'payment_received', active: true }) },
  { name: 'read a webhook', method: 'GET', path: (context) => `/webhook/${context.webhook}` },
  { name: 'delete a webhook', method: 'DELETE', path: (context) => `/webhook/${context.webhook}` },
  { name: 'delete a webhook gone', method: 'DELETE', path: (context) => `/webhook/${context.webhook}` },
  { name: 'list the products', method: 'GET', path: () => '/product?per_page=100&orderby=id&order=asc', keep: (answer, context) => void (context.plan = id((answer as Json[]).find((product) => (product as { type: string }).type === 'plan'))) },
  { name: 'read a plan', method: 'GET', path: (context) => `/product/${context.plan}` },
  { name: 'create a customer', method: 'POST', path: () => '/customer', body: () => ({ user_id: 0, type: 'customer', email_verification: 'none', email: `agree${unique}@example.com`, username: `agree${unique}`, password: 'correct-horse-9', meta: { um_relay_email: `agree${unique}@example.com`, um_relay_username: `agree${unique}` } }), keep: (answer, context) => void Object.assign(context, { customer: id(answer), user: (answer as { user_id: unknown }).user_id }) },
  { name: 'create a customer whose e-mail is a customer', method: 'POST', path: () => '/customer', body: () => ({ user_id: 0, type: 'customer', email_verification: 'none', email: `agree${unique}@example.com`, username: `agree${unique}b` }) },
  { name: 'create a customer whose username is taken', method: 'POST', path: () => '/customer', body: () => ({ user_id: 0, type: 'customer', email_verification: 'none', email: `other${unique}@example.com`, username: `agree${unique}`, password: 'correct-horse-9' }) },
  { name: 'set a customer vip', method: 'PUT', path: (context) => `/customer/${context.customer}`, body: () => ({ vip: true }) },
  { name: 'set a field a customer has no setter for', method: 'PUT', path: (context) => `/customer/${context.customer}`, body: () => ({ colour: 'blue' }) },
  { name: 'find customers by meta', method: 'GET', path: () => `/customer?meta_query%5B0%5D%5Bkey%5D=um_relay_email&meta_query%5B0%5D%5Bvalue%5D=agree${unique}%40example.com&meta_query%5B1%5D%5Bkey%5D=um_relay_username&meta_query%5B1%5D%5Bvalue%5D=agree${unique}&per_page=100&orderby=id&order=desc` },
  { name: 'find customers by user id', method: 'GET', path: (context) => `/customer?user_id=${context.user}` },
  { name: 'list the newest customers', method: 'GET', path: () => '/customer?per_page=100&orderby=id&order=desc' },
  { name: 'read a customer', method: 'GET', path: (context) => `/customer/${context.customer}` },
  { name: 'read a customer that does not exist', method: 'GET', path: () => '/customer/987654' },
  { name: 'create a membership', method: 'POST', path: () => '/membership', body: (context) => ({ customer_id: context.customer, plan_id: context.plan, amount: 29.99, initial_amount: 29.99, currency: 'USD', duration: 1, duration_unit: 'month', recurring: true, date_expiration: '2031-01-31 09:00:00' }), keep: (answer, context) => void (context.membership = id(answer)) },
  { name: "set a membership's status through the schema", method: 'PUT', path: (context) => `/membership/${context.membership}`, body: () => ({ status: 'active' }) },
  { name: "set a membership's status through the setter", method: 'PUT', path: (context) => `/membership/${context.membership}`, body: () => ({ STATUS: 'active', date_expiration: '2031-06-30 00:00:00' }) },
  { name: 'set a status memberships do not have', method: 'PUT', path: (context) => `/membership/${context.membership}`, body: () => ({ STATUS: 'paused' }) },
  { name: 'read a membership', method: 'GET', path: (context) => `/membership/${context.membership}` },
  { name: "find a customer's memberships", method: 'GET', path: (context) => `/membership?per_page=100&orderby=id&order=desc&customer_id=${context.customer}` },
  { name: 'register an account with a site', method: 'POST', path: () => '/register', body: (context) => ({ products: [context.plan], auto_renew: false, customer: { email: `reg${unique}@example.com`, username: `reg${unique}`, password: 'correct-horse-9', meta: { um_relay_email: `reg${unique}@example.com` } }, membership: { status: 'active' }, payment: { status: 'completed' }, site: { site_url: `reg${unique}`, site_title: `Site ${unique}`, publish: true } }), keep: (answer, context) => void Object.assign(context, { registeredMembership: id((answer as { membership: Json }).membership), payment: id((answer as { payment: Json }).payment) }) },
  { name: 'register an account for a customer that does not exist', method: 'POST', path: () => '/register', body: (context) => ({ products: [context.plan], customer_id: 987654, membership: { status: 'pending' }, payment: { status: 'pending' } }) },
  { name: 'read a payment', method: 'GET', path: (context) => `/payment/${context.payment}` },
  { name: "find a membership's payments", method: 'GET', path: (context) => `/payment?per_page=100&orderby=id&order=desc&membership_id=${context.registeredMembership}` },
  { name: "find a membership's sites (pending: none yet)", method: 'GET', path: (context) => `/site?per_page=100&orderby=id&order=desc&membership_id=${context.registeredMembership}` },
  { name: 'delete a membership', method: 'DELETE', path: (context) => `/membership/${context.membership}` },
];

/** A Zap's life on the network through one relay: each step as Zapier runs it, a refusal kept as the answer. */
async function zapOn(relay: Awaited<ReturnType<typeof startLiveRelay>>): Promise<void> {
  const authData = authDataFor(relay);
  const step = (fn: unknown, inputData: Record<string, unknown> = {}) => run<Record<string, unknown> & Record<string, unknown>[]>(fn, { authData, inputData }).catch(() => ({}) as never);
  const name = `zap${randomBytes(4).toString('hex')}`;
  const customer = await step(app.creates.create_customer.operation.perform, { email: `${name}@example.com`, username: name, password: 'correct-horse-9', vip: 'yes' });
  await step(app.creates.create_customer.operation.perform, { email: `${name}@example.com`, username: `${name}b`, password: 'correct-horse-9' });
  await step(app.searches.find_customer.operation.perform, { email: `${name}@example.com` });
  await step(app.searches.find_customer.operation.perform, { username: name });
  const plans = (await step(operationOf('plan_list').perform)) as unknown as { id: number; name: string }[];
  const plan = plans.find((choice) => !/\(0 /.test(choice.name)) ?? plans[0];
  const membership = await step(app.creates.create_membership.operation.perform, { customer_id: String(customer.id), plan_id: String(plan.id), status: 'active' });
  await step(app.creates.update_membership.operation.perform, { membership_id: String(membership.id), status: 'on-hold', date_expiration: '2031-06-30T00:00:00Z' });
  await step(app.creates.update_membership.operation.perform, { membership_id: String(membership.id), status: 'paused' });
  await step(app.searches.find_membership.operation.perform, { reference_code: String(membership.reference_code) });
  await step(app.searches.find_membership.operation.perform, { customer_id: String(customer.id) });
  const account = await step(app.creates.register_account.operation.perform, { email: `r${name}@example.com`, username: `r${name}`, password: 'correct-horse-9', products: [String(plan.id)], membership_status: 'active', payment_status: 'completed', site_url: `r${name}`, site_title: `Site ${name}` });
  await step(app.searches.find_payment.operation.perform, { reference_code: String(account.payment_reference_code) });
  await step(operationOf('customer_list').perform);
  await step(operationOf('site_list').perform);
}

describeLive('the plugin API double agrees with the live plugin', () => {
  let double: PluginApiDouble;
  beforeAll(async () => {
    double = await startPluginApiDouble();
  });
  afterAll(async () => {
    await double?.close();
  });

  it('answers every request the relay makes with the status and shape the live plugin answers', async () => {
    const network = requireLiveNetwork();
    const sides = { live: pluginApiAt(network), double: pluginApiAt(double) };
    const contexts: Record<'live' | 'double', Context> = { live: {}, double: {} };
    const differences: unknown[] = [];
    for (const step of steps) {
      const answers = {} as Record<'live' | 'double', Answer>;
      for (const side of ['live', 'double'] as const) {
        const context = contexts[side];
        answers[side] = await sides[side](step.path(context), { method: step.method, json: step.body?.(context) });
        if (answers[side].status < 300) step.keep?.(answers[side].body, context);
      }
      const [live, twin] = [answers.live, answers.double];
      if (live.status !== twin.status) differences.push({ step: step.name, status: { live: live.status, double: twin.status }, live: live.body, double: twin.body });
      else if (!alike(live.body, twin.body)) differences.push({ step: step.name, shape: { live: shape(live.body), double: shape(twin.body) } });
    }
    expect(differences).toEqual([]);
  });

  it("a Zap's actions, searches and dropdowns make the same requests of both, answered with the same statuses and shapes", async () => {
    const network = requireLiveNetwork();
    const sides = { live: { target: network.url, key: network.apiKey, secret: network.apiSecret }, double: { target: double.url, key: double.apiKey, secret: double.apiSecret } };
    const recorded = {} as Record<'live' | 'double', Exchange[]>;
    for (const side of ['live', 'double'] as const) {
      const proxy = await startRecordingProxy(sides[side].target);
      const relay = await startLiveRelay();
      try {
        const connected = await relay.api('/v1/network', { method: 'PUT', json: { network_url: proxy.url, api_key: sides[side].key, api_secret: sides[side].secret } });
        expect(connected.status, side).toBe(200);
        await zapOn(relay);
        await relay.api('/v1/network', { method: 'DELETE' });
      } finally {
        await relay.stop();
        await proxy.close();
      }
      recorded[side] = proxy.exchanges;
    }
    const differences: unknown[] = [];
    for (let index = 0; index < Math.max(recorded.live.length, recorded.double.length); index++) {
      const [live, twin] = [recorded.live[index], recorded.double[index]];
      if (!live || !twin || requestShape(live) !== requestShape(twin)) {
        differences.push({ index, request: { live: live && requestShape(live), double: twin && requestShape(twin) } });
        break; // the sequences part here: what follows is not comparable
      }
      if (live.status !== twin.status) differences.push({ index, request: requestShape(live), status: { live: live.status, double: twin.status }, live: live.body, double: twin.body });
      else if (!alike(live.body, twin.body)) differences.push({ index, request: requestShape(live), shape: { live: shape(live.body), double: shape(twin.body) } });
    }
    expect(differences).toEqual([]);
    expect(recorded.live.length).toBeGreaterThan(30);
  });
});
