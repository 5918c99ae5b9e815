/**
 * Connecting the relay to an Ultimate Multisite network in one step: check the API credentials, read the events
 * the network registers, and create in the plugin one webhook per event it POSTs, pointing at this relay's
 * ingest URL. Then: show the connection's state, repair it (webhooks missing or changed in the plugin, a new
 * add-on event, a new RELAY_PUBLIC_URL), and disconnect (removing only the webhooks the relay created).
 * The API routes, the web page and the CLI (through the API) are thin layers over these functions.
 */
import net from 'node:net';
import { findEventType } from '../../../shared/events/catalog.ts';
import { nonPublicRange } from '../outgoing/targetGuard.ts';
import { isStorableText } from '../store/storableText.ts';
import type { RelayContext } from '../relayContext.ts';
import { RelayError } from '../relayError.ts';
import { connectionRefusal } from './connectionRefusal.ts';
import type { NetworkConnectionRecord, RegisteredEvent, WiredWebhook } from '../store/networkStore.ts';
import { pluginApiClientFor, type PluginApiClient, type PluginApiCredentials, type PluginWebhook } from './pluginApiClient.ts';
import { PluginApiError } from './pluginApiError.ts';

export interface ConnectInput {
  networkUrl: string;
  apiKey: string;
  apiSecret: string;
  /** Where the plugin reaches this relay (RELAY_PUBLIC_URL, else what the caller was reached at). */
  relayUrl: string;
}

/** `unknown`: the plugin could not be read just now (the reason is in `problems`). */
export type WiredStatus = 'ok' | 'missing' | 'changed' | 'inactive' | 'unknown';

export interface NetworkState {
  connected: boolean;
  network_url?: string;
  label?: string;
  /** The API key's last 4 characters: the key and secret themselves are never shown again. */
  api_key_hint?: string;
  integration?: string;
  relay_url?: string;
  connected_at?: string;
  checked_at?: string;
  events?: { event: string; name: string; plugin_webhook_id: string; url: string; created_by_relay: boolean; status: WiredStatus; last_received_at: string | null }[];
  /** Registered by the network but not wired: records-only events (never POSTed) and ones that need a repair. */
  not_wired?: { event: string; name: string; reason: string }[];
  last_event?: { id: string; event: string; received_at: string; test: boolean } | null;
  needs_repair?: boolean;
  /** What is wrong, in sentences that say what to do. */
  problems?: string[];
  /** What works but is unsafe (credentials sent in clear), in sentences that say what to do. */
  warnings?: string[];
}

/** The plugin's webhook_url column holds at most 191 characters. */
const maxPluginUrlLength = 191;

/** Accepts "network.example", "https://network.example/", ".../wp-admin/network/" → "https://network.example". */
export function normaliseNetworkUrl(input: string): string {
  const trimmed = input.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    throw new RelayError(400, 'invalid_request', 'network_url: must be the network\'s address, e.g. https://network.example', { field: 'network_url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RelayError(400, 'invalid_request', `network_url: must use http or https, not ${url.protocol.replace(':', '')}`, { field: 'network_url' });
  }
  const path = url.pathname.replace(/\/(wp-json|wp-admin)(\/.*)?$/, '').replace(/\/+$/, '');
  return `${url.origin}${path}`;
}

/**
 * Plain http:// sends the API key and secret (Basic auth) and what the actions carry (e-mails, passwords) in
 * clear. Loopback is exempt: it never leaves the host (and is reachable only with RELAY_ALLOW_PRIVATE_TARGETS).
 */
export function clearTextWarning(networkUrl: string): string | null {
  const url = new URL(networkUrl);
  if (url.protocol !== 'http:') return null;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost' || host.endsWith('.localhost') || (net.isIP(host) && nonPublicRange(host) === 'loopback')) return null;
  return `${networkUrl} is plain http: the API key and secret, and what actions send (customers' e-mails and passwords), travel in clear. Turn on HTTPS on the network and connect it again with https://`;
}

function relayBase(relayUrl: string): string {
  try {
    const url = new URL(relayUrl);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && isStorableText(relayUrl)) return relayUrl.replace(/\/+$/, '');
  } catch {
    // reported below
  }
  throw new RelayError(400, 'invalid_request', 'relay_url: must be the http(s) address the network reaches the relay at (RELAY_PUBLIC_URL)', { field: 'relay_url' });
}

/** Events the plugin POSTs: every registered one but those the catalog knows the plugin only logs. */
function postsWebhooks(slug: string): boolean {
  return findEventType(slug)?.pluginDelivery !== 'records-only';
}

