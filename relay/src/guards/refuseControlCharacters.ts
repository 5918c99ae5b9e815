/**
 * Refuses a request whose path or query holds a control character (%00 and the like): no id, slug, cursor or
 * filter contains one, and PostgreSQL could not even compare text with a NUL in it. The HTTP parser already refuses
 * raw ones, so the percent-encoded forms are all there is to look for: no decoding on the hot path.
 */
import type { MiddlewareHandler } from 'hono';
import { RelayError } from '../relayError.ts';

const encodedControlCharacter = /%(?:[01][0-9a-f]|7f)/i;

export function refuseControlCharacters(): MiddlewareHandler {
  return async (c, next) => {
    const url = c.req.url;
    if (encodedControlCharacter.test(url)) {
      const queryAt = url.indexOf('?');
      const inPath = encodedControlCharacter.test(queryAt === -1 ? url : url.slice(0, queryAt));
      throw inPath
        ? new RelayError(400, 'invalid_request', 'path: must not contain control characters', { field: 'path' })
        : new RelayError(400, 'invalid_request', 'query: must not contain control characters', { field: 'query' });
    }
    await next();
  };
}
