/**
 * Slows down key guessing: a client whose API key, ingest token or sign-in was wrong too often in a window is
 * refused (429 with Retry-After) until the window ends, right key or not. Kept in memory, per process.
 */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import ipaddr from 'ipaddr.js';

export interface AuthThrottleOptions {
  /** Wrong attempts allowed per client per window. */
  maxFailures: number;
  windowMs: number;
  now?: () => number;
  /** Clients tracked at most (a flood from many addresses cannot grow memory without bound). */
  maxClients?: number;
}

interface Window {
  failures: number;
  endsAt: number;
}

export class AuthThrottle {
  private readonly windows = new Map<string, Window>();
  private readonly now: () => number;

  private readonly options: AuthThrottleOptions;

  constructor(options: AuthThrottleOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  /** Seconds to wait when the client is locked out, else null. */
  retryAfterSeconds(client: string): number | null {
    const window = this.windows.get(client);
    if (!window || window.endsAt <= this.now()) return null;
    return window.failures >= this.options.maxFailures ? Math.ceil((window.endsAt - this.now()) / 1000) : null;
  }

  recordFailure(client: string): void {
    const now = this.now();
    let window = this.windows.get(client);
    if (!window || window.endsAt <= now) {
      this.makeRoom(now);
      window = { failures: 0, endsAt: now + this.options.windowMs };
      this.windows.set(client, window);
    }
    window.failures++;
  }

  private makeRoom(now: number): void {
    const max = this.options.maxClients ?? 10_000;
    if (this.windows.size < max) return;
    for (const [client, window] of this.windows) if (window.endsAt <= now) this.windows.delete(client);
    // Still full: forget the oldest (Map keeps insertion order).
    for (const client of this.windows.keys()) {
      if (this.windows.size < max) break;
      this.windows.delete(client);
    }
  }
}

/**
 * Who is guessing: the peer's address, or behind a reverse proxy on loopback or a private network (Caddy,
 * nginx) the address that proxy appended to X-Forwarded-For, so one guesser cannot lock everyone out.
 */
export function clientAddress(c: Context): string {
  let peer = 'unknown';
  try {
    peer = getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return peer; // not served by Node (an in-process app.request() in a test)
  }
  const forwarded = c.req.header('x-forwarded-for');
  if (!forwarded || !ipaddr.isValid(peer)) return peer;
  const range = ipaddr.process(peer).range();
  if (range !== 'loopback' && range !== 'private' && range !== 'uniqueLocal') return peer;
  const last = forwarded.split(',').map((part) => part.trim()).filter(Boolean).pop();
  return last && ipaddr.isValid(last) ? ipaddr.process(last).toString() : peer;
}
