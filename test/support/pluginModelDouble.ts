/**
 * The plugin's model routes for the REST API double (/customer, /membership, /payment, /site, /product and
 * /register), answering as the live 2.4.13-beta.1 plugin does. Every answer has the keys and value types of the
 * live answer to the same request (recorded in test/fixtures/ultimate-multisite-live/rest-api/models/, and checked
 * against the live plugin by test/live/pluginDoubleAgreement.test.ts), filled with the double's own records:
 * - every model route is the Rest_Api trait: GET /{model} runs the model query with the request's parameters
 *   (column = value, `meta_query`, `search` over the model's searchable columns, `orderby`, `order`) paged by
 *   `per_page` (10 by default, at most 100) and `page`, which overwrite `number` and `offset`; POST /{model}
 *   answers the record it saved; PUT /{model}/{id} calls set_<field> for each field, found as PHP finds methods
 *   (any case), the model validating the value (a status it does not have: 500 `status`); unknown field: 400
 *   wu_rest_<model>_invalid_set_method; unknown id: 404 wu_rest_<model>_invalid_id "Item not found.";
 * - WordPress checks the route's schema first: a required field missing → 400 rest_missing_callback_param, a
 *   value outside its enum → 400 rest_invalid_param. A membership's `status` is checked against the *payment*
 *   statuses (the plugin's Enum caches one list for both), so `active` is refused there;
 * - POST /customer runs wu_create_customer(): the WordPress user with that e-mail is attached, else one is created
 *   from username + e-mail (a username taken: 500 `user`); a user who is a customer already: 500 `user_id` "User
 *   id N has been used"; `vip` is not saved, `meta` is;
 * - POST /register: customer_id or customer {email, username, password, meta}, products, membership {status,
 *   date_expiration}, payment {status}, site {site_url, site_title}; the site stays pending until the network's
 *   cron publishes it (publishPendingSites()), and the answer's site id is then the main site's ("1", the plugin
 *   looks the pending site up by path); an unknown customer_id → 500 'customer_not_found'; no product → 400
 *   invalid_cart "Products are required.".
 */
import { liveModelAnswers } from './pluginFixtures.ts';

export type DoubleRecord = Record<string, unknown> & { id: number };
type Send = (status: number, json: unknown) => void;

export interface DoubleUser {
  ID: number;
  user_login: string;
  user_email: string;
}

export interface PluginModels {
  users: DoubleUser[];
  customers: Map<number, DoubleRecord>;
  memberships: Map<number, DoubleRecord>;
  payments: Map<number, DoubleRecord>;
  sites: Map<number, DoubleRecord>;
  products: Map<number, DoubleRecord>;
  /** The network's cron: publishes the sites /register left pending. */
  publishPendingSites(): void;
  /** Answers a model route; false when the route is not one of them. */
  handle(method: string, route: string, query: URLSearchParams, body: string, send: Send): boolean;
}

const now = '2026-11-29 23:10:04';
const membershipStatuses = ['pending', 'active', 'trialing', 'expired', 'on-hold', 'cancelled'];
const paymentStatuses = ['pending', 'completed', 'refunded', 'partially-refunded', 'partially-paid', 'failed', 'cancelled', 'draft'];

/** What WordPress's REST server checks before the plugin runs: required fields and enums of the route's schema. */
interface RouteSchema {
  required: string[];
  enums: Record<string, string[]>;
}

const createSchemas: Record<string, RouteSchema> = {
  customer: { required: ['user_id', 'email_verification', 'type'], enums: { email_verification: ['verified', 'pending', 'none'], type: ['customer'] } },
  membership: { required: ['customer_id', 'plan_id'], enums: { status: paymentStatuses, duration_unit: ['day', 'month', 'week', 'year'] } },
  payment: { required: ['customer_id', 'membership_id', 'subtotal', 'total', 'status'], enums: { status: paymentStatuses } },
  site: { required: ['site_id', 'title', 'name', 'description', 'path', 'customer_id', 'membership_id', 'type'], enums: { type: ['default', 'site_template', 'customer_owned', 'pending', 'external', 'main'] } },
  product: { required: ['name', 'type'], enums: { type: ['plan', 'package', 'service'] } },
};

