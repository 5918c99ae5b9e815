/**
 * Was an inspected request signed by this relay? Tries the secrets of the webhooks that point at the bin:
 * the one named by the request's x-um-delivery-id header, and those whose URL is the bin's URL (as
 * RELAY_PUBLIC_URL, the request's Host, or the page's origin spell it). A forged header gains nothing:
 * without the secret, no signature verifies.
 */
import { verifySignature } from '../../../../shared/signing/standardWebhooks.ts';
import type { RelayContext } from '../../relayContext.ts';
import type { InspectedRequest, Webhook } from '../../store/types.ts';
import { binUrl, inspectPath } from './binEndpoint.ts';

export type SignatureVerdict =
  | { kind: 'unsigned' }
  | { kind: 'valid'; webhook: Webhook }
  | { kind: 'invalid'; reason: string };

function pointsAtBin(webhook: Webhook, binId: string): boolean {
  try {
    return new URL(webhook.url).pathname === `${inspectPath}/${encodeURIComponent(binId)}`;
  } catch {
    return false;
  }
}

/** Webhooks of this relay that deliver to the bin: found once per page, used for every request shown. */
export async function webhooksTargetingBin(relay: RelayContext, binId: string, bases: string[], requests: InspectedRequest[]): Promise<Webhook[]> {
  const found = new Map<string, Webhook>();
  const hosts = new Set(requests.map((request) => request.headers.host).filter((host): host is string => Boolean(host)));
  const urls = new Set([...bases, ...[...hosts].flatMap((host) => [`http://${host}`, `https://${host}`])].map((base) => binUrl(base, binId)));
  for (const url of urls) {
    for (const webhook of (await relay.store.listWebhooks({ url }, { limit: 100 })).items) found.set(webhook.id, webhook);
  }
  const deliveryIds = new Set(requests.map((request) => request.headers['x-um-delivery-id']).filter((id): id is string => Boolean(id)));
  for (const deliveryId of deliveryIds) {
    const delivery = await relay.store.getDelivery(deliveryId);
    const webhook = delivery && !found.has(delivery.webhookId) ? await relay.store.getWebhook(delivery.webhookId) : null;
    if (webhook && pointsAtBin(webhook, binId)) found.set(webhook.id, webhook);
  }
  return [...found.values()];
}

export function checkSignature(request: InspectedRequest, candidates: Webhook[]): SignatureVerdict {
  const { 'webhook-signature': signature, 'webhook-id': messageId, 'webhook-timestamp': timestamp } = request.headers;
  if (!signature) return { kind: 'unsigned' };
  if (!messageId || !timestamp) return { kind: 'invalid', reason: 'webhook-id or webhook-timestamp header missing' };
  if (candidates.length === 0) return { kind: 'invalid', reason: 'no webhook of this relay points at this bin' };
  for (const webhook of candidates) {
    for (const secret of [webhook.secret, webhook.previousSecret]) {
      // Judged as of arrival, so a request does not turn "invalid" on the page five minutes later.
      if (secret && verifySignature({ secret, messageId, timestamp, signatureHeader: signature, body: request.body, nowSeconds: Math.floor(request.receivedAt / 1000) })) {
        return { kind: 'valid', webhook };
      }
    }
  }
  return { kind: 'invalid', reason: `matches the secret of none of: ${candidates.map((webhook) => webhook.name).join(', ')}` };
}
