/**
 * Doing things on the connected network, through the plugin's REST API with the credentials the relay stores:
 * create and find customers, memberships, payments and sites, list products, register an account, update a
 * membership. The /v1/network action routes (and so the Zapier actions and searches) are thin over this service.
 *
 * Every call is rate-limited (NetworkRateLimit), has the RELAY_NETWORK_TIMEOUT deadline, is logged without
 * credentials or personal data (action, route, outcome, duration), and fails with a RelayError that says
 * what to fix. What the plugin's REST records do not carry is found another way: a reference code is the record's
 * id spelt by the plugin's hash (pluginReferenceCode.ts); a customer's e-mail and username are kept in the
 * customer's meta by the relay's own creates (the plugin's list route filters on meta), and for customers made
 * elsewhere looked up in the events the network sent the relay (networkEventDirectory.ts).
 *
 * Where 2.4.13's REST routes refuse what the plugin itself allows, the relay takes the plugin's other door: a
 * membership's status is checked by its REST schema against the *payment* statuses, so it is set through the
 * update route's setter call (set_status, reached by a key the schema does not list), which the model validates.
 */
import type { RelayContext } from '../relayContext.ts';
import { RelayError } from '../relayError.ts';
import { actionRefusal, networkNotConnected } from './actionRefusal.ts';
import { idsFromEvents, valuesAbout, valuesByIdFromEvents } from './networkEventDirectory.ts';
import { NetworkRateLimit } from './networkRateLimit.ts';
import { pluginApiClientFor, type PluginApiClient } from './pluginApiClient.ts';
import type { NewCustomer, NewMembership, MembershipChange, NewPayment, NewSite, Registration, RegisteredAccount } from './networkActionTypes.ts';
import { PluginApiError } from './pluginApiError.ts';
import { idFromReferenceCode, referenceCode, type ReferenceCodeModel } from './pluginReferenceCode.ts';
import {
  customerRecord, membershipRecord, paymentRecord, productRecord, siteRecord,
  type NetworkCustomer, type NetworkMembership, type NetworkPayment, type NetworkProduct, type NetworkSite,
} from './pluginRecords.ts';

/** What the action service uses of the relay. */
export type NetworkActionDependencies = Pick<RelayContext, 'config' | 'store' | 'log' | 'now'>;

/** How many records a find or a dropdown asks the plugin for: one page, its most (its `number` is overwritten by per_page). */
const onePage = { per_page: '100' };
const newestFirst = { orderby: 'id', order: 'desc' };
const same = (a: string | null, b: string) => a !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
/** Customer meta the relay's creates write, so a find by e-mail or username can ask the plugin for them. */
const emailMeta = 'um_relay_email';
const usernameMeta = 'um_relay_username';
/** The plugin's list query for customers whose meta has all of these values (its meta_query, as query arguments). */
const byMeta = (wanted: [string, string][]) => Object.fromEntries(wanted.flatMap(([key, value], index) => [[`meta_query[${index}][key]`, key], [`meta_query[${index}][value]`, value]]));
/** The update route's key for a membership's status: not in its schema (so not checked against the wrong list), PHP finds set_status. */
const membershipStatusKey = 'STATUS';
const durationMs: Record<string, number> = { day: 86_400_000, week: 7 * 86_400_000 };

export class NetworkActions {
  private readonly limit: NetworkRateLimit;
  private readonly relay: NetworkActionDependencies;

  constructor(relay: NetworkActionDependencies) {
    this.relay = relay;
    this.limit = new NetworkRateLimit(relay.config.networkCallsPerMinute, relay.config.networkBurst, relay.now);
  }