/** What the connection service uses of the relay. */
export type NetworkConnectionDependencies = Pick<RelayContext, 'config' | 'store' | 'keys' | 'log' | 'now'>;

const ingestUrl = (relay: NetworkConnectionDependencies, relayUrl: string, slug: string) => `${relayUrl}/ingest/${relay.keys.ingestToken}/${slug}`;

const clientFor = (relay: NetworkConnectionDependencies, credentials: PluginApiCredentials) => pluginApiClientFor(relay.config, credentials);

/** Runs a call to the network; its failure becomes the relay's answer saying what to do. */
async function onNetwork<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof PluginApiError) throw connectionRefusal(error);
    throw error;
  }
}

async function readRegisteredEvents(client: PluginApiClient): Promise<RegisteredEvent[]> {
  const hooks = await client.hooks();
  return Object.entries(hooks).map(([slug, hook]) => ({ slug, name: hook.name, description: hook.desc, sample: hook.payload }));
}

/**
 * Makes the plugin's webhooks match what the relay wants: one active webhook per event the network POSTs, at
 * this relay's ingest URL. Keeps what is right, adopts a matching webhook made by hand, replaces ones the relay
 * created that were changed, creates what is missing, removes the relay's webhooks for events no longer
 * registered. What was done so far is saved even when a call fails midway, so disconnect can undo it.
 */
async function reconcile(relay: NetworkConnectionDependencies, client: PluginApiClient, record: NetworkConnectionRecord): Promise<NetworkConnectionRecord> {
  const registered = await readRegisteredEvents(client);
  const inPlugin = new Map((await client.listWebhooks()).map((webhook) => [webhook.id, webhook]));
  const wanted = registered.filter((event) => postsWebhooks(event.slug));
  const previous = new Map(record.wiredWebhooks.map((wired) => [wired.event, wired]));
  const tooLong = wanted.map((event) => ingestUrl(relay, record.relayUrl, event.slug)).find((url) => url.length > maxPluginUrlLength);
  if (tooLong) {
    throw new RelayError(422, 'relay_url_too_long', `the ingest URL ${tooLong.replace(relay.keys.ingestToken, '{token}')} is ${tooLong.length} characters, the plugin keeps at most ${maxPluginUrlLength}: use a shorter RELAY_PUBLIC_URL`);
  }
  // Processed events move from `previous` to `wired`; what is left in `previous` was not reached (kept as it was).
  const wired: WiredWebhook[] = [];
  const save = () => relay.store.network.save({ ...record, registeredEvents: registered, wiredWebhooks: [...wired, ...previous.values()], checkedAt: relay.now() });

  try {
    for (const event of wanted) {
      const url = ingestUrl(relay, record.relayUrl, event.slug);
      const mine = previous.get(event.slug);
      const current = mine ? inPlugin.get(mine.pluginWebhookId) : undefined;
      if (mine && current && isRight(current, event.slug, url)) {
        wired.push(mine);
        previous.delete(event.slug);
        continue;
      }
      if (mine && current && mine.createdByRelay) await client.deleteWebhook(current.id);
      previous.delete(event.slug);
      const adoptable = [...inPlugin.values()].find((webhook) => isRight(webhook, event.slug, url));
      if (adoptable) {
        wired.push({ event: event.slug, pluginWebhookId: adoptable.id, url, createdByRelay: adoptable.integration === record.integration });
        continue;
      }
      const created = await client.createWebhook({ name: `${record.integration}: ${event.name}`.slice(0, 191), webhook_url: url, event: event.slug, integration: record.integration, active: true });
      wired.push({ event: event.slug, pluginWebhookId: created.id, url, createdByRelay: true });
    }
    // Events the network no longer registers (an add-on removed): the relay's webhooks for them go.
    for (const stale of previous.values()) {
      if (stale.createdByRelay && inPlugin.has(stale.pluginWebhookId)) await client.deleteWebhook(stale.pluginWebhookId);
      previous.delete(stale.event);
    }
  } finally {
    await save();
  }
  return (await relay.store.network.get())!;
}

function isRight(webhook: PluginWebhook, slug: string, url: string): boolean {
  return webhook.event === slug && webhook.webhook_url === url && webhook.active;
}

