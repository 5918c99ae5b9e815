/**
 * The plugin's model routes for the REST API double (/customer, /membership, /payment, /site, /product and
 * /register), answering as Ultimate Multisite's source says they do; none of these answers was recorded live
 * (test/fixtures/ultimate-multisite-live/rest-api/ has only /auth, /hooks and /webhook). From the source:
 * - every model route is the Rest_Api trait: GET /{model} runs the model query with the request's parameters
 *   (column = value, `search`, `number`, `offset`, `orderby`, `order`) and answers the models' to_array(): their
 *   columns only (a customer has user_id, no e-mail; no reference codes), read back from the database, so ids
 *   and flags come as strings, as GET /webhook's do live; POST /{model} answers the record it saved (typed as
 *   sent, integer id); PUT /{model}/{id} calls set_<field> for each field (unknown field: 400
 *   wu_rest_<model>_invalid_set_method); unknown id: 404 wu_rest_<model>_invalid_id "Item not found.";
 * - WordPress checks the route's schema first: a required field missing → 400 rest_missing_callback_param
 *   (`data.params`: the list), a value outside its enum → 400 rest_invalid_param (`data.params`: field → reason);
 * - POST /customer runs wu_create_customer(): the WordPress user with that e-mail is attached, else one is
 *   created from username + e-mail (a username taken: WP_Error 'user' with no status, so WordPress answers 500);
 * - POST /register (Register_Endpoint): customer_id or customer {email, username, password}, products, membership
 *   {status, date_expiration}, payment {status}, site {site_url, site_title, publish}; answers {membership,
 *   customer, payment, site} (site {"id": 0} when none asked for); an unknown customer_id → 'customer_not_found'
 *   and a site URL taken → 'blogname' (no status: 500); no product → 400 invalid_cart "Products are required.".
 */

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
  /** Answers a model route; false when the route is not one of them. */
  handle(method: string, route: string, query: URLSearchParams, body: string, send: Send): boolean;
}

const now = '2026-11-29 23:10:04';
const membershipStatuses = ['pending', 'active', 'trialing', 'expired', 'on-hold', 'cancelled'];
const paymentStatuses = ['pending', 'completed', 'refunded', 'partially-refunded', 'partially-paid', 'failed', 'cancelled'];

/** What WordPress's REST server checks before the plugin runs: required fields and enums of the route's schema. */
interface RouteSchema {
  required: string[];
  enums: Record<string, string[]>;
}

const createSchemas: Record<string, RouteSchema> = {
  customer: { required: ['user_id', 'email_verification', 'type'], enums: { email_verification: ['verified', 'pending', 'none'], type: ['customer'] } },
  membership: { required: ['customer_id', 'plan_id'], enums: { status: membershipStatuses, duration_unit: ['day', 'month', 'week', 'year'] } },
  payment: { required: ['customer_id', 'membership_id', 'subtotal', 'total', 'status'], enums: { status: paymentStatuses } },
  site: { required: ['site_id', 'title', 'name', 'description', 'path', 'customer_id', 'membership_id', 'type'], enums: { type: ['default', 'site_template', 'customer_owned', 'pending', 'external', 'main'] } },
  product: { required: ['name', 'type'], enums: { type: ['plan', 'package', 'service'] } },
};