  async createCustomer(input: NewCustomer): Promise<NetworkCustomer> {
    // The plugin's customer schema requires user_id, type and email_verification; user_id 0 with email, username
    // (and password) makes its wu_create_customer() create the WordPress user, or attach the one with that e-mail.
    const body = {
      user_id: 0, type: 'customer', email_verification: input.email_verification ?? 'none', email: input.email, username: input.username,
      ...(input.password ? { password: input.password } : {}), ...(input.vip === undefined ? {} : { vip: input.vip }), meta: customerMeta(input),
    };
    const created = customerRecord(await this.call('create customer', 'POST /customer', async (client) => {
      try {
        return await client.createRecord('/customer', body);
      } catch (error) {
        throw (await this.customerExists(client, error, input)) ?? error;
      }
    }));
    // wu_create_customer() leaves `vip` out of the customer it saves: set it as the plugin's edit screen does.
    const saved = input.vip && created.id !== null && !created.vip
      ? customerRecord(await this.call(`update customer ${created.id}`, 'PUT /customer/{id}', (client) => client.updateRecord('/customer', created.id!, { vip: true })))
      : created;
    // The record holds the user's id, not their e-mail and username: the ones just given are theirs.
    return { ...saved, email: saved.email ?? input.email, username: saved.username ?? input.username };
  }

  /**
   * "Already exists" in words to act on: the e-mail's WordPress user is a customer already (the plugin says
   * "User id 3 has been used": 409 naming that customer), or the username belongs to another user (409).
   */
  private async customerExists(client: PluginApiClient, error: unknown, input: { email: string; username: string }): Promise<RelayError | null> {
    if (!(error instanceof PluginApiError)) return null;
    const userId = error.pluginCode === 'user_id' ? /User id (\d+) has been used/.exec(error.pluginMessage ?? '')?.[1] : undefined;
    if (userId) {
      const existing = (await client.findRecords('/customer', { user_id: userId })).map(customerRecord)[0];
      const which = existing?.id ? `customer ${existing.id} (WordPress user ${userId})` : `WordPress user ${userId}`;
      return new RelayError(409, 'customer_exists', `email: ${input.email} is already ${which}'s: use that customer (Find Customer, or Find or Create Customer) instead of creating one`, { field: 'email' });
    }
    // wpmu_create_user() refused: the e-mail is new (else its user is attached), so the username is another user's.
    if (error.pluginCode === 'user' || error.pluginCode === 'existing_user_login') {
      return new RelayError(409, 'username_taken', `username: the network already has a WordPress user named "${input.username}" (with another e-mail): choose another username`, { field: 'username' });
    }
    return null;
  }

  async findCustomers(by: { email?: string; username?: string }): Promise<NetworkCustomer[]> {
    const email = by.email?.trim().toLowerCase();
    const username = by.username?.trim().toLowerCase();
    const wanted: [string, string][] = [...(email ? [[emailMeta, email] as [string, string]] : []), ...(username ? [[usernameMeta, username] as [string, string]] : [])];
    const tagged = (await this.call('find customer', 'GET /customer', (client) => client.findRecords('/customer', { ...byMeta(wanted), ...onePage, ...newestFirst })))
      .map((record) => ({ ...customerRecord(record), ...(email ? { email } : {}), ...(username ? { username } : {}) }));
    if (tagged.length || !by.email) return tagged;
    return this.byEventIds('customer_user_email', by.email, 'customer_id', '/customer', (record, email) => ({ ...customerRecord(record), email: customerRecord(record).email ?? email }));
  }

  async getCustomer(id: number): Promise<NetworkCustomer> {
    return customerRecord(await this.call(`customer ${id}`, 'GET /customer/{id}', (client) => client.getRecord('/customer', id)));
  }

  /** The newest customers, each with the e-mail the network's events gave it when its record has none. */
  async listCustomers(): Promise<NetworkCustomer[]> {
    const customers = (await this.call('list customers', 'GET /customer', (client) => client.findRecords('/customer', { ...onePage, ...newestFirst }))).map(customerRecord);
    const emails = await valuesByIdFromEvents(this.relay.store, 'customer_id', 'customer_user_email');
    return customers.map((customer) => ({ ...customer, email: customer.email ?? (customer.id === null ? null : emails.get(customer.id) ?? null) }));
  }

