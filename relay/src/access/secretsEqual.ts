/** Compares a given secret with the expected one in constant time (API key, ingest token, signed cookies). */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Equal-length digests make the comparison constant-time whatever the inputs' lengths. */
export function secretsEqual(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
