/**
 * A request answered before its body was read (401 for a wrong key, 413, 404 for an unknown inspector bin) is
 * answered with `Connection: close`: the rest of the body is then never read, and a client that reuses the
 * connection does not have its next request read as the tail of this body.
 */
import type { MiddlewareHandler } from 'hono';
import type { IncomingMessage } from 'node:http';

export function closeWhenBodyUnread(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (incoming && !incoming.complete) c.res.headers.set('connection', 'close');
  };
}
