/** The request a subscriber receives: the host's exact body, Standard Webhooks headers, the event's name. */
import { signatureHeader } from '../../../shared/signing/standardWebhooks.ts';
import type { Webhook } from '../store/types.ts';
import type { WebhookRequest } from './httpClient.ts';
import packageJson from '../../../package.json' with { type: 'json' };

export const relayUserAgent = `UltimateMultisiteRelay/${packageJson.version} (Standard Webhooks)`;

/** The signing secrets in force: the current one, and the previous one during a rotation's overlap. */
export function activeSecrets(webhook: Webhook, now: number): string[] {
  const secrets = [webhook.secret];
  if (webhook.previousSecret && webhook.previousSecretExpiresAt !== null && webhook.previousSecretExpiresAt > now) secrets.push(webhook.previousSecret);
  return secrets;
}

export function buildOutgoingRequest(input: {
  webhook: Webhook;
  eventId: string;
  eventType: string;
  deliveryId: string;
  attemptNumber: number;
  body: string;
  now: number;
  /** Recovered from the plugin's send log: said in a header, the body's bytes unchanged. */
  recovered?: boolean;
}): WebhookRequest {
  const timestamp = Math.floor(input.now / 1000);
  return {
    url: input.webhook.url,
    body: input.body,
    headers: {
      'content-type': 'application/json',
      'user-agent': relayUserAgent,
      // Standard Webhooks: the id is the event's, the same for every attempt and every subscriber.
      'webhook-id': input.eventId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader(activeSecrets(input.webhook, input.now), input.eventId, timestamp, input.body),
      'x-um-event': input.eventType,
      'x-um-delivery-id': input.deliveryId,
      'x-um-attempt': String(input.attemptNumber),
      ...(input.recovered ? { 'x-um-recovered': 'true' } : {}),
    },
  };
}

/** Stands in for the signature when a sent request is shown again: the secret never leaves the relay. */
export const signatureShownAs = 'v1,<HMAC-SHA256 of "webhook-id.webhook-timestamp.body" with the signing secret, one per secret in force>';

/**
 * The request an attempt sent, rebuilt for people to read (the attempt log keeps the response, not the request):
 * the same builder, at the attempt's start, with the signature replaced by what it is.
 */
export function sentRequest(input: { webhook: Webhook; eventId: string; eventType: string; deliveryId: string; attemptNumber: number; body: string; startedAt: number }): WebhookRequest {
  const request = buildOutgoingRequest({ ...input, now: input.startedAt });
  return { ...request, headers: { ...request.headers, 'webhook-signature': signatureShownAs } };
}
