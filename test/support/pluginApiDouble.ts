/**
 * A test double of one network's Ultimate Multisite REST API (/wp-json/wu/v2), a real HTTP server on loopback.
 * It answers as the live 2.4.13-beta.1 plugin did (test/fixtures/ultimate-multisite-live/rest-api/): /hooks
 * byte for byte, 401 rest_forbidden without the right Basic credentials, POST /webhook answering the record with
 * an integer id and refusing a missing `integration` with 400 rest_missing_callback_param, GET /webhook listing
 * ids and event_count as strings, unknown ids 404 wu_rest_webhook_invalid_id (the plugin's Rest_Api trait), DELETE
 * answering 1 (rows deleted). With the API switched off, WordPress answers 404 rest_no_route. The one allowed stand-in.
 * The model routes (customers, memberships, payments, sites, products, /register) are in pluginModelDouble.ts,
 * taken from the plugin's source (never recorded live).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { liveRestApi } from './pluginFixtures.ts';
import { pluginModels, type PluginModels } from './pluginModelDouble.ts';
import { pluginSendLog, type PluginSendLog } from './pluginSendLogDouble.ts';
import { startTestRelay, type TestRelay } from './testRelay.ts';

export interface DoubleWebhook {
  id: number;
  name: string;
  webhook_url: string;
  event: string;
  active: boolean;
  integration: string;
  date_created: string;
}

export interface PluginRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: string;
}

export interface PluginApiDouble {
  /** http://127.0.0.1:PORT: the network's main site URL. */
  url: string;
  apiKey: string;
  apiSecret: string;
  webhooks: Map<number, DoubleWebhook>;
  /** Customers, memberships, payments, sites, products and the WordPress users behind customers. */
  models: PluginModels;
  /** The plugin's send log (GET /event) and the plugin sending a webhook. */
  sendLog: PluginSendLog;
  requests: PluginRequest[];
  /** "Enable API" in the plugin's settings. */
  setApiEnabled(enabled: boolean): void;
  /** An add-on registering one more event. */
  registerEvent(slug: string, hook: { name: string; desc: string; payload: Record<string, unknown> }): void;
  /** Makes every API call hang (a network that stopped answering). */
  setHanging(hanging: boolean): void;
  close(): Promise<void>;
}

const restNoRoute = { code: 'rest_no_route', message: 'No route was found matching the URL and request method.', data: { status: 404 } };
const notFoundId = { code: 'wu_rest_webhook_invalid_id', message: 'Item not found.', data: { status: 404 } };

/** The record as the plugin answers it: POST gives an int id and event_count, GET strings (webhook-list.json). */
function recordJson(webhook: DoubleWebhook, as: 'post' | 'get') {
  return {
    id: as === 'post' ? webhook.id : String(webhook.id),
    model: 'webhook', slug: '', date_created: webhook.date_created, date_modified: webhook.date_created, migrated_from_id: 0,
    name: webhook.name, webhook_url: webhook.webhook_url, event: webhook.event,
    event_count: as === 'post' ? 0 : '0', active: webhook.active, hidden: as === 'post' ? false : '0',
    integration: webhook.integration, date_last_failed: '0000-00-00 00:00:00',
  };
}