  /**
   * What the plan says (price, currency, billing period) for what the input leaves out, an expiration one period
   * from now (the plugin's default is now: expired at the next cron), then the status through the model's setter.
   */
  async createMembership(input: NewMembership): Promise<NetworkMembership> {
    const plan = productRecord(await this.call(`plan ${input.plan_id}`, 'GET /product/{id}', (client) => client.getRecord('/product', input.plan_id)));
    const { status, ...fields } = input;
    const duration = fields.duration ?? plan.duration ?? 1;
    const unit = fields.duration_unit ?? (plan.duration_unit as NewMembership['duration_unit']) ?? 'month';
    const amount = fields.amount ?? plan.amount ?? 0;
    const body = {
      amount, initial_amount: amount, currency: fields.currency ?? plan.currency, duration, duration_unit: unit, recurring: fields.recurring ?? plan.recurring ?? false,
      ...fields, date_expiration: fields.date_expiration ?? pluginDateAfter(this.relay.now(), duration, unit),
    };
    const created = membershipRecord(await this.call('create membership', 'POST /membership', (client) => client.createRecord('/membership', body)));
    if (!status || status === created.status || created.id === null) return created;
    try {
      return await this.updateMembership(created.id, { status });
    } catch (error) {
      // A status the model refuses: the membership just made is removed, so a corrected retry does not leave two.
      if (error instanceof RelayError && error.field === 'status') await this.call(`delete membership ${created.id}`, 'DELETE /membership/{id}', (client) => client.request(`/membership/${created.id}`, { method: 'DELETE' }));
      throw error;
    }
  }

  async updateMembership(id: number, change: MembershipChange): Promise<NetworkMembership> {
    const { status, ...fields } = change;
    const body = { ...fields, ...(status ? { [membershipStatusKey]: status } : {}) };
    return membershipRecord(await this.call(`update membership ${id}`, 'PUT /membership/{id}', async (client) => {
      try {
        return await client.updateRecord('/membership', id, body);
      } catch (error) {
        // The model's own check ("The Status only allows 'pending', 'active', …"), reaching WordPress as a 500.
        if (error instanceof PluginApiError && error.pluginCode === 'status') throw new RelayError(400, 'network_rejected', `status: update membership ${id}: the network refused it: ${error.pluginMessage ?? 'not a membership status'}`, { field: 'status' });
        throw error;
      }
    }));
  }

  async findMemberships(by: { customer_id?: number; reference_code?: string }): Promise<NetworkMembership[]> {
    if (by.reference_code) {
      const coded = (await this.byReferenceCode('membership', by.reference_code)).map(membershipRecord);
      if (coded.length) return coded.filter((membership) => by.customer_id === undefined || membership.customer_id === by.customer_id);
    }
    const query: Record<string, string> = { ...onePage, ...newestFirst };
    if (by.customer_id !== undefined) query.customer_id = String(by.customer_id);
    if (by.reference_code) query.search = by.reference_code.trim();
    const found = await this.call('find membership', 'GET /membership', (client) => client.findRecords('/membership', query));
    const matches = found.map(membershipRecord).filter((membership) => (by.customer_id === undefined || membership.customer_id === by.customer_id) && (!by.reference_code || same(membership.reference_code, by.reference_code)));
    if (matches.length || !by.reference_code) return matches;
    const known = await this.byEventIds('membership_reference_code', by.reference_code, 'membership_id', '/membership', (record, code) => ({ ...membershipRecord(record), reference_code: membershipRecord(record).reference_code ?? code }));
    return known.filter((membership) => by.customer_id === undefined || membership.customer_id === by.customer_id);
  }

  async createPayment(input: NewPayment): Promise<NetworkPayment> {
    const body = { subtotal: input.total, ...input };
    return paymentRecord(await this.call('create payment', 'POST /payment', (client) => client.createRecord('/payment', body)));
  }

  async findPayments(by: { reference_code?: string; customer_id?: number; membership_id?: number }): Promise<NetworkPayment[]> {
    const belongs = (payment: NetworkPayment) => (by.customer_id === undefined || payment.customer_id === by.customer_id) && (by.membership_id === undefined || payment.membership_id === by.membership_id);
    if (by.reference_code) {
      const coded = (await this.byReferenceCode('payment', by.reference_code)).map(paymentRecord);
      if (coded.length) return coded.filter(belongs);
    }
    const query: Record<string, string> = { ...onePage, ...newestFirst };
    if (by.reference_code) query.search = by.reference_code.trim();
    if (by.customer_id !== undefined) query.customer_id = String(by.customer_id);
    if (by.membership_id !== undefined) query.membership_id = String(by.membership_id);
    const found = await this.call('find payment', 'GET /payment', (client) => client.findRecords('/payment', query));
    const matches = found.map(paymentRecord).filter((payment) => (!by.reference_code || same(payment.reference_code, by.reference_code)) && belongs(payment));
    if (matches.length || !by.reference_code) return matches;
    return (await this.byEventIds('payment_reference_code', by.reference_code, 'payment_id', '/payment', (record, code) => ({ ...paymentRecord(record), reference_code: paymentRecord(record).reference_code ?? code }))).filter(belongs);
  }

