/** Bearer API-key auth for /v1, compared in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './apiError.ts';

/** Equal-length digests make the comparison constant-time whatever the inputs' lengths. */
export function secretsEqual(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function bearerAuth(apiKey: () => string): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (!header) throw new ApiError(401, 'unauthorized', 'Missing API key: send "Authorization: Bearer <api key>".');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new ApiError(401, 'unauthorized', 'Malformed Authorization header: expected "Bearer <api key>".');
    if (!secretsEqual(match[1], apiKey())) throw new ApiError(401, 'unauthorized', 'Wrong API key.');
    await next();
  };
}
