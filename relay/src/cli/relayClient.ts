/** How the CLI reaches a running relay: RELAY_URL and RELAY_API_KEY, else the local relay's stored keys. */
import { loadConfig } from '../config/config.ts';
import { openStore } from '../store/openStore.ts';
import { resolveKeys, type RelayKeys } from '../relayKeys.ts';
import { CliError } from './cliError.ts';

export interface RelayClient {
  baseUrl: string;
  keys: RelayKeys;
  request(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
}

export async function connectToRelay(env = process.env): Promise<RelayClient> {
  const config = loadConfig(env);
  const baseUrl = (env.RELAY_URL || `http://127.0.0.1:${config.port}`).replace(/\/+$/, '');
  let keys: RelayKeys;
  if (env.RELAY_API_KEY && env.RELAY_INGEST_TOKEN) {
    keys = { apiKey: env.RELAY_API_KEY, ingestToken: env.RELAY_INGEST_TOKEN };
  } else {
    // Same store, same keys as the relay started from this folder.
    const store = await openStore(config);
    try {
      keys = (await resolveKeys(store, config)).keys;
    } finally {
      await store.close();
    }
  }
  return {
    baseUrl,
    keys,
    async request(method, path, body) {
      let response: Response;
      try {
        response = await fetch(baseUrl + path, {
          method,
          headers: { authorization: `Bearer ${keys.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        });
      } catch (error) {
        throw new CliError(`cannot reach the relay at ${baseUrl} (${(error as Error).message}); start it with "npm start" or set RELAY_URL`);
      }
      const text = await response.text();
      let json: unknown = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = text;
      }
      if (response.status >= 400) {
        const message = (json as { error?: { message?: string } })?.error?.message ?? text;
        throw new CliError(`${method} ${path} → ${response.status}: ${message}`);
      }
      return { status: response.status, json };
    },
  };
}
