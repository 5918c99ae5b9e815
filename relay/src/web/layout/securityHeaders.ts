/**
 * Headers on every page: a strict Content-Security-Policy (scripts and styles only from /ui/assets, no inline
 * script at all), so payload HTML can never run even if escaping were missed somewhere.
 */
import type { MiddlewareHandler } from 'hono';

const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('content-security-policy', contentSecurityPolicy);
  c.header('x-content-type-options', 'nosniff');
  c.header('x-frame-options', 'DENY');
  c.header('referrer-policy', 'same-origin');
  // Pages show secrets and live state: never cache them.
  if (!c.req.path.startsWith('/ui/assets/')) c.header('cache-control', 'no-store');
};
