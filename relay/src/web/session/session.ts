/**
 * The signed-in session: a stateless cookie `v1.<expires>.<nonce>.<hmac>`, HttpOnly, SameSite=Lax, Secure
 * behind https, scoped to /ui so it never reaches the API, the ingest URL or an inspector bin.
 * Stateless so several API processes can share it; signing out deletes the cookie and records the session's
 * nonce as revoked in the store (a copied cookie stops working too); rotating the API key ends every session.
 */
import { randomBytes } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { RelayContext } from '../../relayContext.ts';
import { revokedSessionPrefix } from '../../store/revokedSessions.ts';
import { hmacToken, tokenMatches } from './webHmac.ts';
import type { Session, WebEnv } from './webEnv.ts';

export const uiPath = '/ui';
const cookieName = 'relay_session';
const sessionSeconds = 12 * 60 * 60;

/** Behind https (directly, by RELAY_PUBLIC_URL, or a proxy saying so), cookies get the Secure flag. */
export function isSecureRequest(c: Context, relay: RelayContext): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https' || (relay.config.publicUrl?.startsWith('https:') ?? false);
}

export function cookieOptions(c: Context, relay: RelayContext, maxAge: number) {
  return { path: uiPath, httpOnly: true, sameSite: 'Lax' as const, secure: isSecureRequest(c, relay), maxAge };
}

export function startSession(c: Context, relay: RelayContext): Session {
  const nonce = randomBytes(18).toString('base64url');
  const expiresAt = Math.floor(relay.now() / 1000) + sessionSeconds;
  const payload = `v1.${expiresAt}.${nonce}`;
  setCookie(c, cookieName, `${payload}.${hmacToken(relay.keys.apiKey, 'session', payload)}`, cookieOptions(c, relay, sessionSeconds));
  return { nonce, expiresAt };
}

const revokedKey = (nonce: string) => `${revokedSessionPrefix}${nonce}`;

export async function endSession(c: Context, relay: RelayContext): Promise<void> {
  const session = verifySessionCookie(c, relay);
  if (session) await relay.store.putSetting(revokedKey(session.nonce), String(session.expiresAt));
  deleteCookie(c, cookieName, { path: uiPath, secure: isSecureRequest(c, relay) });
}

/** The signed-in session, or null: missing, forged, expired, from an older API key, or signed out. */
export async function readSession(c: Context, relay: RelayContext): Promise<Session | null> {
  const session = verifySessionCookie(c, relay);
  if (!session) return null;
  return (await relay.store.getSetting(revokedKey(session.nonce))) === null ? session : null;
}

/** What the cookie proves by its signature and expiry alone (revocation is checked by readSession). */
export function verifySessionCookie(c: Context, relay: RelayContext): Session | null {
  const cookie = getCookie(c, cookieName);
  const match = cookie ? /^(v1\.(\d+)\.([\w-]+))\.([\w-]+)$/.exec(cookie) : null;
  if (!match) return null;
  const [, payload, expires, nonce, signature] = match;
  if (!tokenMatches(relay.keys.apiKey, 'session', payload, signature)) return null;
  const expiresAt = Number(expires);
  if (expiresAt * 1000 <= relay.now()) return null;
  return { nonce, expiresAt };
}

/** Pages behind sign-in: a visitor without a session goes to the sign-in page, and comes back after. */
export function requireSession(relay: RelayContext): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const session = await readSession(c, relay);
    if (!session) {
      const back = c.req.method === 'GET' ? new URL(c.req.url).pathname + new URL(c.req.url).search : `${uiPath}/webhooks`;
      return c.redirect(`${uiPath}/sign-in?next=${encodeURIComponent(back)}`, 303);
    }
    c.set('session', session);
    await next();
  };
}

/**
 * Before any body is read: a POST without a validly signed session cookie (the sign-in form aside) goes to the
 * sign-in page, so an unauthenticated client cannot make the relay read a form body at all.
 */
export function refuseUnsignedPosts(relay: RelayContext): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    if (c.req.method === 'POST' && c.req.path !== `${uiPath}/sign-in` && !verifySessionCookie(c, relay)) {
      return c.redirect(`${uiPath}/sign-in`, 303);
    }
    await next();
  };
}