/** Columns each model's to_array() has, with their defaults (the model's properties). */
const columns: Record<string, Record<string, unknown>> = {
  customer: { user_id: 0, date_registered: now, email_verification: 'none', last_login: now, has_trialed: false, vip: false, ips: null, extra_information: '', type: 'customer', signup_form: 'by-admin' },
  membership: { customer_id: 0, user_id: 0, plan_id: 0, addon_products: [], currency: 'USD', duration: 1, duration_unit: 'month', amount: 0, initial_amount: 0, date_activated: null, date_trial_end: null, date_renewed: null, date_cancellation: null, date_expiration: null, date_payment_plan_completed: null, auto_renew: false, times_billed: 0, billing_cycles: 0, status: 'pending', gateway_customer_id: '', gateway_subscription_id: '', gateway: '', signup_method: '', upgraded_from: 0, disabled: false, recurring: true },
  payment: { customer_id: 0, membership_id: 0, parent_id: 0, currency: 'USD', subtotal: 0, refund_total: 0, tax_total: 0, discount_code: '', total: 0, status: 'pending', gateway: '', product_id: 0, gateway_payment_id: '', discount_total: 0, invoice_number: 0, cancel_membership_on_refund: false },
  site: { blog_id: 0, site_id: 1, title: '', name: '', description: '', domain: '127.0.0.1', path: '/', registered: now, last_updated: now, active: true, public: true, archived: false, mature: false, spam: false, deleted: false, lang_id: 0, customer_id: 0, membership_id: 0, template_id: 0, type: 'customer_owned', categories: [], featured_image_id: 0, signup_options: [], signup_meta: [] },
  product: { name: '', slug: '', description: '', currency: 'USD', pricing_type: 'paid', trial_duration: 0, trial_duration_unit: 'day', duration: 1, duration_unit: 'month', amount: 0, setup_fee: 0, active: true, type: 'plan', parent_id: 0, recurring: true, billing_cycles: 0, featured_image_id: 0, customer_role: 'administrator', network_id: null },
};

function record(model: string, id: number, fields: Record<string, unknown>): DoubleRecord {
  const own = Object.fromEntries(Object.keys(columns[model]).map((key) => [key, fields[key] ?? columns[model][key]]));
  const meta = typeof fields.meta === 'object' && fields.meta !== null ? { meta: fields.meta } : {};
  return { id, model, slug: typeof fields.slug === 'string' ? fields.slug : '', date_created: now, date_modified: now, migrated_from_id: 0, ...own, ...meta } as DoubleRecord;
}

type Answer = Record<string, unknown>;
const answer = (name: string): Answer => liveModelAnswers.get(name)!.payload;

/** What the plugin fills in as it happens (dates; a customer's IPs at a login): null in one recorded answer, set in another. */
const filledLater = new Set(['date_activated', 'date_trial_end', 'date_renewed', 'date_cancellation', 'date_expiration', 'date_payment_plan_completed', 'ips']);

/** `value` written as the live answer writes `key` (an id "3" or 3, a flag "1", true or false; null where it sends null). */
function asTypeOf(key: string, example: unknown, value: unknown): unknown {
  if (value === undefined) return Array.isArray(example) ? [] : typeof example === 'object' && example !== null ? {} : example;
  if (example === null) return filledLater.has(key) ? value : null;
  if (value === null) return value;
  if (Array.isArray(example)) return Array.isArray(value) ? value : [];
  if (typeof example === 'object') return typeof value === 'object' && !Array.isArray(value) ? value : {};
  if (typeof example === 'string') return typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
  if (typeof example === 'number') return typeof value === 'boolean' ? Number(value) : Number.isFinite(Number(value)) ? Number(value) : value;
  if (typeof example === 'boolean') return typeof value === 'string' && value !== '' ? value !== '0' && value !== 'false' : Boolean(value);
  return value;
}

/** The double's record in the keys and types of the live answer `template` (keys it does not model: empty). */
function like(template: Answer, values: Record<string, unknown>): Answer {
  return Object.fromEntries(Object.entries(template).map(([key, example]) => [key, asTypeOf(key, example, values[key])]));
}

/** Which recorded answer each model route's answer looks like. */
const answerShapes: Record<string, { post: string; get: string; put: string }> = {
  customer: { post: 'customer-post', get: 'customer-get', put: 'customer-put' },
  membership: { post: 'membership-post', get: 'membership-get', put: 'membership-put' },
  payment: { post: 'payment-get', get: 'payment-get', put: 'payment-get' },
  site: { post: 'site-get', get: 'site-get', put: 'site-get' },
  product: { post: 'product-get', get: 'product-get', put: 'product-get' },
};
const shaped = (model: string, kind: 'post' | 'get' | 'put', stored: DoubleRecord) => like(answer(answerShapes[model][kind]), stored);

