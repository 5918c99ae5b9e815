/**
 * Slows down key guessing: a client whose API key, ingest token or sign-in was wrong too often in a window gets
 * 429 with Retry-After for its wrong attempts until the window ends. Only failures are throttled: the right secret
 * always passes, so failures forged in someone's name (or behind a shared address) never lock out the real
 * plugin or user. Kept in memory, per process.
 */
import type { Context } from 'hono';
import type { TrustedProxies } from './clientAddress.ts';

export interface AuthThrottleOptions {
  /** Wrong attempts allowed per client per window. */
  maxFailures: number;
  windowMs: number;
  now?: () => number;
  /** Clients tracked at most (a flood from many addresses cannot grow memory without bound). */
  maxClients?: number;
  /** Whose X-Forwarded-For names the client. */
  proxies: TrustedProxies;
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

  clientAddress(c: Context): string {
    return this.options.proxies.clientAddress(c);
  }

  /**
   * Called only once a secret proved wrong: the seconds its client must wait when it is already past the limit
   * (answer 429), else null (answer 401; the failure is counted).
   */
  refusalFor(client: string): number | null {
    const window = this.windows.get(client);
    const now = this.now();
    if (window && window.endsAt > now && window.failures >= this.options.maxFailures) return Math.ceil((window.endsAt - now) / 1000);
    this.recordFailure(client);
    return null;
  }

  private recordFailure(client: string): void {
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
