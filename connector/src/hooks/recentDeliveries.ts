/**
 * Replays inside the signature's five-minute window: a verified post whose webhook-id this subscription already
 * took in the last ten minutes (the window either side of now) does not run the Zap again. Remembered in
 * Zapier's cache (zapierCache.ts) only after the signature checked out, so forged posts cannot block a real id.
 * Where the cache is unavailable, replays within the window run the Zap again (the relay's own repeats carry the
 * same webhook-id, so Zaps that must never repeat can still deduplicate on it).
 */
import type { ZObject } from 'zapier-platform-core';
import { cacheGet, cacheSet } from './zapierCache.js';

export const replayMemorySeconds = 600;

/** True the first time a (subscription, webhook-id) is seen within the memory; false for a replay. */
export async function firstDelivery(z: ZObject, subscription: string, webhookId: string): Promise<boolean> {
  const key = `relay-delivered:${subscription}:${webhookId}`;
  if (await cacheGet<true>(z, key)) return false;
  return cacheSet(z, key, true, replayMemorySeconds, true);
}