/** Columns each model's to_array() has, with their defaults (the model's properties). */
const columns: Record<string, Record<string, unknown>> = {
  customer: { user_id: 0, date_registered: now, email_verification: 'none', last_login: now, has_trialed: false, vip: false, ips: [], extra_information: '', type: 'customer', signup_form: 'by-admin' },
  membership: { customer_id: 0, user_id: 0, plan_id: 0, addon_products: [], currency: 'USD', duration: 1, duration_unit: 'month', amount: 0, initial_amount: 0, date_activated: null, date_trial_end: null, date_renewed: null, date_cancellation: null, date_expiration: null, date_payment_plan_completed: null, auto_renew: false, times_billed: 0, billing_cycles: 0, status: 'pending', gateway_customer_id: '', gateway_subscription_id: '', gateway: '', signup_method: '', upgraded_from: 0, disabled: false, recurring: true },
  payment: { customer_id: 0, membership_id: 0, parent_id: 0, currency: 'USD', subtotal: 0, refund_total: 0, tax_total: 0, discount_code: '', total: 0, status: 'pending', gateway: '', product_id: 0, gateway_payment_id: '', discount_total: 0, invoice_number: 0, cancel_membership_on_refund: false },
  site: { blog_id: 0, site_id: 1, title: '', name: '', description: '', domain: '127.0.0.1', path: '/', registered: now, last_updated: now, active: true, public: true, archived: false, mature: false, spam: false, deleted: false, lang_id: 0, customer_id: 0, membership_id: 0, template_id: 0, type: 'customer_owned', categories: [], featured_image_id: 0, signup_options: [], signup_meta: [] },
  product: { name: '', slug: '', description: '', currency: 'USD', pricing_type: 'paid', trial_duration: 0, trial_duration_unit: 'day', duration: 1, duration_unit: 'month', amount: 0, setup_fee: 0, active: true, type: 'plan', parent_id: 0, recurring: true, billing_cycles: 0, featured_image_id: 0, customer_role: 'administrator', network_id: null },
};

function record(model: string, id: number, fields: Record<string, unknown>): DoubleRecord {
  const own = Object.fromEntries(Object.keys(columns[model]).map((key) => [key, fields[key] ?? columns[model][key]]));
  return { id, model, slug: typeof fields.slug === 'string' ? fields.slug : '', date_created: now, date_modified: now, migrated_from_id: 0, ...own } as DoubleRecord;
}

