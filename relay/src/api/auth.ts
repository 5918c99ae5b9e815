/** Bearer API-key auth for /v1 and the ingest token's check, compared in constant time, wrong guesses throttled. */
import type { Context, MiddlewareHandler } from 'hono';
import type { AuthThrottle } from '../access/authThrottle.ts';
import { secretChecker } from '../access/secretsEqual.ts';
import { RelayError } from '../relayError.ts';

/** A wrong secret: 401, or 429 with Retry-After once its client is past the throttle's limit. */
function refuseWrongSecret(c: Context, throttle: AuthThrottle, message: string): never {
  const wait = throttle.refusalFor(throttle.clientAddress(c));
  if (wait === null) throw new RelayError(401, 'unauthorized', message);
  c.header('Retry-After', String(wait));
  throw new RelayError(429, 'too_many_attempts', `Too many wrong keys from this address: wait ${wait} s before trying again.`);
}

export function bearerAuth(apiKey: () => string, throttle: AuthThrottle): MiddlewareHandler {
  const isApiKey = secretChecker(apiKey);
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (!header) throw new RelayError(401, 'unauthorized', 'Missing API key: send "Authorization: Bearer <api key>".');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new RelayError(401, 'unauthorized', 'Malformed Authorization header: expected "Bearer <api key>".');
    if (!isApiKey(match[1])) refuseWrongSecret(c, throttle, 'Wrong API key.');
    await next();
  };
}

/** /ingest/{token}/…: the token is checked before anything reads the body. */
export function ingestTokenAuth(ingestToken: () => string, throttle: AuthThrottle): MiddlewareHandler {
  const isIngestToken = secretChecker(ingestToken);
  return async (c, next) => {
    if (!isIngestToken(c.req.param('token') ?? '')) {
      refuseWrongSecret(c, throttle, 'Unknown ingest token: copy the ingest URL again from the relay (GET /v1/event-types or the Events page).');
    }
    await next();
  };
}
