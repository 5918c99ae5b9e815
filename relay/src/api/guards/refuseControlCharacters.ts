/**
 * Refuses a request whose decoded path or query holds a control character (%00 and the like): no id, slug,
 * cursor or filter contains one, and PostgreSQL could not even compare text with a NUL in it.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../apiError.ts';

const controlCharacter = /[\u0000-\u001f\u007f]/;

function decodesToControlCharacter(text: string): boolean {
  try {
    return controlCharacter.test(decodeURIComponent(text.replace(/\+/g, ' ')));
  } catch {
    return false; // malformed escapes are left to the routes, which answer them as not found or invalid
  }
}

export function refuseControlCharacters(): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (decodesToControlCharacter(url.pathname)) throw new ApiError(400, 'invalid_request', 'path: must not contain control characters', 'path');
    if (decodesToControlCharacter(url.search)) throw new ApiError(400, 'invalid_request', 'query: must not contain control characters', 'query');
    await next();
  };
}
