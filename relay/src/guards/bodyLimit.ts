/**
 * The request body size limit, for the API and the web page alike. A declared Content-Length is checked against
 * Node's own parsed headers; only a chunked body goes through Hono's bodyLimit, which counts it while reading.
 * Hono's middleware starts by asking for `c.req.raw.body` even when the length is declared, and that turns
 * @hono/node-server's lightweight request into a full Fetch Request over a web stream of the socket, which the
 * route then reads through: on the ingest path that was the largest single cost of a request.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit as countingBodyLimit } from 'hono/body-limit';
import type { IncomingMessage } from 'node:http';

export interface BodyLimitOptions {
  maxBytes: number;
  /** Throws (or answers) the 413. */
  onTooLarge: (c: Context) => Response | Promise<Response>;
}

export function bodyLimit({ maxBytes, onTooLarge }: BodyLimitOptions): MiddlewareHandler {
  const counting = countingBodyLimit({ maxSize: maxBytes, onError: onTooLarge });
  return async (c, next) => {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    // Node's parser refuses a request with both headers, or with a malformed length, before it gets here.
    if (!incoming || incoming.headers['transfer-encoding'] !== undefined) return counting(c, next);
    const declared = incoming.headers['content-length'];
    if (declared !== undefined && Number(declared) > maxBytes) return onTooLarge(c);
    await next();
  };
}
