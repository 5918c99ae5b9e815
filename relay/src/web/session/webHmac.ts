/**
 * HMAC tokens for the web page (session cookies, CSRF tokens), keyed from the API key: whoever can sign
 * in can mint them, nobody else can, and changing the API key signs everybody out.
 */
import { createHmac } from 'node:crypto';
import { secretsEqual } from '../../access/secretsEqual.ts';

export type TokenPurpose = 'session' | 'csrf';

export function hmacToken(apiKey: string, purpose: TokenPurpose, message: string): string {
  // A distinct key per purpose, so a session signature can never pass as a CSRF token or the other way round.
  const key = createHmac('sha256', apiKey).update(`um-relay web ${purpose} v1`).digest();
  return createHmac('sha256', key).update(message).digest('base64url');
}

export function tokenMatches(apiKey: string, purpose: TokenPurpose, message: string, given: string): boolean {
  return secretsEqual(given, hmacToken(apiKey, purpose, message));
}
