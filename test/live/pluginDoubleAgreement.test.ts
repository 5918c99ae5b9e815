/**
 * The REST API double (test/support/pluginApiDouble.ts, pluginModelDouble.ts) agrees with the live plugin: every
 * kind of request the relay makes of a network (networkConnection.ts, networkActions.ts; the live suite drives
 * each), sent to both, answers with the same status and the same shape (keys, and the JSON type of each value,
 * one level into nested records). Fails, listing every difference, when either drifts.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startPluginApiDouble, type PluginApiDouble } from '../support/pluginApiDouble.ts';
import { describeLive, pluginApiAt, requireLiveNetwork } from './support/liveNetwork.ts';

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
      else if (JSON.stringify(shape(live.body)) !== JSON.stringify(shape(twin.body))) differences.push({ step: step.name, shape: { live: shape(live.body), double: shape(twin.body) } });
    }
    expect(differences).toEqual([]);
  });
});
