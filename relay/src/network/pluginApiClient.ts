/**
 * A client for one network's Ultimate Multisite REST API (`/wp-json/wu/v2`, HTTP Basic api_key:api_secret).
 * Every call has a deadline and fails with a PluginApiError that says what to do (with the plugin's own message
 * and the fields it named). The webhook routes are typed here; the other model routes (customers, memberships,
 * payments, sites, products) work alike and go through findRecords/getRecord/createRecord/updateRecord, their
 * records typed by pluginRecords.ts; /register has its own call.
 */
import { isValidEventSlug } from '../../../shared/events/catalog.ts';
import type { RelayConfig } from '../config/config.ts';
import { guardedRequest, GuardedRequestError, type GuardedAnswer } from '../outgoing/guardedRequest.ts';
import { TargetGuard } from '../outgoing/targetGuard.ts';
import { boundedPages, defaultPagingLimits, PagingStopped, type PageBudget, type PagingLimits } from '../outgoing/boundedPages.ts';
import { storableText } from '../store/storableText.ts';
import { PluginApiError } from './pluginApiError.ts';

export interface PluginApiCredentials {
  /** The network's main site URL, e.g. https://network.example. */
  networkUrl: string;
  apiKey: string;
  apiSecret: string;
}

/** GET /auth: `label` is the network's name. */
export interface PluginAuthAnswer {
  success: boolean;
  label: string;
  message: string;
}

/**
 * GET /hooks: the events the network registers, keyed by slug. Names and descriptions are stored text (NUL and
 * unpaired surrogates as U+FFFD, which every backend holds); samples stay as sent (stored as JSON, escapes and all).
 */
export type PluginHooks = Record<string, { name: string; desc: string; payload: Record<string, unknown> }>;

/** A webhook record as the plugin answers it (`id` comes as an int from POST, as a string from GET). */
export interface PluginWebhook {
  id: string;
  name: string;
  webhook_url: string;
  event: string;
  active: boolean;
  integration: string;
}

export interface NewPluginWebhook {
  name: string;
  webhook_url: string;
  event: string;
  integration: string;
  active: boolean;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, string>;
  body?: unknown;
}

export interface PluginApiClientOptions {
  /** Each call's deadline (RELAY_NETWORK_TIMEOUT). */
  timeoutMs: number;
  /** The SSRF guard deliveries use: a network on a private address needs the same explicit setting. */
  guard: TargetGuard;
}

const apiBasePath = '/wp-json/wu/v2';

/** The most of one answer the relay reads; a network's real answers (/hooks with samples) are far smaller. */
export const maxNetworkAnswerBytes = 8 * 1024 * 1024;

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** The client for a relay's connected network: its deadline and its SSRF policy. */
export function pluginApiClientFor(config: Pick<RelayConfig, 'networkTimeoutMs' | 'allowPrivateTargets' | 'allowedTargetRanges'>, credentials: PluginApiCredentials): PluginApiClient {
  const guard = new TargetGuard({ allowPrivateTargets: config.allowPrivateTargets, allowedRanges: config.allowedTargetRanges });
  return new PluginApiClient(credentials, { timeoutMs: config.networkTimeoutMs, guard });
}

export class PluginApiClient {
  private readonly base: string;
  private readonly authorization: string;

  private readonly credentials: PluginApiCredentials;
  private readonly options: PluginApiClientOptions;

  constructor(credentials: PluginApiCredentials, options: PluginApiClientOptions) {
    this.credentials = credentials;
    this.options = options;
    this.base = credentials.networkUrl.replace(/\/+$/, '');
    this.authorization = `Basic ${Buffer.from(`${credentials.apiKey}:${credentials.apiSecret}`).toString('base64')}`;
  }

  /** Checks the credentials; answers the network's name. */
  async auth(): Promise<PluginAuthAnswer> {
    const answer = await this.request('/auth');
    // Anything but the plugin's welcome (a catch-all page answering 200, another API) is not Ultimate Multisite.
    if (!isObject(answer) || answer.success !== true) throw this.notUltimateMultisite(200, 'an answer without {"success": true}');
    return { success: true, label: typeof answer.label === 'string' ? storableText(answer.label) : '', message: String(answer.message ?? '') };
  }

  async hooks(): Promise<PluginHooks> {
    const answer = await this.request('/hooks');
    if (!isObject(answer)) throw this.unexpected('/hooks', 'not an object keyed by event slug');
    const hooks: PluginHooks = {};
    for (const [slug, hook] of Object.entries(answer)) {
      // Ingest takes only event slugs: anything else could never be delivered to the relay.
      if (!isObject(hook) || !isValidEventSlug(slug)) continue;
      hooks[slug] = {
        name: typeof hook.name === 'string' ? storableText(hook.name) : slug,
        desc: typeof hook.desc === 'string' ? storableText(hook.desc) : '',
        payload: isObject(hook.payload) ? hook.payload : {},
      };
    }
    return hooks;
  }

  /** Every webhook, all pages. */
  listWebhooks(): Promise<PluginWebhook[]> {
    return this.listAll('/webhook', webhookFromAnswer);
  }