export async function startPluginApiDouble(options: { apiKey?: string; apiSecret?: string; label?: string } = {}): Promise<PluginApiDouble> {
  const apiKey = options.apiKey ?? 'AbCdEfGhIjKlMnOpQrStUvWx';
  const apiSecret = options.apiSecret ?? 'SeCrEtSeCrEtSeCrEtSeCrEt';
  const expectedAuthorization = `Basic ${Buffer.from(`${apiKey}:${apiSecret}`).toString('base64')}`;
  const hooks = JSON.parse(liveRestApi.get('hooks')!.body) as Record<string, unknown>;
  const hooksBody = { text: liveRestApi.get('hooks')!.body };
  const webhooks = new Map<number, DoubleWebhook>();
  const models = pluginModels();
  const sendLog = pluginSendLog();
  const requests: PluginRequest[] = [];
  let nextId = 18; // the live network's next id when webhook-post.json was recorded
  let apiEnabled = true;
  let hanging = false;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url!, 'http://double');
      requests.push({ method: req.method!, path: url.pathname + url.search, authorization: req.headers.authorization, body });
      if (hanging) return;
      const send = (status: number, json: unknown) => {
        const text = typeof json === 'string' ? json : JSON.stringify(json);
        res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' }).end(text);
      };
      if (!url.pathname.startsWith('/wp-json/')) {
        res.writeHead(404, { 'content-type': 'text/html' }).end('<!doctype html><title>Page not found</title>');
        return;
      }
      const route = url.pathname.replace(/^\/wp-json\/wu\/v2/, '');
      if (!apiEnabled || route === url.pathname) return send(404, restNoRoute);
      if (req.headers.authorization !== expectedAuthorization) return send(401, liveRestApi.get('hooks-noauth')!.body);

      const byId = route.match(/^\/webhook\/(\d+)$/);
      if (req.method === 'GET' && route === '/auth') return send(200, { success: true, label: options.label ?? 'Test Network', message: 'Welcome to our API' });
      if (req.method === 'GET' && route === '/hooks') return send(200, hooksBody.text);
      if (req.method === 'GET' && route === '/webhook') {
        const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? '10'));
        const page = Number(url.searchParams.get('page') ?? '1');
        const newestFirst = [...webhooks.values()].sort((a, b) => b.id - a.id);
        return send(200, newestFirst.slice((page - 1) * perPage, page * perPage).map((webhook) => recordJson(webhook, 'get')));
      }
      if (req.method === 'POST' && route === '/webhook') {
        const input = JSON.parse(body || '{}') as Partial<DoubleWebhook>;
        const missing = ['integration'].filter((key) => !(key in input));
        if (missing.length) return send(400, liveRestApi.get('webhook-post-no-integration')!.body);
        const webhook: DoubleWebhook = {
          id: nextId++, name: String(input.name), webhook_url: String(input.webhook_url), event: String(input.event),
          active: input.active !== false, integration: String(input.integration), date_created: '2026-11-29 22:35:59',
        };
        webhooks.set(webhook.id, webhook);
        return send(200, recordJson(webhook, 'post'));
      }
      if (byId) {
        const webhook = webhooks.get(Number(byId[1]));
        if (!webhook) return send(404, notFoundId);
        if (req.method === 'GET') return send(200, recordJson(webhook, 'get'));
        if (req.method === 'DELETE') {
          webhooks.delete(webhook.id);
          return send(200, 1);
        }
      }
      if (models.handle(req.method!, route, url.searchParams, body, send)) return;
      if (sendLog.handle(req.method!, route, url.searchParams, send)) return;
      return send(404, restNoRoute);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    apiSecret,
    webhooks,
    models,
    sendLog,
    requests,
    setApiEnabled: (enabled) => void (apiEnabled = enabled),
    registerEvent(slug, hook) {
      hooks[slug] = { ...hook, deprecated_args: [] };
      hooksBody.text = JSON.stringify(hooks);
    },
    setHanging: (value) => void (hanging = value),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * A relay connected to a fresh plugin double before each test (disconnected and closed after it): the set-up
 * the network-action suites share. Read `relay` and `plugin` from the returned object inside tests.
 */
export function relayConnectedToPluginDouble(env: Record<string, string> = {}): { relay: TestRelay; plugin: PluginApiDouble } {
  const suite = {} as { relay: TestRelay; plugin: PluginApiDouble };
  beforeAll(async () => {
    suite.relay = await startTestRelay({ RELAY_NETWORK_TIMEOUT: '500ms', RELAY_NETWORK_CALLS_PER_MINUTE: '6000', RELAY_NETWORK_BURST: '1000', ...env });
  });
  afterAll(async () => {
    await suite.relay?.stop();
  });
  beforeEach(async () => {
    suite.plugin = await startPluginApiDouble();
    const connected = await suite.relay.api('/v1/network', { method: 'PUT', json: { network_url: suite.plugin.url, api_key: suite.plugin.apiKey, api_secret: suite.plugin.apiSecret } });
    if (connected.status !== 200) throw new Error(`connecting the relay to the plugin double answered ${connected.status}: ${await connected.text()}`);
    suite.plugin.requests.length = 0;
  });
  afterEach(async () => {
    await suite.relay.api('/v1/network?force=true', { method: 'DELETE' });
    await suite.plugin.close();
  });
  return suite;
}
