// Generated from shared/signing/standardWebhooks.ts by connector/scripts/sync-shared.ts; do not edit by hand.
/** Standard Webhooks 1.0 signing: HMAC-SHA256 over "<id>.<timestamp>.<body>" with a whsec_ secret. */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const secretPrefix = 'whsec_';

/** 32 random bytes (the spec allows 24–64), written whsec_<base64>. */
export function generateSigningSecret(): string {
  return secretPrefix + randomBytes(32).toString('base64');
}

function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : secret, 'base64');
}

/** One `v1,<base64>` signature entry. */
export function signPayload(secret: string, messageId: string, timestampSeconds: number, body: string | Buffer): string {
  const hmac = createHmac('sha256', secretKey(secret));
  hmac.update(`${messageId}.${timestampSeconds}.`);
  hmac.update(body);
  return `v1,${hmac.digest('base64')}`;
}

/** The `webhook-signature` header: one entry per active secret (several while a secret is being rotated). */
export function signatureHeader(secrets: readonly string[], messageId: string, timestampSeconds: number, body: string | Buffer): string {
  return secrets.map((secret) => signPayload(secret, messageId, timestampSeconds, body)).join(' ');
}

export interface VerifyInput {
  secret: string;
  messageId: string;
  timestamp: string;
  signatureHeader: string;
  body: string | Buffer;
  /** Seconds of clock skew tolerated either way; the spec's default is 300. */
  toleranceSeconds?: number;
  nowSeconds?: number;
}

/** The spec's window: a timestamp more than five minutes from now is refused either way. */
export const defaultToleranceSeconds = 5 * 60;

/** Why a message does not verify: its timestamp is not Unix seconds, is outside the window, or no secret signed it. */
export type SignatureProblem = { kind: 'timestamp' } | { kind: 'stale'; skewSeconds: number } | { kind: 'mismatch' };

/**
 * Verifies like a receiver does: a fresh timestamp, then any listed v1 signature made with any of `secrets`
 * (several while one is being rotated), compared in constant time. Null when it verifies.
 */
export function signatureProblem(input: Omit<VerifyInput, 'secret'> & { secrets: readonly string[] }): SignatureProblem | null {
  if (!/^\d+$/.test(input.timestamp)) return { kind: 'timestamp' };
  const timestamp = Number(input.timestamp);
  const skewSeconds = Math.abs((input.nowSeconds ?? Date.now() / 1000) - timestamp);
  if (skewSeconds > (input.toleranceSeconds ?? defaultToleranceSeconds)) return { kind: 'stale', skewSeconds };
  const candidates = input.signatureHeader.split(' ').filter((entry) => entry.startsWith('v1,')).map((entry) => Buffer.from(entry.slice(3), 'base64'));
  for (const secret of input.secrets) {
    const expected = Buffer.from(signPayload(secret, input.messageId, timestamp, input.body).slice(3), 'base64');
    if (candidates.some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected))) return null;
  }
  return { kind: 'mismatch' };
}

/** True when `secret` signed the message and its timestamp is fresh. */
export function verifySignature({ secret, ...message }: VerifyInput): boolean {
  return signatureProblem({ ...message, secrets: [secret] }) === null;
}
