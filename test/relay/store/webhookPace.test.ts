import { describe, expect, it } from 'vitest';
import { intervalOf, paceHeadroom, paceOf, paceSlots, zapierHookOf } from '../../../relay/src/store/webhookPace.ts';

describe('webhook pace', () => {
  it('knows a Zapier hook by its host, and its account from a catch or REST hook path', () => {
    expect(zapierHookOf('https://hooks.zapier.com/hooks/catch/1234567/abcdef/')).toEqual({ account: '1234567' });
    expect(zapierHookOf('https://HOOKS.zapier.com/hooks/standard/42/0a1b2c/')).toEqual({ account: '42' });
    expect(zapierHookOf('https://hooks.zapier.com/something/else')).toEqual({ account: null });
    for (const url of ['https://example.com/hooks/catch/1/abc/', 'https://hooks.zapier.com.evil.example/hooks/catch/1/a/', 'not a url']) {
      expect(zapierHookOf(url), url).toBeNull();
    }
    // A Zapier hook whose account the path does not name: Zapier's limits, on a budget of its own.
    expect(paceOf({ id: 'z', url: 'https://hooks.zapier.com/something/else', rateLimit: null })).toMatchObject({ key: 'webhook:z', source: 'zapier' });
  });

  it('gives the hooks of one Zapier account one budget at Zapier’s limits; a limit set by hand or "none" is the webhook’s own', () => {
    const zap = (id: string, account: string) => paceOf({ id, url: `https://hooks.zapier.com/hooks/catch/${account}/${id}/`, rateLimit: null });
    expect(zap('a', '1').key).toBe(zap('b', '1').key);
    expect(zap('a', '1').key).not.toBe(zap('c', '2').key);
    expect(zap('a', '1')).toMatchObject({ source: 'zapier', limit: { perSecond: 30, perWindow: 10_000, windowMs: 300_000 }, intervalMs: (1000 / 30) * paceHeadroom });
    expect(paceOf({ id: 'a', url: 'https://hooks.zapier.com/hooks/catch/1/a/', rateLimit: 'none' })).toEqual({ key: 'webhook:a', limit: null, source: 'none', intervalMs: null });
    expect(paceOf({ id: 'a', url: 'https://hooks.zapier.com/hooks/catch/1/a/', rateLimit: { perSecond: 5, perWindow: null, windowMs: null } })).toMatchObject({ key: 'webhook:a', source: 'custom' });
    expect(paceOf({ id: 'a', url: 'https://example.com/h', rateLimit: null })).toEqual({ key: 'webhook:a', limit: null, source: 'none', intervalMs: null });
  });

  it('spaces sends at the stricter of the two rates', () => {
    expect(intervalOf({ perSecond: 10, perWindow: null, windowMs: null })).toBeCloseTo(100 * paceHeadroom);
    expect(intervalOf({ perSecond: 10, perWindow: 60, windowMs: 60_000 })).toBeCloseTo(1000 * paceHeadroom);
    expect(intervalOf({ perSecond: null, perWindow: 10_000, windowMs: 300_000 })).toBeCloseTo(30 * paceHeadroom);
    expect(paceSlots({ nextAt: 0, now: 1000, intervalMs: 100, max: 100 })).toEqual({ start: 1000, count: 6 });
    expect(paceSlots({ nextAt: 1400, now: 1000, intervalMs: 100, max: 100 })).toEqual({ start: 1400, count: 2 });
    expect(paceSlots({ nextAt: 1600, now: 1000, intervalMs: 100, max: 100 }).count).toBe(0);
    expect(paceSlots({ nextAt: 0, now: 1000, intervalMs: 100, max: 3 }).count).toBe(3);
  });
});
