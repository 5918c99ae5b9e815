/** Per-event log lines stay bounded under load: a budget per message and window, then one summary with counts. */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../relay/src/logger.ts';
import { RateLimitedLog } from '../../relay/src/rateLimitedLog.ts';

describe('RateLimitedLog', () => {
  it('logs the first lines of each message one by one, then counts the rest and summarises them per group', () => {
    const lines: string[] = [];
    const log = new RateLimitedLog(createLogger('info', (line) => lines.push(line)), { perWindow: 5, windowMs: 60_000 });
    for (let i = 0; i < 1000; i++) log.info('event received', { id: `evt_${i}`, event: i % 4 === 0 ? 'site_published' : 'payment_received' }, 'event');
    for (let i = 0; i < 3; i++) log.warn('delivery attempt failed', { webhook: 'wh_1', attempt: i + 1 }, 'webhook');
    expect(lines).toHaveLength(8); // 5 events + 3 failures, nothing more while the window lasts
    log.flush();
    expect(lines).toHaveLength(9);
    const summary = JSON.parse(lines[8]);
    expect(summary).toMatchObject({
      level: 'info',
      message: 'event received (995 more in this window, not logged one by one; see /metrics)',
      suppressed: 995,
      by_event: { payment_received: 747, site_published: 248 }, // of 750 and 250, less the 3 and 2 logged
    });
    // A new window has a fresh budget.
    log.info('event received', { id: 'evt_next', event: 'payment_received' }, 'event');
    expect(JSON.parse(lines[9])).toMatchObject({ message: 'event received', id: 'evt_next' });
    log.close();
  });

  it('never writes a secret, whatever a caller passes', () => {
    const lines: string[] = [];
    createLogger('info', (line) => lines.push(line)).info('webhook created', { webhook: 'wh_1', secret: 'whsec_abc', nested: { apiKey: 'rk_abc' } });
    expect(lines[0]).not.toMatch(/whsec_abc|rk_abc/);
    expect(JSON.parse(lines[0])).toMatchObject({ webhook: 'wh_1', secret: '[redacted]' });
  });
});