  createWebhook(webhook: NewPluginWebhook): Promise<PluginWebhook> {
    return this.create('/webhook', webhook, webhookFromAnswer);
  }

  deleteWebhook(id: string): Promise<void> {
    return this.remove('/webhook', id);
  }

  /** One page of a model route filtered by the plugin's query arguments (column = value, `search`, `number`). */
  async findRecords(route: string, query: Record<string, string>): Promise<Record<string, unknown>[]> {
    const answer = await this.request(route, { query });
    if (!Array.isArray(answer)) throw this.unexpected(route, 'not a list');
    return answer.filter(isObject);
  }

  /** One record by id; an unknown id fails with status 404 (`wu_rest_<model>_invalid_id`). */
  async getRecord(route: string, id: number): Promise<Record<string, unknown>> {
    const answer = await this.request(`${route}/${id}`);
    if (!isObject(answer)) throw this.unexpected(route, 'not a record');
    return answer;
  }

  createRecord(route: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.create(route, body, (record) => record);
  }

  /** Changes some fields (the plugin calls set_<field> for each): answers the whole record. */
  async updateRecord(route: string, id: number, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const answer = await this.request(`${route}/${id}`, { method: 'PUT', body });
    if (!isObject(answer)) throw this.unexpected(route, 'not a record');
    return answer;
  }

  /** POST /register: customer, membership, payment and (optionally) site in one transaction. */
  async register(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const answer = await this.request('/register', { method: 'POST', body });
    if (!isObject(answer) || !isObject(answer.customer) || !isObject(answer.membership)) throw this.unexpected('/register', 'no customer and membership');
    return answer;
  }

  // The plugin's model routes all work alike (its Rest_Api trait): GET /{model} paged, POST /{model} creates,
  // GET|PUT|DELETE /{model}/{id}. A new resource (customer, membership, payment, site, product) is these three.

  /** Every record of a model route, page after page, within `limits` (boundedPages.ts). */
  async listAll<T>(route: string, map: (record: Record<string, unknown>) => T, query: Record<string, string> = {}, limits?: PagingLimits): Promise<T[]> {
    const all: T[] = [];
    for await (const records of this.pages(route, query, limits)) all.push(...records.map(map));
    return all;
  }

  /**
   * A model route's records a page at a time (the plugin gives at most 100 per page), within `limits`: a network
   * repeating pages, or answering too many, too much or too slowly, ends the reading with `unexpected_answer`.
   */
  async *pages(route: string, query: Record<string, string> = {}, limits: PagingLimits = defaultPagingLimits): AsyncGenerator<Record<string, unknown>[]> {
    const readPage = async (page: number, perPage: number, budget: PageBudget) => {
      const { json, bytes } = await this.call(route, { query: { ...query, per_page: String(perPage), page: String(page) } }, budget);
      if (!Array.isArray(json)) throw this.unexpected(route, 'not a list');
      return { records: json.filter(isObject), bytes };
    };
    try {
      yield* boundedPages(readPage, limits);
    } catch (error) {
      if (error instanceof PagingStopped) throw this.unexpected(route, `pages that never end (${error.message})`);
      throw error;
    }
  }

  /** Creates a record; the plugin answers with it, `id` included (an integer here, a string elsewhere). */
  protected async create<T>(route: string, body: unknown, map: (record: Record<string, unknown>) => T): Promise<T> {
    const answer = await this.request(route, { method: 'POST', body });
    if (!isObject(answer) || answer.id === undefined) throw this.unexpected(route, 'no record id');
    return map(answer);
  }

