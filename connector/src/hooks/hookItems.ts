/**
 * perform: the relay's POST to a Zap's hook URL, as Zapier hands it over, turned into the Zap's items. A post that
 * is not signed by the relay with a secret it lists for this subscription now, signed too long ago, or already
 * taken (a replay) gives no item (the Zap does not run) and a log line in the Zap's history saying why; so does an
 * event the trigger's filters leave out.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import type { Payload } from '../catalog/eventCatalog.js';
import type { EventItem } from '../items/eventItem.js';
import { mappingContext } from '../items/mappingContext.js';
import { filteredOutBecause } from '../triggers/triggerFilters.js';
import { checkSignature, hookHeader, type SignatureCheck } from './hookSignature.js';
import { eventItemWithKnown } from './knownRecords.js';
import { firstDelivery } from './recentDeliveries.js';
import { listedSecrets, subscriptionId } from './subscriptionSecret.js';

function isPayload(value: unknown): value is Payload {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function verify(z: ZObject, bundle: Bundle, rawBody: string, headers: Record<string, string>): Promise<SignatureCheck> {
  const checkWith = (secrets: readonly string[]) => checkSignature(rawBody, headers, secrets, Date.now());
  const unsigned = checkWith([]);
  if (!unsigned.ok && !unsigned.mismatch) return unsigned; // no headers, or out of the time window: no look-up needed
  const secrets = await listedSecrets(z, bundle, (listed) => checkWith(listed).ok);
  if (secrets.length === 0 && subscriptionId(bundle)) {
    return { ok: false, mismatch: true, reason: 'the relay no longer has this subscription; turn the Zap off and on again to subscribe anew' };
  }
  return checkWith(secrets);
}

export async function itemsFromHook(z: ZObject, bundle: Bundle, expectedSlug: string): Promise<EventItem[]> {
  const rawBody = bundle.rawRequest?.content;
  const headers = bundle.rawRequest?.headers ?? {};
  if (typeof rawBody !== 'string') {
    z.console.log('Ignored a post to this Zap: Zapier passed no raw body to verify.');
    return [];
  }
  const check = await verify(z, bundle, rawBody, headers);
  if (!check.ok) {
    z.console.log(`Ignored a post to this Zap's hook URL: ${check.reason}.`);
    return [];
  }
  const subscription = subscriptionId(bundle);
  if (subscription && !(await firstDelivery(z, subscription, check.webhookId))) {
    z.console.log(`Ignored event ${check.webhookId}: this Zap already took it in the last minutes (a replayed post).`);
    return [];
  }
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    body = undefined;
  }
  if (!isPayload(body)) throw new z.errors.Error('The relay posted something that is not a JSON object; expected an Ultimate Multisite event payload.', 'InvalidPayload', 400);
  const slug = hookHeader(headers, 'x-um-event') ?? expectedSlug;
  if (slug !== expectedSlug) {
    z.console.log(`Ignored event ${check.webhookId}: it is ${slug}, this Zap follows ${expectedSlug}.`);
    return [];
  }
  const item = await eventItemWithKnown(z, bundle, check.webhookId, slug, body, mappingContext(bundle));
  const filteredOut = filteredOutBecause(item, bundle.inputData);
  if (filteredOut) {
    z.console.log(`Skipped event ${item.id} (${slug}): ${filteredOut}.`);
    return [];
  }
  return [item];
}
