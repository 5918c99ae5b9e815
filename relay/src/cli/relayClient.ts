/**
 * How the CLI finds the relay it talks to, and says which: RELAY_URL if set, else the relay running on the
 * data dir (its relay.lock), else http://127.0.0.1:PORT. Keys come from RELAY_API_KEY / RELAY_INGEST_TOKEN,
 * else from that data dir's store, read-only: the CLI never creates a store (and so never prints a key the
 * running relay does not know).
 */
import { loadConfig, type RelayConfig } from '../config/config.ts';
import { openStore } from '../store/openStore.ts';
import { findRunningRelay } from '../store/sqlite/dataDirLock.ts';
import { readStoredSettings } from '../store/sqlite/storedSettings.ts';
import { resolveKeys, type RelayKeys } from '../relayKeys.ts';
import { CliError } from './cliError.ts';
import type { Output } from './output/output.ts';

export interface RelayClient {
  baseUrl: string;
  keys: RelayKeys;
  config: RelayConfig;
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }>;
}

async function findKeys(config: RelayConfig): Promise<RelayKeys> {
  if (config.apiKey && config.ingestToken) return { apiKey: config.apiKey, ingestToken: config.ingestToken };
  if (config.databaseUrl) {
    // The database is the relay's own: its keys are there once it has started.
    const store = await openStore(config);
    try {
      return (await resolveKeys(store, config)).keys;
    } finally {
      await store.close();
    }
  }
  const stored = readStoredSettings(config.dataDir, ['apiKey', 'ingestToken']);
  const apiKey = config.apiKey ?? stored?.apiKey;
  const ingestToken = config.ingestToken ?? stored?.ingestToken;
  if (!stored && !config.apiKey) {
    throw new CliError(
      `no relay store in ${config.dataDir}: run this where the relay runs (or set RELAY_DATA_DIR to its data dir), or set RELAY_URL and RELAY_API_KEY; start a relay with "npm start"`,
    );
  }
  if (!apiKey || !ingestToken) throw new CliError(`the store in ${config.dataDir} has no keys yet: start the relay once ("npm start"), or set RELAY_API_KEY and RELAY_INGEST_TOKEN`);
  return { apiKey, ingestToken };
}

export async function connectToRelay(env: NodeJS.ProcessEnv, out: Output): Promise<RelayClient> {
  const config = loadConfig(env);
  const running = config.databaseUrl ? null : findRunningRelay(config.dataDir);
  let baseUrl: string;
  if (env.RELAY_URL) {
    baseUrl = env.RELAY_URL.replace(/\/+$/, '');
    out.note(`relay: ${baseUrl} (RELAY_URL)`);
  } else if (running?.url) {
    baseUrl = running.url;
    out.note(`relay: ${baseUrl} (pid ${running.pid}, data dir ${config.dataDir})`);
  } else {
    baseUrl = `http://127.0.0.1:${config.port}`;
    out.note(`relay: ${baseUrl} (no relay is running on ${config.dataDir}; set RELAY_URL to reach another)`);
  }
  const keys = await findKeys(config);
  return {
    baseUrl,
    keys,
    config,
    async request<T>(method: string, path: string, body?: unknown) {
      let response: Response;
      try {
        response = await fetch(baseUrl + path, {
          method,
          headers: { authorization: `Bearer ${keys.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        });
      } catch (error) {
        const cause = ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code ?? (error as Error).message;
        throw new CliError(`cannot reach the relay at ${baseUrl} (${cause}): start it with "npm start", or set RELAY_URL to where it runs`);
      }
      const text = await response.text();
      let json: unknown = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = text;
      }
      if (response.status === 401) {
        throw new CliError(`the relay at ${baseUrl} refused the API key (401): set RELAY_API_KEY to the key it was started with ("npm run relay -- keys" where it runs prints it)`);
      }
      if (response.status >= 400) {
        const message = (json as { error?: { message?: string } } | null)?.error?.message ?? text;
        throw new CliError(`${method} ${path.replace(/^\/ingest\/[^/]+/, '/ingest/{token}')} → ${response.status}: ${message}`);
      }
      return { status: response.status, json: json as T };
    },
  };
}