export async function connectNetwork(relay: NetworkConnectionDependencies, input: ConnectInput): Promise<NetworkState> {
  const networkUrl = normaliseNetworkUrl(input.networkUrl);
  const relayUrl = relayBase(input.relayUrl);
  if (!input.apiKey.trim()) throw new RelayError(400, 'invalid_request', 'api_key: is required (Network Admin → Ultimate Multisite → Settings → API & Webhooks)', { field: 'api_key' });
  if (!input.apiSecret.trim()) throw new RelayError(400, 'invalid_request', 'api_secret: is required (Network Admin → Ultimate Multisite → Settings → API & Webhooks)', { field: 'api_secret' });
  for (const [field, value] of [['api_key', input.apiKey], ['api_secret', input.apiSecret]] as const) {
    if (!isStorableText(value)) throw new RelayError(400, 'invalid_request', `${field}: must not contain control characters or unpaired surrogates: copy it again from Network Admin → Ultimate Multisite → Settings → API & Webhooks`, { field });
  }
  const existing = await relay.store.network.get();
  if (existing && existing.networkUrl !== networkUrl) {
    throw new RelayError(409, 'network_already_connected', `the relay is connected to ${existing.networkUrl}: disconnect it first (relay network disconnect)`);
  }
  const credentials = { networkUrl, apiKey: input.apiKey.trim(), apiSecret: input.apiSecret.trim() };
  const client = clientFor(relay, credentials);
  const auth = await onNetwork(() => client.auth());
  const record: NetworkConnectionRecord = {
    ...credentials,
    label: auth.label,
    integration: relay.config.name,
    relayUrl,
    registeredEvents: existing?.registeredEvents ?? [],
    wiredWebhooks: existing?.wiredWebhooks ?? [],
    connectedAt: existing?.connectedAt ?? relay.now(),
    checkedAt: relay.now(),
  };
  await onNetwork(() => reconcile(relay, client, record));
  relay.log.info('network connected', { network: networkUrl, events: (await relay.store.network.get())?.wiredWebhooks.length });
  if (clearTextWarning(networkUrl)) relay.log.warn('network connected over plain http: its API key and secret travel in clear', { network: networkUrl });
  return networkState(relay);
}

async function requireConnection(relay: NetworkConnectionDependencies): Promise<NetworkConnectionRecord> {
  const record = await relay.store.network.get();
  if (!record) throw new RelayError(404, 'not_connected', 'no network is connected: connect one first (relay network connect https://network.example --api-key … --api-secret …)');
  return record;
}

/** Rewires from the stored credentials, to `relayUrl` when given (a new RELAY_PUBLIC_URL), else where it was. */
export async function repairNetwork(relay: NetworkConnectionDependencies, options: { relayUrl?: string } = {}): Promise<NetworkState> {
  const record = await requireConnection(relay);
  const relayUrl = options.relayUrl ? relayBase(options.relayUrl) : record.relayUrl;
  await onNetwork(() => reconcile(relay, clientFor(relay, record), { ...record, relayUrl }));
  relay.log.info('network repaired', { network: record.networkUrl });
  return networkState(relay);
}

/** Removes the webhooks the relay created (never the ones made by hand), then forgets the connection. */
export async function disconnectNetwork(relay: NetworkConnectionDependencies, options: { force?: boolean } = {}): Promise<{ disconnected: true; removed_webhooks: number; left_in_plugin: number }> {
  const record = await requireConnection(relay);
  const client = clientFor(relay, record);
  let removed = 0;
  const remaining = [...record.wiredWebhooks];
  try {
    for (const wired of record.wiredWebhooks.filter((candidate) => candidate.createdByRelay)) {
      await client.deleteWebhook(wired.pluginWebhookId).catch((error: unknown) => {
        // Already deleted in the plugin: nothing left to remove.
        if (!(error instanceof PluginApiError && error.status === 404)) throw error;
      });
      remaining.splice(remaining.indexOf(wired), 1);
      removed++;
    }
  } catch (error) {
    await relay.store.network.save({ ...record, wiredWebhooks: remaining });
    if (!options.force) {
      const refusal = error instanceof PluginApiError ? connectionRefusal(error) : error;
      if (refusal instanceof RelayError) {
        throw new RelayError(refusal.status, refusal.code, `${refusal.message}. Nothing was forgotten; to forget the connection anyway, leaving its webhooks in the plugin, disconnect with force`);
      }
      throw refusal;
    }
  }
  await relay.store.network.delete();
  relay.log.info('network disconnected', { network: record.networkUrl, removed });
  return { disconnected: true, removed_webhooks: removed, left_in_plugin: record.wiredWebhooks.length - removed };
}

/**
 * The connection as it is now: read live from the plugin (which webhooks are still there and unchanged), with
 * the newest event received at ingest. When the network cannot be read, the stored state and why.
 */
