/**
 * A token bucket over the relay's calls to the network, so a runaway Zap (a loop, a replay of thousands of
 * rows) cannot hammer the WordPress network: `burst` calls at once, then `perMinute` a minute. One per relay
 * process (RELAY_NETWORK_CALLS_PER_MINUTE, RELAY_NETWORK_BURST).
 */
export class NetworkRateLimit {
  private tokens: number;
  private updatedAt: number;
  private readonly perMinute: number;
  private readonly burst: number;
  private readonly now: () => number;

  constructor(perMinute: number, burst: number, now: () => number = Date.now) {
    this.perMinute = perMinute;
    this.burst = burst;
    this.now = now;
    this.tokens = burst;
    this.updatedAt = now();
  }

  /** Takes one call's token: 0 when allowed, else the whole seconds until the next token. */
  take(): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) * this.perMinute) / 60_000);
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - this.tokens) * 60_000) / this.perMinute / 1000));
  }
}
