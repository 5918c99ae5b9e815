/**
 * `relay network customers | memberships | payments | sites | products | register …`: the network actions from a
 * terminal, thin over the API's /v1/network routes (which check every field and name it when refusing). Each
 * option is the route's field with dashes (`--customer-id` → `customer_id`); finds print a table (`--json`: the
 * records), one record or a registration prints the relay's JSON answer.
 */
import { usageError } from '../../cliError.ts';
import { jsonOption, type CommandDefinition, type OptionSpec, type OptionValues } from '../../commandDefinition.ts';
import { connectToRelay } from '../../relayClient.ts';

type Row = Record<string, unknown>;

interface ActionSpec {
  name: string;
  summary: string;
  method: 'GET' | 'POST' | 'PATCH';
  /** Under /v1/network; `{id}` is the positional argument. */
  path: string;
  /** API field → its description; booleans take true/false. */
  fields: Record<string, string>;
  booleans?: string[];
  /** For finds: the columns of the table. */
  columns?: string[];
  examples?: string[];
}

const option = (field: string) => field.replaceAll('_', '-');
const cell = (value: unknown) => (value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));

function flagValue(field: string, value: string): boolean {
  if (value === 'true' || value === 'false') return value === 'true';
  throw usageError(`--${option(field)} must be true or false, not "${value}"`);
}

/** The given options as the route's fields (only those given: the API applies its defaults). */
function fieldsFrom(spec: ActionSpec, values: OptionValues): Record<string, string | boolean> {
  const fields: Record<string, string | boolean> = {};
  for (const field of Object.keys(spec.fields)) {
    const value = values[option(field)];
    if (typeof value !== 'string') continue;
    fields[field] = spec.booleans?.includes(field) ? flagValue(field, value) : value;
  }
  return fields;
}

function actionCommand(spec: ActionSpec): CommandDefinition {
  const options: Record<string, OptionSpec> = Object.fromEntries(
    Object.entries(spec.fields).map(([field, description]) => [option(field), { type: 'string', valueName: spec.booleans?.includes(field) ? 'true|false' : field.endsWith('_id') ? 'id' : 'value', description }]),
  );
  const takesId = spec.path.includes('{id}');
  return {
    name: spec.name,
    summary: spec.summary,
    positionals: takesId ? [{ name: 'id', description: 'the record id on the network', required: true }] : undefined,
    options: { ...options, ...jsonOption },
    examples: spec.examples,
    async run({ values, positionals, out, env }) {
      const fields = fieldsFrom(spec, values);
      const path = `/v1/network${spec.path.replace('{id}', encodeURIComponent(positionals[0] ?? ''))}`;
      const relay = await connectToRelay(env, out);
      const query = spec.method === 'GET' ? new URLSearchParams(Object.entries(fields).map(([key, value]) => [key, String(value)])).toString() : '';
      const { json } = await relay.request<Row | { data: Row[] }>(spec.method, query ? `${path}?${query}` : path, spec.method === 'GET' ? undefined : fields);
      const rows = spec.columns && 'data' in json && Array.isArray(json.data) ? (json.data as Row[]) : null;
      if (values.json || !rows) return void out.json(rows ?? json);
      if (rows.length === 0) return void out.line('Nothing found.');
      out.table(spec.columns!.map((column) => column.toUpperCase().replaceAll('_', ' ')), rows.map((row) => spec.columns!.map((column) => cell(row[column]))));
    },
  };
}

const group = (name: string, summary: string, specs: ActionSpec[]): CommandDefinition => ({ name, summary, subcommands: specs.map(actionCommand) });

const customerColumns = ['id', 'email', 'username', 'user_id', 'email_verification', 'date_registered'];
const membershipColumns = ['id', 'reference_code', 'customer_id', 'plan_id', 'status', 'amount', 'currency', 'date_expiration'];
const paymentColumns = ['id', 'reference_code', 'customer_id', 'membership_id', 'status', 'total', 'currency', 'date_created'];

export const customers = group('customers', 'Find, show and add customers on the network', [
  { name: 'find', summary: 'Customers with this e-mail or username', method: 'GET', path: '/customers', fields: { email: 'e-mail address', username: 'WordPress username' }, columns: customerColumns, examples: ['relay network customers find --email jane@example.com'] },
  { name: 'newest', summary: 'The newest 100 customers', method: 'GET', path: '/customers/newest', fields: {}, columns: customerColumns },
  { name: 'show', summary: 'One customer', method: 'GET', path: '/customers/{id}', fields: {} },
  {
    name: 'add', summary: 'Add a customer (the WordPress user with that e-mail, or a new one)', method: 'POST', path: '/customers',
    fields: { email: 'e-mail address', username: 'WordPress username (at least 4 characters)', password: 'without one, WordPress e-mails a link to set it', email_verification: 'none, pending or verified', vip: 'true or false' },
    booleans: ['vip'], examples: ['relay network customers add --email jane@example.com --username jane'],
  },
]);