export async function networkState(relay: NetworkConnectionDependencies, options: { currentRelayUrl?: string } = {}): Promise<NetworkState> {
  const record = await relay.store.network.get();
  if (!record) return { connected: false };
  const problems: string[] = [];
  let inPlugin: Map<string, PluginWebhook> | null = null;
  let registered = record.registeredEvents;
  try {
    const client = clientFor(relay, record);
    inPlugin = new Map((await client.listWebhooks()).map((webhook) => [webhook.id, webhook]));
    registered = await readRegisteredEvents(client);
  } catch (error) {
    if (!(error instanceof PluginApiError)) throw error;
    problems.push(`The network could not be read just now: ${error.message}.`);
  }
  const nameOf = (slug: string) => registered.find((event) => event.slug === slug)?.name ?? findEventType(slug)?.name ?? slug;
  const lastReceived = new Map((await relay.store.listSeenEventTypes()).map((seen) => [seen.slug, new Date(seen.lastSeenAt).toISOString()]));
  const events = record.wiredWebhooks.map((wired) => {
    const current = inPlugin?.get(wired.pluginWebhookId);
    const status: WiredStatus = !inPlugin ? 'unknown' : !current ? 'missing' : current.event !== wired.event || current.webhook_url !== wired.url ? 'changed' : current.active ? 'ok' : 'inactive';
    return { event: wired.event, name: nameOf(wired.event), plugin_webhook_id: wired.pluginWebhookId, url: wired.url, created_by_relay: wired.createdByRelay, status, last_received_at: lastReceived.get(wired.event) ?? null };
  });
  for (const event of events.filter((candidate) => candidate.status !== 'ok' && candidate.status !== 'unknown')) {
    problems.push(`The webhook for ${event.event} is ${event.status} in the plugin: repair the connection to recreate it.`);
  }
  const wiredSlugs = new Set(record.wiredWebhooks.map((wired) => wired.event));
  const notWired = registered.filter((event) => !wiredSlugs.has(event.slug)).map((event) => ({
    event: event.slug,
    name: event.name,
    reason: postsWebhooks(event.slug) ? 'registered since the last repair: repair to wire it' : 'the plugin only logs it, it never POSTs a webhook',
  }));
  for (const event of notWired.filter((candidate) => postsWebhooks(candidate.event))) problems.push(`${event.event} is registered by the network but not wired: repair the connection.`);
  const currentRelayUrl = relay.config.publicUrl ?? options.currentRelayUrl;
  const relayMoved = Boolean(currentRelayUrl && currentRelayUrl.replace(/\/+$/, '') !== record.relayUrl);
  if (relayMoved) {
    problems.push(`The webhooks point at ${record.relayUrl}, the relay is now at ${currentRelayUrl}: repair the connection.`);
  }
  const latest = (await relay.store.listEvents({ includeTests: true }, { limit: 50 })).items.find((event) => event.source === 'ingest');
  return {
    connected: true,
    network_url: record.networkUrl,
    label: record.label,
    api_key_hint: `…${record.apiKey.slice(-4)}`,
    integration: record.integration,
    relay_url: record.relayUrl,
    connected_at: new Date(record.connectedAt).toISOString(),
    checked_at: new Date(record.checkedAt).toISOString(),
    events,
    not_wired: notWired,
    last_event: latest ? { id: latest.id, event: latest.event, received_at: new Date(latest.receivedAt).toISOString(), test: latest.isTest } : null,
    needs_repair: relayMoved || events.some((event) => event.status !== 'ok' && event.status !== 'unknown') || notWired.some((event) => postsWebhooks(event.event)),
    problems,
    warnings: [clearTextWarning(record.networkUrl)].filter((warning) => warning !== null),
  };
}

/** On start: if RELAY_PUBLIC_URL no longer matches where the network's webhooks point, rewire them. */
export async function repairIfRelayUrlChanged(relay: NetworkConnectionDependencies): Promise<void> {
  const record = await relay.store.network.get();
  const publicUrl = relay.config.publicUrl;
  if (!record || !publicUrl || publicUrl === record.relayUrl) return;
  try {
    await repairNetwork(relay, { relayUrl: publicUrl });
    relay.log.info('network webhooks moved to the new RELAY_PUBLIC_URL', { network: record.networkUrl, relay_url: publicUrl });
  } catch (error) {
    relay.log.warn('network webhooks still point at the old relay URL; repair the connection', { network: record.networkUrl, error: (error as Error).message });
  }
}