  async createSite(input: NewSite): Promise<NetworkSite> {
    // The plugin's site schema: site_id is the WordPress network (1 on a single-network install), type customer_owned.
    const body = { site_id: 1, type: 'customer_owned', name: input.title, description: '', ...input };
    return siteRecord(await this.call('create site', 'POST /site', (client) => client.createRecord('/site', body)));
  }

  async findSites(by: { customer_id?: number; membership_id?: number }): Promise<NetworkSite[]> {
    const query: Record<string, string> = { ...onePage, ...newestFirst };
    if (by.customer_id !== undefined) query.customer_id = String(by.customer_id);
    if (by.membership_id !== undefined) query.membership_id = String(by.membership_id);
    const found = await this.call('find site', 'GET /site', (client) => client.findRecords('/site', query));
    return found.map(siteRecord).filter((site) => (by.customer_id === undefined || site.customer_id === by.customer_id) && (by.membership_id === undefined || site.membership_id === by.membership_id));
  }

  async listProducts(by: { type?: string } = {}): Promise<NetworkProduct[]> {
    const query: Record<string, string> = { ...onePage, orderby: 'id', order: 'asc', ...(by.type ? { type: by.type } : {}) };
    const found = await this.call('list products', 'GET /product', (client) => client.findRecords('/product', query));
    return found.map(productRecord).filter((product) => !by.type || product.type === by.type);
  }

  async registerAccount(input: Registration): Promise<RegisteredAccount> {
    const body: Record<string, unknown> = {
      products: input.products,
      auto_renew: input.auto_renew ?? false,
      ...(input.customer_id !== undefined ? { customer_id: input.customer_id } : { customer: { ...input.customer, meta: customerMeta(input.customer!) } }),
      membership: { status: input.membership_status ?? 'pending', ...(input.date_expiration ? { date_expiration: input.date_expiration } : {}) },
      payment: { status: input.payment_status ?? 'pending' },
      ...(input.duration !== undefined ? { duration: input.duration } : {}),
      ...(input.duration_unit ? { duration_unit: input.duration_unit } : {}),
      ...(input.discount_code ? { discount_code: input.discount_code } : {}),
      ...(input.site ? { site: input.site } : {}),
    };
    const answer = await this.call('register account', 'POST /register', async (client) => {
      try {
        return await client.register(body);
      } catch (error) {
        throw (input.customer && (await this.customerExists(client, error, input.customer))) || error;
      }
    });
    const customer = customerRecord(answer.customer as Record<string, unknown>);
    const membership = membershipRecord(answer.membership as Record<string, unknown>);
    const asked = isRecord(answer.site) ? siteRecord(answer.site) : null;
    return {
      customer: input.customer ? { ...customer, email: customer.email ?? input.customer.email, username: customer.username ?? input.customer.username } : customer,
      membership,
      payment: isRecord(answer.payment) ? paymentRecord(answer.payment) : null,
      // The plugin answers {"id": 0} when no site was asked for.
      site: asked && (asked.domain || asked.path) ? await this.registeredSite(asked, membership) : null,
    };
  }

  /**
   * The site /register made, as the network has it. Its answer's id is not to be trusted: the site is pending
   * until the network's cron publishes it, and the plugin then looks it up by path, which finds the main site
   * (id 1). So the membership's sites are read: the published one at that path, else the pending one (id null).
   */
  private async registeredSite(asked: NetworkSite, membership: NetworkMembership): Promise<NetworkSite> {
    const pending = { ...asked, id: null };
    if (membership.id === null) return pending;
    const trimmed = (path: string | null) => (path ?? '').replace(/\/+$/, '');
    const published = (await this.findSites({ membership_id: membership.id })).find((site) => site.domain === asked.domain && trimmed(site.path) === trimmed(asked.path));
    return published ?? pending;
  }

