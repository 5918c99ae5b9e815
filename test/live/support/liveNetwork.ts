/**
 * The live suite's link to a real Ultimate Multisite network (../shared/ultimate-multisite-network/, started by
 * .ci/run): its address, credentials and scripts come from the environment, never from a path in the project.
 * Without them every live suite is skipped with one line saying how to run it.
 *
 *   UM_NETWORK_URL, UM_API_KEY, UM_API_SECRET   the network's main site and REST API credentials
 *   UM_NETWORK_TOOLS                            the folder holding um.sh and send-test-event.sh
 *   WORK, UM_WP_DIR, UM_CAPTURE_LOG             the network's own settings, which its scripts read (its env.sh)
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'vitest';
import { startTestRelay, tempDir, type TestRelay } from '../../support/testRelay.ts';

const run = promisify(execFile);

export interface LiveNetwork {
  url: string;
  apiKey: string;
  apiSecret: string;
  tools: string;
  /** Environment for the network's scripts (its WORK, UM_WP_DIR, …). */
  env: NodeJS.ProcessEnv;
  captureLog: string | null;
}

const required = ['UM_NETWORK_URL', 'UM_API_KEY', 'UM_API_SECRET', 'UM_NETWORK_TOOLS'] as const;

/** The network the environment names, or null when any of it is missing. */
export function liveNetworkFromEnv(env: NodeJS.ProcessEnv = process.env): LiveNetwork | null {
  if (required.some((name) => !env[name])) return null;
  return {
    url: env.UM_NETWORK_URL!.replace(/\/+$/, ''),
    apiKey: env.UM_API_KEY!,
    apiSecret: env.UM_API_SECRET!,
    tools: env.UM_NETWORK_TOOLS!,
    // The capture plugin reads UMWP_CAPTURE_LOG: set for the scripts too, what the flows send is recorded as well.
    env: { ...env, ...(env.UM_CAPTURE_LOG && !env.UMWP_CAPTURE_LOG ? { UMWP_CAPTURE_LOG: env.UM_CAPTURE_LOG } : {}) },
    captureLog: env.UM_CAPTURE_LOG ?? null,
  };
}

export const liveNetwork = liveNetworkFromEnv();

export const howToRunLive =
  'skipped: no live Ultimate Multisite network in the environment (UM_NETWORK_URL, UM_API_KEY, UM_API_SECRET, UM_NETWORK_TOOLS); ' +
  'run: ../shared/ultimate-multisite-network/start.sh && . /tmp/um-network/env.sh && UM_NETWORK_TOOLS=../shared/ultimate-multisite-network npx vitest run test/live (or .ci/run)';

/** describe() when a live network is configured; otherwise one skipped line saying how to run it. */
export function describeLive(name: string, body: (network: LiveNetwork) => void): void {
  const network = liveNetwork;
  if (!network) {
    describe(name, () => it.skip(howToRunLive, () => undefined));
    return;
  }
  describe(name, () => body(network));
}

/** The live network, for code that only runs inside describeLive. */
export function requireLiveNetwork(): LiveNetwork {
  if (!liveNetwork) throw new Error(howToRunLive);
  return liveNetwork;
}

