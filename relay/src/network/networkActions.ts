/**
 * Doing things on the connected network, through the plugin's REST API with the credentials the relay stores:
 * create and find customers, memberships, payments and sites, list products, register an account, update a
 * membership. The /v1/network action routes (and so the Zapier actions and searches) are thin over this service.
 *
 * Every call is rate-limited (NetworkRateLimit), has the RELAY_NETWORK_TIMEOUT deadline, is logged without
 * credentials or personal data (action, route, outcome, duration), and fails with a RelayError that says
 * what to fix. Finds ask the plugin to search, then keep only exact matches (its search is a LIKE over columns);
 * what its records do not carry (a customer's e-mail, reference codes) is looked up in the events the network
 * sent the relay (networkEventDirectory.ts), then read from the network by id.
 */
import type { RelayContext } from '../relayContext.ts';
import { RelayError } from '../relayError.ts';
import { actionRefusal, networkNotConnected } from './actionRefusal.ts';
import { idsFromEvents, valuesByIdFromEvents } from './networkEventDirectory.ts';
import { NetworkRateLimit } from './networkRateLimit.ts';
import { pluginApiClientFor, type PluginApiClient } from './pluginApiClient.ts';
import { PluginApiError } from './pluginApiError.ts';
import {
  customerRecord, membershipRecord, paymentRecord, productRecord, siteRecord,
  type NetworkCustomer, type NetworkMembership, type NetworkPayment, type NetworkProduct, type NetworkSite,
} from './pluginRecords.ts';

export interface NewCustomer {
  email: string;
  username: string;
  /** Without one, the plugin lets WordPress e-mail the user a link to set theirs. */
  password?: string;
  email_verification?: 'none' | 'pending' | 'verified';
  vip?: boolean;
}

export interface NewMembership {
  customer_id: number;
  plan_id: number;
  status?: string;
  amount?: number;
  currency?: string;
  duration?: number;
  duration_unit?: 'day' | 'week' | 'month' | 'year';
  recurring?: boolean;
  auto_renew?: boolean;
  date_expiration?: string;
}

export interface MembershipChange {
  status?: string;
  plan_id?: number;
  date_expiration?: string;
}

export interface NewPayment {
  customer_id: number;
  membership_id: number;
  total: number;
  subtotal?: number;
  status: string;
  currency?: string;
  product_id?: number;
  gateway?: string;
  gateway_payment_id?: string;
}

export interface NewSite {
  customer_id: number;
  membership_id: number;
  title: string;
  path: string;
  domain?: string;
}

export interface Registration {
  customer_id?: number;
  customer?: { email: string; username: string; password: string };
  products: (number | string)[];
  membership_status?: string;
  date_expiration?: string;
  payment_status?: string;
  auto_renew?: boolean;
  duration?: number;
  duration_unit?: 'day' | 'week' | 'month' | 'year';
  discount_code?: string;
  site?: { site_url: string; site_title: string; publish?: boolean; template_id?: number };
}

export interface RegisteredAccount {
  customer: NetworkCustomer;
  membership: NetworkMembership;
  payment: NetworkPayment | null;
  site: NetworkSite | null;
}

/** What the action service uses of the relay. */
export type NetworkActionDependencies = Pick<RelayContext, 'config' | 'store' | 'log' | 'now'>;