  /** The record a reference code stands for (none when it is not a code of that model or the record is gone). */
  private async byReferenceCode(model: ReferenceCodeModel, code: string): Promise<Record<string, unknown>[]> {
    const id = idFromReferenceCode(model, code);
    if (id === null) return [];
    try {
      return [await this.call(`${model} ${id}`, `GET /${model}/{id}`, (client) => client.getRecord(`/${model}`, id))];
    } catch (error) {
      if (error instanceof RelayError && error.status === 404) return [];
      throw error;
    }
  }

  /**
   * What the relay knows of a customer, membership and site without asking the network: the values the network's
   * events gave each (networkEventDirectory.ts), a membership's reference code, and each one's page in the network
   * admin. For an event that names records without describing them (demo_site_expiring).
   */
  async knownAbout(ids: { customer_id?: number; membership_id?: number; site_id?: number }): Promise<Record<string, unknown>> {
    const record = await this.relay.store.network.get();
    const known: Record<string, unknown> = {};
    for (const prefix of ['customer', 'membership', 'site'] as const) {
      const id = ids[`${prefix}_id`];
      if (id === undefined) continue;
      Object.assign(known, await valuesAbout(this.relay.store, prefix, id));
      if (prefix === 'membership') known.membership_reference_code ??= referenceCode('membership', id);
      if (record) known[`${prefix}_manage_url`] ??= `${record.networkUrl}/wp-admin/network/admin.php?page=wp-ultimo-edit-${prefix}&id=${id}`;
    }
    return known;
  }

  /**
   * The records whose ids the relay's events pair with `value` (newest first, at most 3 read), as the network has
   * them now: one deleted since (404) is left out.
   */
  private async byEventIds<T>(key: string, value: string, idKey: string, route: string, map: (record: Record<string, unknown>, value: string) => T): Promise<T[]> {
    if (!(await this.relay.store.network.get())) throw networkNotConnected();
    const known = (await idsFromEvents(this.relay.store, key, value, idKey)).slice(0, 3);
    const records: T[] = [];
    for (const { id, value: asSent } of known) {
      try {
        records.push(map(await this.call(`${route.slice(1)} ${id}`, `GET ${route}/{id}`, (client) => client.getRecord(route, id)), asSent));
      } catch (error) {
        if (!(error instanceof RelayError && error.status === 404)) throw error;
      }
    }
    return records;
  }

  /** One rate-limited, logged call on the connected network; its failure becomes a RelayError (actionRefusal.ts). */
  private async call<T>(what: string, route: string, run: (client: PluginApiClient) => Promise<T>): Promise<T> {
    const record = await this.relay.store.network.get();
    if (!record) throw networkNotConnected();
    const retryAfter = this.limit.take();
    if (retryAfter > 0) {
      this.relay.log.warn('network call throttled', { route, retry_after_s: retryAfter });
      throw new RelayError(429, 'network_rate_limited', `too many calls to the network (more than ${this.relay.config.networkCallsPerMinute} a minute, RELAY_NETWORK_CALLS_PER_MINUTE): try again in ${retryAfter} s`, { retryAfterSeconds: retryAfter });
    }
    const client = pluginApiClientFor(this.relay.config, record);
    const started = Date.now();
    try {
      const result = await run(client);
      this.relay.log.info('network call', { route, ok: true, ms: Date.now() - started });
      return result;
    } catch (error) {
      if (!(error instanceof PluginApiError)) throw error;
      this.relay.log.warn('network call failed', { route, problem: error.problem, status: error.status, plugin_code: error.pluginCode, ms: Date.now() - started });
      throw actionRefusal(error, what);
    }
  }
}

function customerMeta(customer: { email: string; username: string }): Record<string, string> {
  return { [emailMeta]: customer.email.trim().toLowerCase(), [usernameMeta]: customer.username.trim().toLowerCase() };
}

/** "Y-m-d H:i:s" UTC, `duration` units after `now` (months and years by the calendar). */
function pluginDateAfter(now: number, duration: number, unit: string): string {
  const date = new Date(now);
  if (unit === 'month') date.setUTCMonth(date.getUTCMonth() + duration);
  else if (unit === 'year') date.setUTCFullYear(date.getUTCFullYear() + duration);
  else date.setTime(now + duration * (durationMs[unit] ?? durationMs.day));
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
