/**
 * Standard Webhooks verification of a POST to a Zap's hook URL: the relay signs `<webhook-id>.<webhook-timestamp>.<body>`
 * with HMAC-SHA256 under the subscription's `whsec_` secret. Anyone who learns a hook URL can POST to it; only the
 * relay can sign, and the timestamp window stops an old signed post from being replayed later.
 */
import { defaultToleranceSeconds, signatureProblem } from '../signing/standardWebhooks.js';

/** `mismatch`: signed recently, but by none of the secrets given (the only refusal another secret could change). */
export type SignatureCheck = { ok: true; webhookId: string } | { ok: false; mismatch: boolean; reason: string };

/** Zapier renames request headers ("webhook-id" → "Http-Webhook-Id"); accept either spelling, any case. */
export function hookHeader(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase().replace(/^http-/, '') === name) return value;
  }
  return undefined;
}

export function checkSignature(rawBody: string, headers: Record<string, string>, secrets: readonly string[], nowMs: number): SignatureCheck {
  const id = hookHeader(headers, 'webhook-id');
  const timestamp = hookHeader(headers, 'webhook-timestamp');
  const signatures = hookHeader(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) return { ok: false, mismatch: false, reason: 'it has no webhook-id, webhook-timestamp or webhook-signature header, so it was not sent by the relay' };
  const problem = signatureProblem({ messageId: id, timestamp, signatureHeader: signatures, body: rawBody, secrets, nowSeconds: nowMs / 1000 });
  if (!problem) return { ok: true, webhookId: id };
  switch (problem.kind) {
    case 'timestamp':
      return { ok: false, mismatch: false, reason: `its webhook-timestamp ${JSON.stringify(timestamp)} is not Unix seconds` };
    case 'stale':
      return { ok: false, mismatch: false, reason: `it was signed ${Math.round(problem.skewSeconds)} s away from now (more than ${defaultToleranceSeconds} s): a replayed or forged post` };
    case 'mismatch':
      return secrets.length === 0
        ? { ok: false, mismatch: true, reason: 'this Zap has no signing secret to check it with; turn the Zap off and on again to subscribe anew' }
        : { ok: false, mismatch: true, reason: 'its signature does not match the subscription secret: a forged or altered post' };
  }
}
