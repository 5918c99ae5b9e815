/**
 * The secrets a hook post may be signed with: exactly those the relay lists for the subscription now (its current
 * secret, and the previous one while a rotation overlaps), so a secret rotated out on the relay stops working in
 * the Zap too. The list is cached for a minute per subscription, so forged posts do not each cost a relay call;
 * a post that matches none of a cached list older than a few seconds reads the list again (a rotation without
 * overlap is honoured within seconds).
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { relayRequest } from '../relay/relayRequest.js';
import { cacheGet, cacheSet } from './zapierCache.js';

interface StoredSubscription {
  id?: unknown;
  secret?: unknown;
}

export const secretsCacheSeconds = 60;
/** A cached list younger than this is not read again on a mismatch: forged posts cost at most one call per this. */
export const secretsRecheckMs = 5_000;

export function subscriptionId(bundle: Bundle): string | undefined {
  const id = (bundle.subscribeData as StoredSubscription | undefined)?.id;
  return typeof id === 'string' && id ? id : undefined;
}

function storedSecret(bundle: Bundle): string | undefined {
  const data = bundle.subscribeData as StoredSubscription | undefined;
  return typeof data?.secret === 'string' && data.secret ? data.secret : undefined;
}

async function fetchListed(z: ZObject, bundle: Bundle, id: string): Promise<string[]> {
  const { data } = await relayRequest<{ secret?: unknown; previous_secret?: unknown }>(z, bundle, { path: `/v1/webhooks/${encodeURIComponent(id)}/secret`, accept: [404] });
  const listed = [data?.secret, data?.previous_secret].filter((secret): secret is string => typeof secret === 'string' && secret !== '');
  await cacheSet(z, `relay-secrets:${id}`, listed, secretsCacheSeconds);
  return listed;
}

/**
 * The secrets to check a post with. `matches` tells whether a list verifies the post; a cached list that does not
 * is replaced by a fresh one unless it is younger than secretsRecheckMs. Empty: the relay no longer has the
 * subscription. A Zap subscribed before ids were kept can only use the secret it stored.
 */
export async function listedSecrets(z: ZObject, bundle: Bundle, matches: (secrets: string[]) => boolean): Promise<string[]> {
  const id = subscriptionId(bundle);
  if (!id) return [storedSecret(bundle)].filter((secret): secret is string => secret !== undefined);
  const cached = await cacheGet<string[]>(z, `relay-secrets:${id}`);
  if (cached && (matches(cached.value) || cached.ageMs < secretsRecheckMs)) return cached.value;
  return fetchListed(z, bundle, id);
}