/** A record as read back from the database (GET): BerlinDB rows hold every scalar as a string. */
function fromDatabase(stored: DoubleRecord): Record<string, unknown> {
  return Object.fromEntries(Object.entries(stored).map(([key, value]) => [key, typeof value === 'number' ? String(value) : typeof value === 'boolean' ? (value ? '1' : '0') : value]));
}

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
      const login = String(input.username ?? '');
      if (!login || !input.email || users.some((candidate) => candidate.user_login === login)) {
        return { refusal: { code: 'user', message: 'We were not able to create a new user.', data: { ...input, password: undefined } } };
      }
      user = { ID: users.length + 1, user_login: login, user_email: String(input.email) };
      users.push(user);
    }
    const userId = user.ID;
    return { record: insert('customer', { ...input, user_id: userId }) };
  };

  const list = (model: string, query: URLSearchParams): Record<string, unknown>[] => {
    const filters = [...query.entries()].filter(([key]) => setters[model].has(key) || key === 'id');
    const search = query.get('search')?.replace(/^\*|\*$/g, '').toLowerCase();
    let rows = [...tables[model].values()]
      .filter((row) => filters.every(([key, value]) => String(row[key]) === value))
      .filter((row) => !search || Object.values(row).some((value) => typeof value === 'string' && value.toLowerCase().includes(search)));
    const orderby = query.get('orderby') ?? 'id';
    rows = rows.sort((a, b) => (Number(a[orderby]) - Number(b[orderby])) * (query.get('order') === 'asc' ? 1 : -1));
    const offset = Number(query.get('offset') ?? '0');
    return rows.slice(offset, offset + Number(query.get('number') ?? '100')).map(fromDatabase);
  };

  const register = (input: Record<string, unknown>, send: Send) => {
    const products = Array.isArray(input.products) ? input.products : [];
    const customerInput = input.customer as Record<string, unknown> | undefined;
    if (input.customer_id === undefined && !customerInput) return send(400, { code: 'customer_id', message: 'The Customer Id is required without Customer', data: { status: 400 } });
    if (!products.length) return send(400, { code: 'invalid_cart', message: 'Products are required.', data: { status: 400 } });
    const plans = products.map((ref) => [...tables.product.values()].find((product) => product.id === Number(ref) || product.slug === ref));
    if (plans.some((plan) => !plan)) return send(400, { code: 'invalid_cart', message: 'Products are required.', data: { status: 400 } });
    const site = input.site as Record<string, unknown> | undefined;
    if (site && [...tables.site.values()].some((existing) => existing.path === `/${String(site.site_url)}/`)) {
      return send(500, { code: 'blogname', message: 'Sorry, that site already exists!', data: null });
    }
    let customer: DoubleRecord | undefined;
    if (input.customer_id !== undefined) {
      customer = tables.customer.get(Number(input.customer_id));
      if (!customer) return send(500, { code: 'customer_not_found', message: 'The customer id sent does not correspond to a valid customer.', data: null });
    } else {
      const created = createCustomer({ ...customerInput, email_verification: 'none', type: 'customer' });
      if ('refusal' in created) return send(500, created.refusal);
      customer = created.record;
    }
    const plan = plans[0]!;
    const membershipInput = (input.membership ?? {}) as Record<string, unknown>;
    const membership = insert('membership', {
      customer_id: customer.id, user_id: customer.user_id, plan_id: plan.id, amount: plan.amount, initial_amount: plan.amount, currency: plan.currency,
      duration: input.duration ?? plan.duration, duration_unit: input.duration_unit ?? plan.duration_unit, auto_renew: input.auto_renew ?? false,
      status: membershipInput.status ?? 'pending', date_expiration: membershipInput.date_expiration ?? null, recurring: plan.recurring,
    });
    const payment = insert('payment', {
      customer_id: customer.id, membership_id: membership.id, product_id: plan.id, currency: plan.currency, subtotal: plan.amount, total: plan.amount,
      status: ((input.payment ?? {}) as Record<string, unknown>).status ?? 'pending',
    });
    let siteAnswer: Record<string, unknown> = { id: 0 };
    if (site) {
      const path = `/${String(site.site_url)}/`;
      siteAnswer = { domain: '127.0.0.1', path, title: site.site_title, template_id: Number(site.template_id ?? 0), customer_id: customer.id, membership_id: membership.id, transient: [], signup_meta: [], signup_options: [], type: 'customer_owned', id: 0 };
      // Published now when asked to or when the membership is active; pending (id 0) otherwise.
      if (site.publish === true || membership.status === 'active') siteAnswer.id = insert('site', { title: site.site_title, name: site.site_title, path, customer_id: customer.id, membership_id: membership.id }).id;
    }
    return send(200, { membership, customer, payment, site: siteAnswer });
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
      if (method === 'GET') send(200, list(model, query));
      else if (method === 'POST') {
        const input = JSON.parse(body || '{}') as Record<string, unknown>;
        const refused = checkSchema(createSchemas[model], input, true);
        if (refused) send(400, refused);
        else if (model === 'customer') {
          const created = createCustomer(input);
          if ('refusal' in created) send(500, created.refusal);
          else send(200, created.record);
        } else send(200, insert(model, input));
      } else return false;
      return true;
    }
    const stored = table.get(Number(idText));
    if (!stored) {
      send(404, { code: `wu_rest_${model}_invalid_id`, message: 'Item not found.', data: { status: 404 } });
      return true;
    }
    if (method === 'GET') send(200, fromDatabase(stored));
    else if (method === 'PUT' || method === 'PATCH' || method === 'POST') {
      const input = JSON.parse(body || '{}') as Record<string, unknown>;
      const refused = checkSchema(createSchemas[model], input, false);
      if (refused) {
        send(400, refused);
        return true;
      }
      const unknown = Object.keys(input).find((key) => !setters[model].has(key));
      if (unknown) {
        const className = `WP_Ultimo\\Models\\${model[0].toUpperCase()}${model.slice(1)}`;
        send(400, { code: `wu_rest_${model}_invalid_set_method`, message: `The ${className} object does not have a set_${unknown} method`, data: { status: 400 } });
        return true;
      }
      Object.assign(stored, input, { date_modified: now });
      send(200, stored);
    } else if (method === 'DELETE') {
      table.delete(stored.id);
      send(200, true);
    } else return false;
    return true;
  };

  // The plans and add-on a typical network sells: the double's starting catalogue.
  insert('product', { name: 'Starter Plan', slug: 'starter', type: 'plan', amount: 19, duration: 1, duration_unit: 'month' });
  insert('product', { name: 'Business Plan', slug: 'business', type: 'plan', amount: 49, duration: 1, duration_unit: 'month' });
  insert('product', { name: 'SEO Package', slug: 'seo-package', type: 'package', amount: 9, duration: 1, duration_unit: 'month' });

  return { users, customers: tables.customer, memberships: tables.membership, payments: tables.payment, sites: tables.site, products: tables.product, handle };
}