/** What the plugin's models validate themselves on save (reached through PUT's setters, past the route's schema). */
const modelChecks: Record<string, Record<string, { allowed: string[]; message: string }>> = {
  membership: { status: { allowed: membershipStatuses, message: answer('membership-put-status-setter').message as string } },
};

/** Customers' columns the plugin's search looks in (its schema's searchable columns). */
const searchable: Record<string, string[]> = { customer: ['id', 'user_id', 'type', 'ips', 'signup_form'] };

function missingParams(params: string[]) {
  return { code: 'rest_missing_callback_param', message: `Missing parameter(s): ${params.join(', ')}`, data: { status: 400, params } };
}

function invalidParams(reasons: Record<string, string>) {
  return { code: 'rest_invalid_param', message: `Invalid parameter(s): ${Object.keys(reasons).join(', ')}`, data: { status: 400, params: reasons, details: {} } };
}

function checkSchema(schema: RouteSchema, input: Record<string, unknown>, requireAll: boolean): unknown {
  const missing = requireAll ? schema.required.filter((key) => input[key] === undefined) : [];
  if (missing.length) return missingParams(missing);
  const reasons: Record<string, string> = {};
  for (const [key, allowed] of Object.entries(schema.enums)) {
    if (input[key] !== undefined && !allowed.includes(String(input[key]))) reasons[key] = `${key} is not one of ${allowed.slice(0, -1).join(', ')}, and ${allowed.at(-1)}.`;
  }
  return Object.keys(reasons).length ? invalidParams(reasons) : null;
}

const setters: Record<string, Set<string>> = Object.fromEntries(Object.entries(columns).map(([model, fields]) => [model, new Set(Object.keys(fields))]));
/** PHP finds set_STATUS as set_status: a field's setter, whatever the case it was sent in. */
const setterFor = (model: string, key: string): string | undefined => [...setters[model]].find((column) => column.toLowerCase() === key.toLowerCase());