/** How many records a find or a dropdown asks the plugin for (one page). */
const pageSize = '100';
const newestFirst = { orderby: 'id', order: 'desc' };
const same = (a: string | null, b: string) => a !== null && a.trim().toLowerCase() === b.trim().toLowerCase();

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
    const body = { user_id: 0, type: 'customer', email_verification: input.email_verification ?? 'none', email: input.email, username: input.username, ...(input.password ? { password: input.password } : {}), ...(input.vip === undefined ? {} : { vip: input.vip }) };
    const created = customerRecord(await this.call('create customer', 'POST /customer', (client) => client.createRecord('/customer', body)));
    // The record holds the user's id, not their e-mail and username: the ones just given are theirs.
    return { ...created, email: created.email ?? input.email, username: created.username ?? input.username };
  }

  async findCustomers(by: { email?: string; username?: string }): Promise<NetworkCustomer[]> {
    const term = (by.email ?? by.username ?? '').trim();
    const found = await this.call('find customer', 'GET /customer', (client) => client.findRecords('/customer', { search: term, number: pageSize, ...newestFirst }));
    const matches = found.map(customerRecord).filter((customer) => (by.email ? same(customer.email, by.email) : true) && (by.username ? same(customer.username, by.username) : true));
    if (matches.length || !by.email) return matches;
    return this.byEventIds('customer_user_email', by.email, 'customer_id', '/customer', (record, email) => ({ ...customerRecord(record), email: customerRecord(record).email ?? email }));
  }

  async getCustomer(id: number): Promise<NetworkCustomer> {
    return customerRecord(await this.call(`customer ${id}`, 'GET /customer/{id}', (client) => client.getRecord('/customer', id)));
  }

  /** The newest customers, each with the e-mail the network's events gave it when its record has none. */
  async listCustomers(): Promise<NetworkCustomer[]> {
    const customers = (await this.call('list customers', 'GET /customer', (client) => client.findRecords('/customer', { number: pageSize, ...newestFirst }))).map(customerRecord);
    const emails = await valuesByIdFromEvents(this.relay.store, 'customer_id', 'customer_user_email');
    return customers.map((customer) => ({ ...customer, email: customer.email ?? (customer.id === null ? null : emails.get(customer.id) ?? null) }));
  }

  async createMembership(input: NewMembership): Promise<NetworkMembership> {
    return membershipRecord(await this.call('create membership', 'POST /membership', (client) => client.createRecord('/membership', { ...input })));
  }

  async updateMembership(id: number, change: MembershipChange): Promise<NetworkMembership> {
    return membershipRecord(await this.call(`update membership ${id}`, 'PUT /membership/{id}', (client) => client.updateRecord('/membership', id, { ...change })));
  }

  async findMemberships(by: { customer_id?: number; reference_code?: string }): Promise<NetworkMembership[]> {
    const query: Record<string, string> = { number: pageSize, ...newestFirst };
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
    const query: Record<string, string> = { number: pageSize, ...newestFirst };
    if (by.reference_code) query.search = by.reference_code.trim();
    if (by.customer_id !== undefined) query.customer_id = String(by.customer_id);
    if (by.membership_id !== undefined) query.membership_id = String(by.membership_id);
    const found = await this.call('find payment', 'GET /payment', (client) => client.findRecords('/payment', query));
    const belongs = (payment: NetworkPayment) => (by.customer_id === undefined || payment.customer_id === by.customer_id) && (by.membership_id === undefined || payment.membership_id === by.membership_id);
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
    const query: Record<string, string> = { number: pageSize, ...newestFirst };
    if (by.customer_id !== undefined) query.customer_id = String(by.customer_id);
    if (by.membership_id !== undefined) query.membership_id = String(by.membership_id);
    const found = await this.call('find site', 'GET /site', (client) => client.findRecords('/site', query));
    return found.map(siteRecord).filter((site) => (by.customer_id === undefined || site.customer_id === by.customer_id) && (by.membership_id === undefined || site.membership_id === by.membership_id));
  }

  async listProducts(by: { type?: string } = {}): Promise<NetworkProduct[]> {
    const query: Record<string, string> = { number: pageSize, orderby: 'id', order: 'asc', ...(by.type ? { type: by.type } : {}) };
    const found = await this.call('list products', 'GET /product', (client) => client.findRecords('/product', query));
    return found.map(productRecord).filter((product) => !by.type || product.type === by.type);
  }

  async registerAccount(input: Registration): Promise<RegisteredAccount> {
    const body: Record<string, unknown> = {
      products: input.products,
      auto_renew: input.auto_renew ?? false,
      ...(input.customer_id !== undefined ? { customer_id: input.customer_id } : { customer: input.customer }),
      membership: { status: input.membership_status ?? 'pending', ...(input.date_expiration ? { date_expiration: input.date_expiration } : {}) },
      payment: { status: input.payment_status ?? 'pending' },
      ...(input.duration !== undefined ? { duration: input.duration } : {}),
      ...(input.duration_unit ? { duration_unit: input.duration_unit } : {}),
      ...(input.discount_code ? { discount_code: input.discount_code } : {}),
      ...(input.site ? { site: input.site } : {}),
    };
    const answer = await this.call('register account', 'POST /register', (client) => client.register(body));
    const site = isRecord(answer.site) ? siteRecord(answer.site) : null;
    return {
      customer: customerRecord(answer.customer as Record<string, unknown>),
      membership: membershipRecord(answer.membership as Record<string, unknown>),
      payment: isRecord(answer.payment) ? paymentRecord(answer.payment) : null,
      // The plugin answers {"id": 0} when no site was asked for, and id 0 for a site still pending publication.
      site: site && (site.domain || site.path || site.id) ? site : null,
    };
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
