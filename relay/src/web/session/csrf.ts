/**
 * CSRF protection for every form: a synchronizer token derived from the session's nonce (or, before sign-in,
 * from a short-lived sign-in cookie's nonce, so the sign-in form is covered too), sent as the hidden `_csrf`
 * field and checked on every POST. SameSite=Lax cookies and Sec-Fetch-Site are a second line, not the only one.
 */
import { randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { RelayContext } from '../../relayContext.ts';
import { cookieOptions, verifySessionCookie } from './session.ts';
import { WebError } from '../layout/webError.ts';
import type { WebEnv } from './webEnv.ts';
import { hmacToken, tokenMatches } from './webHmac.ts';

export const csrfField = '_csrf';
const signInCookie = 'relay_signin';

export function csrfProtection(relay: RelayContext): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    let nonce = verifySessionCookie(c, relay)?.nonce ?? getCookie(c, signInCookie);
    if (!nonce || !/^[\w-]{16,64}$/.test(nonce)) {
      nonce = randomBytes(18).toString('base64url');
      setCookie(c, signInCookie, nonce, cookieOptions(c, relay, 60 * 60));
    }
    if (c.req.method === 'POST') {
      if (c.req.header('sec-fetch-site') === 'cross-site') throw new WebError(403, 'This form was posted from another site (CSRF protection).');
      const form = await c.req.parseBody();
      const given = form[csrfField];
      if (typeof given !== 'string' || given === '') {
        throw new WebError(403, 'This form came without its CSRF token. Reload the page and submit the form again.');
      }
      if (!tokenMatches(relay.keys.apiKey, 'csrf', nonce, given)) {
        throw new WebError(403, 'This form’s CSRF token is wrong or expired (did you sign in again in another tab?). Reload the page and submit again.');
      }
    }
    c.set('csrfToken', hmacToken(relay.keys.apiKey, 'csrf', nonce));
    await next();
  };
}
