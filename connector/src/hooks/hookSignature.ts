/**
 * Standard Webhooks verification of a POST to a Zap's hook URL: the relay signs `<webhook-id>.<webhook-timestamp>.<body>`
 * with HMAC-SHA256 under the subscription's `whsec_` secret. Anyone who learns a hook URL can POST to it; only the
 * relay can sign, and the timestamp window stops an old signed post from being replayed later.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Standard Webhooks' window: a timestamp more than five minutes from now is refused either way. */
export const timestampToleranceSeconds = 5 * 60;

export type SignatureCheck = { ok: true; webhookId: string } | { ok: false; reason: string };

/** Zapier renames request headers ("webhook-id" → "Http-Webhook-Id"); accept either spelling, any case. */
export function hookHeader(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase().replace(/^http-/, '') === name) return value;
  }
  return undefined;
}

function signature(secret: string, signedContent: string): Buffer {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return createHmac('sha256', key).update(signedContent, 'utf8').digest();
}

export function checkSignature(rawBody: string, headers: Record<string, string>, secrets: readonly string[], nowMs: number): SignatureCheck {
  const id = hookHeader(headers, 'webhook-id');
  const timestamp = hookHeader(headers, 'webhook-timestamp');
  const signatures = hookHeader(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) return { ok: false, reason: 'it has no webhook-id, webhook-timestamp or webhook-signature header, so it was not sent by the relay' };
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: `its webhook-timestamp ${JSON.stringify(timestamp)} is not Unix seconds` };
  const skew = Math.abs(nowMs / 1000 - Number(timestamp));
  if (skew > timestampToleranceSeconds) return { ok: false, reason: `it was signed ${Math.round(skew)} s away from now (more than ${timestampToleranceSeconds} s): a replayed or forged post` };
  if (secrets.length === 0) return { ok: false, reason: 'this Zap has no signing secret to check it with; turn the Zap off and on again to subscribe anew' };
  const candidates = signatures.split(' ').filter((entry) => entry.startsWith('v1,')).map((entry) => Buffer.from(entry.slice(3), 'base64'));
  for (const secret of secrets) {
    const expected = signature(secret, `${id}.${timestamp}.${rawBody}`);
    if (candidates.some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected))) return { ok: true, webhookId: id };
  }
  return { ok: false, reason: 'its signature does not match the subscription secret: a forged or altered post' };
}
