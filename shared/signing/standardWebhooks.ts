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

/** Verifies like a receiver does: fresh timestamp, any listed v1 signature matching, compared in constant time. */
export function verifySignature(input: VerifyInput): boolean {
  const timestamp = Number(input.timestamp);
  if (!Number.isInteger(timestamp)) return false;
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signPayload(input.secret, input.messageId, timestamp, input.body).slice(3), 'base64');
  return input.signatureHeader.split(' ').some((entry) => {
    const [version, signature] = entry.split(',', 2);
    if (version !== 'v1' || !signature) return false;
    const candidate = Buffer.from(signature, 'base64');
    return candidate.length === expected.length && timingSafeEqual(candidate, expected);
  });
}
