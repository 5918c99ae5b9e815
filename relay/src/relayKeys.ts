/** The relay's API key and ingest token: given in the environment, else stored, else generated once and stored. */
import { randomBytes } from 'node:crypto';
import type { RelayConfig } from './config/config.ts';
import type { Store } from './store/store.ts';

export interface RelayKeys {
  apiKey: string;
  ingestToken: string;
}

const newSecretKey = (prefix: string) => `${prefix}_${randomBytes(24).toString('base64url')}`;

export async function resolveKeys(store: Store, config: Pick<RelayConfig, 'apiKey' | 'ingestToken'>): Promise<{ keys: RelayKeys; generated: (keyof RelayKeys)[] }> {
  const generated: (keyof RelayKeys)[] = [];
  const resolve = async (name: keyof RelayKeys, given: string | null, prefix: string) => {
    if (given) return given;
    const { value, created } = await store.getOrCreateSetting(name, newSecretKey(prefix));
    if (created) generated.push(name);
    return value;
  };
  const apiKey = await resolve('apiKey', config.apiKey, 'rk');
  const ingestToken = await resolve('ingestToken', config.ingestToken, 'it');
  return { keys: { apiKey, ingestToken }, generated };
}