export function pluginModels(): PluginModels {
  const users: DoubleUser[] = [{ ID: 1, user_login: 'admin', user_email: 'admin@network.example' }];
  const tables: Record<string, Map<number, DoubleRecord>> = { customer: new Map(), membership: new Map(), payment: new Map(), site: new Map(), product: new Map() };
  const nextId: Record<string, number> = { customer: 1, membership: 1, payment: 1, site: 2, product: 1 };
  const insert = (model: string, fields: Record<string, unknown>): DoubleRecord => {
    const id = nextId[model]++;
    const saved = record(model, id, model === 'site' ? { ...fields, blog_id: id } : fields);
    tables[model].set(id, saved);
    return saved;
  };

  /** wu_create_customer(): attach the user with that e-mail (or that user_id), else create one. */
  const createCustomer = (input: Record<string, unknown>): { record: DoubleRecord } | { refusal: unknown } => {
    let user = users.find((candidate) => typeof input.email === 'string' && candidate.user_email.toLowerCase() === input.email.toLowerCase())
      ?? users.find((candidate) => candidate.ID === Number(input.user_id));
    if (!user) {
      const login = String(input.username ?? '').toLowerCase();
      if (!login || !input.email || users.some((candidate) => candidate.user_login === login)) {
        const refusal = answer('customer-post-user');
        return { refusal: { ...refusal, data: like(refusal.data as Answer, { ...input, user_id: input.user_id ?? 0 }) } };
      }
      user = { ID: users.length + 1, user_login: login, user_email: String(input.email) };
      users.push(user);
    }
    const userId = user.ID;
    if ([...tables.customer.values()].some((customer) => customer.user_id === userId)) {
      return { refusal: { ...answer('customer-post-user-used'), message: `User id ${userId} has been used` } };
    }
    // wu_create_customer() saves the user, verification, meta and dates: not vip.
    const { vip: _ignored, ...saved } = input;
    return { record: insert('customer', { ...saved, user_id: userId, meta: { ...(input.meta as object | undefined) } }) };
  };

  const list = (model: string, query: URLSearchParams, send: Send): void => {
    const perPage = Number(query.get('per_page') ?? '10');
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) return send(400, answer('per-page-too-big'));
    const page = Math.max(1, Number(query.get('page') ?? '1') || 1);
    const filters = [...query.entries()].filter(([key]) => setters[model].has(key) || key === 'id');
    const search = query.get('search')?.replace(/^\*|\*$/g, '').toLowerCase();
    const metaQuery = [...query.keys()].filter((key) => /^meta_query\[\d+\]\[key\]$/.test(key)).map((key) => [query.get(key)!, query.get(key.replace('[key]', '[value]')) ?? ''] as const);
    let rows = [...tables[model].values()]
      .filter((row) => filters.every(([key, value]) => String(row[key]) === value))
      .filter((row) => metaQuery.every(([key, value]) => String((row.meta as Record<string, unknown> | undefined)?.[key] ?? '').toLowerCase() === value.toLowerCase()))
      .filter((row) => !search || Object.entries(row).some(([key, value]) => (searchable[model]?.includes(key) ?? true) && ['string', 'number'].includes(typeof value) && String(value).toLowerCase().includes(search)));
    const orderby = query.get('orderby') ?? 'id';
    rows = rows.sort((a, b) => (Number(a[orderby]) - Number(b[orderby])) * (query.get('order') === 'asc' ? 1 : -1));
    send(200, rows.slice((page - 1) * perPage, page * perPage).map((row) => shaped(model, 'get', row)));
  };

  const pendingSites: Record<string, unknown>[] = [];
  const publishPendingSites = () => {
    for (const site of pendingSites.splice(0)) insert('site', site);
  };

  const register = (input: Record<string, unknown>, send: Send) => {
    const products = Array.isArray(input.products) ? input.products : [];
    const customerInput = input.customer as Record<string, unknown> | undefined;
    if (input.customer_id === undefined && !customerInput) return send(400, { code: 'customer_id', message: 'The Customer Id is required without Customer', data: { status: 400 } });
    if (!products.length) return send(400, { code: 'invalid_cart', message: 'Products are required.', data: { status: 400 } });
    const plans = products.map((ref) => [...tables.product.values()].find((product) => product.id === Number(ref) || product.slug === ref));
    if (plans.some((plan) => !plan)) return send(400, { code: 'invalid_cart', message: 'Products are required.', data: { status: 400 } });
    const site = input.site as Record<string, unknown> | undefined;
    if (site && [...tables.site.values(), ...pendingSites].some((existing) => existing.path === `/${String(site.site_url)}/`)) {
      return send(500, { code: 'blogname', message: 'Sorry, that site already exists!', data: null });
    }
    let customer: DoubleRecord | undefined;
    if (input.customer_id !== undefined) {
      customer = tables.customer.get(Number(input.customer_id));
      if (!customer) return send(500, { code: 'customer_not_found', message: 'The customer id sent does not correspond to a valid customer.', data: null });
    } else {
      const created = createCustomer({ ...customerInput, email_verification: 'none', type: 'customer', vip: undefined });
      if ('refusal' in created) return send(500, created.refusal);
      customer = created.record;
    }
    // Register_Endpoint logs the customer in (update_last_login with the IP).
    customer.ips = ['127.0.0.1'];
    const plan = plans[0]!;
    const membershipInput = (input.membership ?? {}) as Record<string, unknown>;
    const membership = insert('membership', {
      customer_id: customer.id, user_id: customer.user_id, plan_id: plan.id, amount: plan.amount, initial_amount: plan.amount, currency: plan.currency,
      duration: input.duration ?? plan.duration, duration_unit: input.duration_unit ?? plan.duration_unit, auto_renew: input.auto_renew ?? false,
      status: membershipInput.status ?? 'pending', date_expiration: membershipInput.date_expiration ?? now, recurring: plan.recurring,
    });
    const statusChanged = membership.status !== 'pending';
    const payment = insert('payment', {
      customer_id: customer.id, membership_id: membership.id, product_id: plan.id, currency: plan.currency, subtotal: plan.amount, total: plan.amount,
      status: ((input.payment ?? {}) as Record<string, unknown>).status ?? 'pending',
    });
    let siteAnswer: Record<string, unknown> = { id: 0 };
    if (site) {
      pendingSites.push({ title: site.site_title, name: site.site_title, path: `/${String(site.site_url)}/`, customer_id: customer.id, membership_id: membership.id, template_id: Number(site.template_id ?? 0) });
      // The plugin looks the pending site up by path after a status change and finds the main site.
      const live = answer('register').site as Answer;
      siteAnswer = like(live, { domain: '127.0.0.1', path: `/${String(site.site_url)}`, title: site.site_title, template_id: Number(site.template_id ?? 0), customer_id: customer.id, membership_id: membership.id, type: 'customer_owned', id: statusChanged ? '1' : 0 });
    }
    const recorded = answer('register');
    return send(200, { membership: like(recorded.membership as Answer, membership), customer: like(recorded.customer as Answer, customer), payment: like(recorded.payment as Answer, payment), site: siteAnswer });
  };

  const handle = (method: string, route: string, query: URLSearchParams, body: string, send: Send): boolean => {
    if (route === '/register') {
      if (method === 'GET') send(200, { registration_status: 'open' });
      else if (method === 'POST') register(JSON.parse(body || '{}') as Record<string, unknown>, send);
      else return false;
      return true;
    }
    const match = /^\/(customer|membership|payment|site|product)(?:\/(\d+))?$/.exec(route);
    if (!match) return false;
    const [, model, idText] = match;
    const table = tables[model];
    if (!idText) {
      if (method === 'GET') list(model, query, send);
      else if (method === 'POST') {
        const input = JSON.parse(body || '{}') as Record<string, unknown>;
        const refused = checkSchema(createSchemas[model], input, true);
        if (refused) send(400, refused);
        else if (model === 'customer') {
          const created = createCustomer(input);
          if ('refusal' in created) send(500, created.refusal);
          else send(200, shaped(model, 'post', created.record));
        } else if (model === 'membership') {
          // wu_create_membership(): without an expiration date, it expires now.
          send(200, shaped(model, 'post', insert(model, { date_expiration: now, ...input })));
        } else send(200, shaped(model, 'post', insert(model, input)));
      } else return false;
      return true;
    }
    const stored = table.get(Number(idText));
    if (!stored) {
      send(404, { code: `wu_rest_${model}_invalid_id`, message: 'Item not found.', data: { status: 404 } });
      return true;
    }
    if (method === 'GET') send(200, shaped(model, 'get', stored));
    else if (method === 'PUT' || method === 'PATCH' || method === 'POST') {
      const input = JSON.parse(body || '{}') as Record<string, unknown>;
      const refused = checkSchema(createSchemas[model], input, false);
      if (refused) {
        send(400, refused);
        return true;
      }
      const unknown = Object.keys(input).find((key) => key !== 'meta' && !setterFor(model, key));
      if (unknown) {
        const className = `WP_Ultimo\\Models\\${model[0].toUpperCase()}${model.slice(1)}`;
        send(400, { code: `wu_rest_${model}_invalid_set_method`, message: `The ${className} object does not have a set_${unknown} method`, data: { status: 400 } });
        return true;
      }
      const changes = Object.fromEntries(Object.entries(input).map(([key, value]) => [key === 'meta' ? key : setterFor(model, key)!, value]));
      const invalid = Object.entries(changes).find(([key, value]) => modelChecks[model]?.[key] && !modelChecks[model][key].allowed.includes(String(value)));
      if (invalid) {
        send(500, { code: invalid[0], message: modelChecks[model][invalid[0]].message, data: null });
        return true;
      }
      const { meta, ...columnsChanged } = changes;
      Object.assign(stored, columnsChanged, { date_modified: now }, meta ? { meta: { ...(stored.meta as object | undefined), ...(meta as object) } } : {});
      send(200, shaped(model, 'put', stored));
    } else if (method === 'DELETE') {
      table.delete(stored.id);
      send(200, 1); // the rows deleted
    } else return false;
    return true;
  };

  // The plans and add-on a typical network sells: the double's starting catalogue.
  insert('product', { name: 'Starter Plan', slug: 'starter', type: 'plan', amount: 19, duration: 1, duration_unit: 'month' });
  insert('product', { name: 'Business Plan', slug: 'business', type: 'plan', amount: 49, duration: 1, duration_unit: 'month' });
  insert('product', { name: 'SEO Package', slug: 'seo-package', type: 'package', amount: 9, duration: 1, duration_unit: 'month' });

  return { users, customers: tables.customer, memberships: tables.membership, payments: tables.payment, sites: tables.site, products: tables.product, publishPendingSites, handle };
}
