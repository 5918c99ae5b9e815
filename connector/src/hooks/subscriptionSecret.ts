/**
 * The secrets a hook post may be signed with: the one kept at subscribe time, and, when that one does not match,
 * the webhook's current one from the relay (a secret rotated on the relay must not silence the Zap).
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { relayRequest } from '../relay/relayRequest.js';

interface StoredSubscription {
  id?: unknown;
  secret?: unknown;
}

export function storedSecret(bundle: Bundle): string | undefined {
  const data = bundle.subscribeData as StoredSubscription | undefined;
  return typeof data?.secret === 'string' && data.secret ? data.secret : undefined;
}

export async function currentSecret(z: ZObject, bundle: Bundle): Promise<string | undefined> {
  const id = (bundle.subscribeData as StoredSubscription | undefined)?.id;
  if (typeof id !== 'string' || !id) return undefined;
  const { data } = await relayRequest<{ secret?: string }>(z, bundle, { path: `/v1/webhooks/${encodeURIComponent(id)}/secret`, accept: [404] });
  return typeof data?.secret === 'string' ? data.secret : undefined;
}