  /** Deletes a record; an unknown id fails with status 404 (`wu_rest_<model>_invalid_id`). */
  protected async remove(route: string, id: string): Promise<void> {
    await this.request(`${route}/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }

  /** One call to `/wp-json/wu/v2{path}`: the parsed JSON answer, or a PluginApiError saying what to do. */
  async request(path: string, options: RequestOptions = {}): Promise<unknown> {
    return (await this.call(path, options)).json;
  }

  /** One call within `budget` (a paged reading's time and bytes left): the JSON answer and its size. */
  private async call(path: string, options: RequestOptions, budget?: PageBudget): Promise<{ json: unknown; bytes: number }> {
    const url = new URL(this.base + apiBasePath + path);
    for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
    const maxBytes = Math.min(maxNetworkAnswerBytes, budget?.maxBytes ?? Infinity);
    let answer: GuardedAnswer;
    try {
      answer = await guardedRequest({
        url,
        method: options.method ?? 'GET',
        headers: {
          authorization: this.authorization,
          accept: 'application/json',
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        guard: this.options.guard,
        timeoutMs: Math.min(this.options.timeoutMs, budget?.timeoutMs ?? Infinity),
        maxBytes,
      });
    } catch (error) {
      if (!(error instanceof GuardedRequestError)) throw error;
      if (error.failure === 'too_large') {
        const limit = maxBytes < maxNetworkAnswerBytes ? `the ${megabytes(budget!.maxBytes)} left of a paged list's budget` : `${megabytes(maxNetworkAnswerBytes)}, the most the relay reads of one answer`;
        throw new PluginApiError('too_large', `${this.base} answered ${path} with more than ${limit}: the answer was dropped`);
      }
      throw this.notReached(error);
    }
    const { status } = answer;
    const text = answer.body.toString('utf8');
    const json = parseJson(text);
    if (status >= 300 && status < 400) throw this.redirected(path, status, answer.headers.location);
    if (status >= 200 && status < 300) {
      if (json === undefined) throw this.notUltimateMultisite(status, 'an answer that is not JSON');
      return { json, bytes: answer.body.length };
    }
    throw this.failure(path, status, json);
  }

  private failure(path: string, status: number, json: unknown): PluginApiError {
    const code = isObject(json) && typeof json.code === 'string' ? json.code : null;
    const message = isObject(json) && typeof json.message === 'string' ? json.message : null;
    const fields = namedFields(json);
    const reasons = fieldReasons(json);
    const words = message && reasons.length ? `${message} (${reasons.join('; ')})` : message;
    if (status === 401 || status === 403) {
      return new PluginApiError('wrong_credentials', `${this.base} refused the API key and secret (${status} ${code ?? ''}): copy both again from Network Admin → Ultimate Multisite → Settings → API & Webhooks (if they are right, the web server may be dropping the Authorization header)`, status, code);
    }
    if (status === 404 && code === 'rest_no_route' && (path === '/auth' || path === '/hooks')) {
      return new PluginApiError('api_disabled', `${this.base} is a WordPress site without Ultimate Multisite's API: turn on "Enable API" in Network Admin → Ultimate Multisite → Settings → API & Webhooks (and check the plugin is network-active)`, status, code);
    }
    if (code === null) return this.notUltimateMultisite(status, `HTTP ${status} without a WordPress REST error`);
    return new PluginApiError('rejected', `Ultimate Multisite at ${this.base} answered ${path} with ${status} ${code}${words ? `: ${words}` : ''}`, status, code, words, fields);
  }

  private notUltimateMultisite(status: number, what: string): PluginApiError {
    return new PluginApiError('not_ultimate_multisite', `${this.base} does not look like an Ultimate Multisite network (${apiBasePath} gave ${what}): use the network's main site URL, e.g. https://network.example`, status);
  }

  /** Refused by the guard, timed out or unreachable: no answer came. */
  private notReached(error: GuardedRequestError): PluginApiError {
    if (error.failure === 'refused_target') {
      // The guard refused before connecting: the same answer whatever listens (or not) at that address.
      return new PluginApiError('refused_target', `network_url: ${this.base} is not a public address (${error.message})`);
    }
    const timedOut = error.failure === 'timeout';
    const reason = timedOut
      ? `no answer within ${this.options.timeoutMs < 1000 ? `${this.options.timeoutMs} ms` : `${Math.round(this.options.timeoutMs / 1000)} s`}`
      : error.message;
    return new PluginApiError('unreachable', `cannot reach ${this.base} (${reason}): check the URL and that the network is online and reachable from the relay`, null, null, null, [], timedOut);
  }

  /** Redirects are not followed: a body with credentials or personal data goes only where the admin said. */
  private redirected(path: string, status: number, location: string | undefined): PluginApiError {
    let where = '';
    try {
      if (location) where = ` to ${new URL(location, this.base + apiBasePath + path).origin}`;
    } catch {
      // an unreadable Location: said without it
    }
    return new PluginApiError('redirected', `${this.base} answered ${path} with a redirect (${status}${where}), which the relay does not follow: connect the network with its address as it answers (its main site URL, https and www as in WordPress's Site Address)`, status);
  }

  private unexpected(path: string, what: string): PluginApiError {
    return new PluginApiError('unexpected_answer', `Ultimate Multisite at ${this.base} answered ${path} with ${what}: is this network's plugin up to date?`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * WordPress names the fields at fault in `data.params`: a list for rest_missing_callback_param, an object
 * (field → reason) for rest_invalid_param; the plugin's validator (/register) keys its errors by field.
 */
function namedFields(json: unknown): string[] {
  if (!isObject(json) || !isObject(json.data)) return [];
  const params = json.data.params;
  if (Array.isArray(params)) return params.filter((param): param is string => typeof param === 'string');
  return isObject(params) ? Object.keys(params) : [];
}

/** rest_invalid_param's reasons, field by field ("status is not one of pending, active, …"). */
function fieldReasons(json: unknown): string[] {
  if (!isObject(json) || !isObject(json.data) || !isObject(json.data.params)) return [];
  return Object.values(json.data.params).filter((reason): reason is string => typeof reason === 'string');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function webhookFromAnswer(answer: Record<string, unknown>): PluginWebhook {
  return {
    id: String(answer.id),
    name: String(answer.name ?? ''),
    webhook_url: String(answer.webhook_url ?? ''),
    event: String(answer.event ?? ''),
    active: answer.active === true || answer.active === '1' || answer.active === 1,
    integration: String(answer.integration ?? ''),
  };
}
