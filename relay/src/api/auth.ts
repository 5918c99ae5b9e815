/** Bearer API-key auth for /v1 and the ingest token's check, compared in constant time, guessing throttled. */
import type { Context, MiddlewareHandler } from 'hono';
import { clientAddress, type AuthThrottle } from '../access/authThrottle.ts';
import { secretChecker } from '../access/secretsEqual.ts';
import { ApiError } from './apiError.ts';

/** Refuses a client locked out by the throttle, before its secret is even compared. */
export function refuseIfThrottled(c: Context, throttle: AuthThrottle): void {
  const wait = throttle.retryAfterSeconds(clientAddress(c));
  if (wait !== null) {
    c.header('Retry-After', String(wait));
    throw new ApiError(429, 'too_many_attempts', `Too many wrong keys from this address: wait ${wait} s before trying again.`);
  }
}

export function bearerAuth(apiKey: () => string, throttle: AuthThrottle): MiddlewareHandler {
  const isApiKey = secretChecker(apiKey);
  return async (c, next) => {
    refuseIfThrottled(c, throttle);
    const header = c.req.header('authorization');
    if (!header) throw new ApiError(401, 'unauthorized', 'Missing API key: send "Authorization: Bearer <api key>".');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new ApiError(401, 'unauthorized', 'Malformed Authorization header: expected "Bearer <api key>".');
    if (!isApiKey(match[1])) {
      throttle.recordFailure(clientAddress(c));
      throw new ApiError(401, 'unauthorized', 'Wrong API key.');
    }
    await next();
  };
}

/** /ingest/{token}/…: the token is checked before anything reads the body. */
export function ingestTokenAuth(ingestToken: () => string, throttle: AuthThrottle): MiddlewareHandler {
  const isIngestToken = secretChecker(ingestToken);
  return async (c, next) => {
    refuseIfThrottled(c, throttle);
    if (!isIngestToken(c.req.param('token') ?? '')) {
      throttle.recordFailure(clientAddress(c));
      throw new ApiError(401, 'unauthorized', 'Unknown ingest token: copy the ingest URL again from the relay (GET /v1/event-types or the Events page).');
    }
    await next();
  };
}
