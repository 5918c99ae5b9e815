/**
 * perform: the relay's POST to a Zap's hook URL, as Zapier hands it over, turned into the Zap's items. A post that
 * is not signed by the relay with this subscription's secret, or signed too long ago, gives no item (the Zap does
 * not run) and a log line in the Zap's history saying why; so does an event the trigger's filters leave out.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import type { Payload } from '../catalog/eventCatalog.js';
import { eventItem, type EventItem } from '../items/eventItem.js';
import { mappingContext } from '../items/mappingContext.js';
import { filteredOutBecause } from '../triggers/triggerFilters.js';
import { checkSignature, hookHeader, type SignatureCheck } from './hookSignature.js';
import { currentSecret, storedSecret } from './subscriptionSecret.js';

function isPayload(value: unknown): value is Payload {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function verify(z: ZObject, bundle: Bundle, rawBody: string, headers: Record<string, string>): Promise<SignatureCheck> {
  const stored = storedSecret(bundle);
  const check = checkSignature(rawBody, headers, stored ? [stored] : [], Date.now());
  if (check.ok || !/signature does not match|no signing secret/.test(check.reason)) return check;
  const current = await currentSecret(z, bundle);
  return current && current !== stored ? checkSignature(rawBody, headers, [current], Date.now()) : check;
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
  const item = eventItem(check.webhookId, slug, body, mappingContext(bundle));
  const filteredOut = filteredOutBecause(item, bundle.inputData);
  if (filteredOut) {
    z.console.log(`Skipped event ${item.id} (${slug}): ${filteredOut}.`);
    return [];
  }
  return [item];
}
