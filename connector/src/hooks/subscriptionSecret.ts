/**
 * The secrets a hook post may be signed with: exactly those the relay lists for the subscription now (its current
 * secret, and the previous one while a rotation overlaps), so a secret rotated out on the relay stops working in
 * the Zap too. The list is cached for a minute per subscription, so forged posts do not each cost a relay call;
 * the previous secret is cached with the end of its overlap and not used past it, and a post that matches none of
 * a cached list older than a few seconds reads the list again (a rotation without overlap is honoured within seconds).
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

/** The relay's list as cached: each secret with the time it stops being in force (null: until the list is read again). */
type ListedSecrets = { secret: string; until: number | null }[];

const inForce = (listed: ListedSecrets) => listed.filter(({ until }) => until === null || until > Date.now()).map(({ secret }) => secret);
const cacheKey = (id: string) => `relay-secret-list:${id}`;

async function fetchListed(z: ZObject, bundle: Bundle, id: string): Promise<string[]> {
  const { data } = await relayRequest<{ secret?: unknown; previous_secret?: unknown; previous_secret_expires_at?: unknown }>(z, bundle, { path: `/v1/webhooks/${encodeURIComponent(id)}/secret`, accept: [404] });
  const previousUntil = typeof data?.previous_secret_expires_at === 'string' ? Date.parse(data.previous_secret_expires_at) : Number.NaN;
  const listed: ListedSecrets = [
    { secret: data?.secret, until: null },
    // A previous secret without a readable end is in force for as long as the list is cached.
    { secret: data?.previous_secret, until: Number.isFinite(previousUntil) ? previousUntil : null },
  ].filter((entry): entry is ListedSecrets[number] => typeof entry.secret === 'string' && entry.secret !== '');
  await cacheSet(z, cacheKey(id), listed, secretsCacheSeconds);
  return inForce(listed);
}

/**
 * The secrets to check a post with. `matches` tells whether a list verifies the post; a cached list that does not
 * is replaced by a fresh one unless it is younger than secretsRecheckMs. Empty: the relay no longer has the
 * subscription. A Zap subscribed before ids were kept can only use the secret it stored.
 */
export async function listedSecrets(z: ZObject, bundle: Bundle, matches: (secrets: string[]) => boolean): Promise<string[]> {
  const id = subscriptionId(bundle);
  if (!id) return [storedSecret(bundle)].filter((secret): secret is string => secret !== undefined);
  const cached = await cacheGet<ListedSecrets>(z, cacheKey(id));
  const secrets = cached ? inForce(cached.value) : [];
  if (cached && (matches(secrets) || cached.ageMs < secretsRecheckMs)) return secrets;
  return fetchListed(z, bundle, id);
}
