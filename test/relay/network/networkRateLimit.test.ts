/** The token bucket over calls to the network: a burst at once, then the per-minute rate, whole seconds to wait. */
import { describe, expect, it } from 'vitest';
import { NetworkRateLimit } from '../../../relay/src/network/networkRateLimit.ts';

describe('NetworkRateLimit', () => {
  it('allows the burst at once, then one call per 60/perMinute seconds, saying how long to wait', () => {
    let now = 1_000_000;
    const limit = new NetworkRateLimit(30, 2, () => now); // a token every 2 s
    expect([limit.take(), limit.take()]).toEqual([0, 0]);
    expect(limit.take()).toBe(2);
    now += 1_000;
    expect(limit.take()).toBe(1);
    now += 1_000;
    expect(limit.take()).toBe(0);
    expect(limit.take()).toBe(2);
  });

  it('refills to the burst, never beyond, after a quiet spell', () => {
    let now = 0;
    const limit = new NetworkRateLimit(60, 3, () => now);
    for (let call = 0; call < 3; call++) limit.take();
    now += 60 * 60_000;
    expect([limit.take(), limit.take(), limit.take(), limit.take()]).toEqual([0, 0, 0, 1]);
  });
});