async function script(name: string, args: string[]): Promise<string> {
  const network = requireLiveNetwork();
  try {
    const { stdout } = await run(path.join(network.tools, name), args, { env: network.env, maxBuffer: 32 * 1024 * 1024, timeout: 120_000 });
    return stdout;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${name} ${args.join(' ')} failed: ${failed.message}\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`);
  }
}

/** `um.sh …` (the plugin's own PHP from the command line): its standard output. */
export const um = (...args: string[]): Promise<string> => script('um.sh', args);

/** `um.sh flow NAME`: the plugin's code path that raises a real event (customer, payment, site, …). */
export const flow = (name: string): Promise<string> => um('flow', name);

/** `um.sh fire SLUG`: the plugin's own sample payload for SLUG through wu_do_event. */
export const fire = (slug: string): Promise<string> => um('fire', slug);

/** `um.sh cron`: what the network's cron would run now (due Action Scheduler actions and WP-Cron events). */
export const cron = (): Promise<string> => um('cron');

/** The plugin's Send Test Event button for one of its webhooks: the JSON its dialog shows. */
export async function sendTestEvent(pluginWebhookId: string | number): Promise<unknown> {
  const answer = await script('send-test-event.sh', [String(pluginWebhookId)]);
  try {
    return JSON.parse(answer) as unknown;
  } catch {
    return answer.trim();
  }
}

export interface CapturedRequest {
  url: string;
  headers?: Record<string, unknown>;
  body?: string;
  blocking?: boolean;
  [key: string]: unknown;
}

/** Every request WordPress sent to an /ingest/ URL so far (the network's capture log), oldest first. */
export function capturedRequests(): CapturedRequest[] {
  const file = requireLiveNetwork().captureLog;
  if (!file || !fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as CapturedRequest);
}

/** An unused loopback port, so a relay's public URL can be known before it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface LiveRelay extends TestRelay {
  port: number;
  /** The URL the network posts to (RELAY_PUBLIC_URL). */
  publicUrl: string;
}

/**
 * A real relay on loopback the network can reach: private targets allowed (the network and the subscribers are
 * on this machine), its public URL set, network calls not throttled unless `env` says so. Give `dataDir` and
 * `port` to restart one where another stopped.
 */
export async function startLiveRelay(options: { env?: Record<string, string>; dataDir?: string; port?: number; publicHost?: string } = {}): Promise<LiveRelay> {
  const port = options.port ?? (await freePort());
  const publicUrl = `http://${options.publicHost ?? '127.0.0.1'}:${port}`;
  const relay = await startTestRelay({
    PORT: String(port),
    RELAY_PUBLIC_URL: publicUrl,
    RELAY_ALLOW_PRIVATE_TARGETS: '1',
    RELAY_NETWORK_TIMEOUT: '30s',
    RELAY_NETWORK_CALLS_PER_MINUTE: '6000',
    RELAY_NETWORK_BURST: '1000',
    ...options.env,
  }, { dataDir: options.dataDir ?? tempDir('relay-live-') });
  return { ...relay, port, publicUrl };
}

/** Connects a relay to the live network (PUT /v1/network); throws with the relay's answer when it fails. */
export async function connectLive(relay: TestRelay): Promise<Record<string, unknown>> {
  const network = requireLiveNetwork();
  const answer = await relay.api('/v1/network', { method: 'PUT', json: { network_url: network.url, api_key: network.apiKey, api_secret: network.apiSecret } });
  const body = (await answer.json()) as Record<string, unknown>;
  if (answer.status !== 200) throw new Error(`connecting the relay to ${network.url} answered ${answer.status}: ${JSON.stringify(body)}`);
  return body;
}

/** Disconnects (removing the relay's webhooks from the plugin); a relay not connected is fine. */
export async function disconnectLive(relay: TestRelay): Promise<void> {
  await relay.api('/v1/network?force=true', { method: 'DELETE' });
}

export type PluginApiCall = (pathname: string, init?: { method?: string; json?: unknown }) => Promise<{ status: number; body: unknown }>;

/** Calls to a plugin REST API (the live one, or the double) as the relay makes them: Basic api_key:api_secret. */
export function pluginApiAt(target: { url: string; apiKey: string; apiSecret: string }): PluginApiCall {
  const authorization = `Basic ${Buffer.from(`${target.apiKey}:${target.apiSecret}`).toString('base64')}`;
  return async (pathname, init = {}) => {
    const response = await fetch(`${target.url}/wp-json/wu/v2${pathname}`, {
      method: init.method ?? 'GET',
      headers: { authorization, accept: 'application/json', ...(init.json === undefined ? {} : { 'content-type': 'application/json' }) },
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    });
    const text = await response.text();
    try {
      return { status: response.status, body: JSON.parse(text) as unknown };
    } catch {
      return { status: response.status, body: `<not JSON: ${text.slice(0, 80)}>` };
    }
  };
}

/** One call to the live plugin's REST API. */
export const pluginApi: PluginApiCall = (pathname, init) => pluginApiAt(requireLiveNetwork())(pathname, init);
