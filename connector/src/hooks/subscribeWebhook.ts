/** performSubscribe: a relay webhook for one event type, pointing at the Zap's hook URL; its secret is kept to verify posts. */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { relayRequest } from '../relay/relayRequest.js';

export interface SubscribeData {
  id: string;
  /** The webhook's `whsec_` signing secret: perform checks every post with it. */
  secret: string;
}

export async function subscribeWebhook(z: ZObject, bundle: Bundle, slug: string, eventName: string): Promise<SubscribeData> {
  if (!bundle.targetUrl) throw new z.errors.Error('Zapier gave no hook URL to subscribe.', 'MissingTargetUrl', 400);
  const zapId = bundle.meta?.zap?.id;
  // The relay answers a second subscribe of the same hook URL with the same webhook, so a repeat never doubles deliveries.
  const { data } = await relayRequest<{ id: string; secret: string }>(z, bundle, {
    method: 'POST',
    path: '/v1/webhooks',
    json: {
      // The name is what someone reading the relay's webhook list sees: say which Zap made it.
      name: `Zapier: ${eventName}${zapId ? ` (Zap ${zapId})` : ''}`,
      url: bundle.targetUrl,
      event: slug,
      integration: 'zapier',
    },
  });
  if (!data?.id || typeof data.secret !== 'string') throw new z.errors.Error('The relay created the webhook but returned no id or secret.', 'RelayError', 502);
  // An object, not an array: Zapier hands it back as bundle.subscribeData.
  return { id: data.id, secret: data.secret };
}