export const memberships = group('memberships', 'Find, add and change memberships on the network', [
  { name: 'find', summary: "A customer's memberships, or the one with this reference code", method: 'GET', path: '/memberships', fields: { customer_id: 'the customer', reference_code: "the membership's reference code" }, columns: membershipColumns },
  {
    name: 'add', summary: 'Add a membership for a customer on a plan', method: 'POST', path: '/memberships',
    fields: { customer_id: 'the customer', plan_id: 'the plan (relay network products --type plan)', status: 'pending, active, trialing, on-hold, expired or cancelled', amount: 'e.g. 29.90', currency: 'e.g. USD', duration: 'billing period length', duration_unit: 'day, week, month or year', recurring: 'true or false', auto_renew: 'true or false', date_expiration: 'e.g. 2026-12-31' },
    booleans: ['recurring', 'auto_renew'], examples: ['relay network memberships add --customer-id 3 --plan-id 1 --status active'],
  },
  { name: 'update', summary: "Change a membership's status, plan or expiration", method: 'PATCH', path: '/memberships/{id}', fields: { status: 'the new status', plan_id: 'the new plan', date_expiration: 'e.g. 2026-12-31' }, examples: ['relay network memberships update 5 --status cancelled'] },
]);

export const payments = group('payments', 'Find and add payments on the network', [
  { name: 'find', summary: 'The payment with this reference code, or those of a customer or membership', method: 'GET', path: '/payments', fields: { reference_code: "the payment's reference code", customer_id: 'the customer', membership_id: 'the membership' }, columns: paymentColumns },
  {
    name: 'add', summary: 'Record a payment for a membership', method: 'POST', path: '/payments',
    fields: { customer_id: 'the customer', membership_id: 'the membership', total: 'e.g. 29.90', status: 'pending, completed, refunded, failed, …', subtotal: 'defaults to the total', currency: 'e.g. USD', product_id: 'the product paid for', gateway: 'e.g. stripe', gateway_payment_id: "the payment's id at the gateway" },
    examples: ['relay network payments add --customer-id 3 --membership-id 5 --total 29.90 --status completed'],
  },
]);

export const sites = group('sites', 'Find and add sites on the network', [
  { name: 'find', summary: "A customer's or membership's sites", method: 'GET', path: '/sites', fields: { customer_id: 'the owner', membership_id: 'the membership' }, columns: ['id', 'title', 'domain', 'path', 'customer_id', 'membership_id'] },
  { name: 'add', summary: 'Add a site for a customer and membership', method: 'POST', path: '/sites', fields: { customer_id: 'the owner', membership_id: 'the membership', title: 'the site title', path: 'e.g. /acme/', domain: 'sub-domain networks' } },
]);

export const products = actionCommand({ name: 'products', summary: "The network's products (plans first for a registration)", method: 'GET', path: '/products', fields: { type: 'plan, package or service' }, columns: ['id', 'name', 'slug', 'type', 'amount', 'currency', 'duration', 'duration_unit'] });

/** `register`: customer + membership + payment + site in one transaction; nested fields come from flat options. */
export const register: CommandDefinition = {
  name: 'register',
  summary: "Register an account as the network's checkout does: customer, membership, payment and site in one go",
  options: {
    'customer-id': { type: 'string', valueName: 'id', description: 'an existing customer (or --email, --username, --password for a new one)' },
    email: { type: 'string', valueName: 'address', description: "the new customer's e-mail" },
    username: { type: 'string', valueName: 'name', description: "the new customer's username" },
    password: { type: 'string', valueName: 'password', description: "the new customer's password" },
    products: { type: 'string', valueName: 'id,…', description: 'product ids or slugs, the plan first' },
    'membership-status': { type: 'string', valueName: 'status', description: 'e.g. active' },
    'payment-status': { type: 'string', valueName: 'status', description: 'e.g. completed' },
    'date-expiration': { type: 'string', valueName: 'date', description: 'e.g. 2026-12-31' },
    'discount-code': { type: 'string', valueName: 'code', description: 'a discount code' },
    'site-url': { type: 'string', valueName: 'name', description: 'the site address (sub-domain or sub-directory)' },
    'site-title': { type: 'string', valueName: 'title', description: 'the site title' },
  },
  examples: ['relay network register --email jane@example.com --username jane --password s3cret! --products 1 --site-url janesite --site-title "Jane\'s site"'],
  async run({ values, out, env }) {
    const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
    const products = text('products')?.split(',').map((product) => product.trim()).filter(Boolean);
    if (!products?.length) throw usageError('give --products (product ids or slugs, the plan first): "relay network products --type plan" lists them');
    const [email, username, password] = [text('email'), text('username'), text('password')];
    const siteUrl = text('site-url');
    const body = {
      ...(text('customer-id') ? { customer_id: text('customer-id') } : {}),
      ...(email || username || password ? { customer: { email, username, password } } : {}),
      products,
      ...(text('membership-status') ? { membership_status: text('membership-status') } : {}),
      ...(text('payment-status') ? { payment_status: text('payment-status') } : {}),
      ...(text('date-expiration') ? { date_expiration: text('date-expiration') } : {}),
      ...(text('discount-code') ? { discount_code: text('discount-code') } : {}),
      ...(siteUrl || text('site-title') ? { site: { site_url: siteUrl, site_title: text('site-title') } } : {}),
    };
    const relay = await connectToRelay(env, out);
    out.json((await relay.request<Row>('POST', '/v1/network/register', body)).json);
  },
};
