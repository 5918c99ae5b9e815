/** Compares a given secret with the expected one in constant time (API key, ingest token, signed cookies). */
import { hash, timingSafeEqual } from 'node:crypto';

const sha256 = (value: string) => hash('sha256', value, 'buffer');

/** Equal-length digests make the comparison constant-time whatever the inputs' lengths. */
export function secretsEqual(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}

/**
 * The same comparison against a long-lived secret (the API key, the ingest token) that every request checks:
 * its digest is computed once per value (it can be rotated), not once per request.
 */
export function secretChecker(expected: () => string): (given: string) => boolean {
  let cached: { value: string; digest: Buffer } | null = null;
  return (given) => {
    const value = expected();
    if (cached?.value !== value) cached = { value, digest: sha256(value) };
    return timingSafeEqual(sha256(given), cached.digest);
  };
}
