/**
 * The Events page in real Chromium with 13 events (10 real, 3 Send Test Event samples): tests hidden by default
 * (a filter and a link show them), each card with its business facts (amount, customer, site, status) from the
 * payload. Screenshots at 1280 and 390 px in test-artifacts/screenshots/32-events-*.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { liveRealEvents, liveTestEvents } from '../support/pluginFixtures.ts';
import { startTestRelay, type TestRelay } from '../support/testRelay.ts';
import { accessibilityViolations } from './support/accessibility.ts';
import { clickThrough, screenshot, signedInBrowser, type TestBrowser } from './support/browser.ts';

let relay: TestRelay;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  relay = await startTestRelay({ RELAY_LOG_LEVEL: 'warn' });
  // 10 real events: every live one, and four more payments from other customers; 3 tests.
  for (const [slug, fixture] of liveRealEvents) await relay.ingest(slug, fixture.body);
  for (let n = 1; n <= 4; n++) {
    const payment = { ...liveRealEvents.get('payment_received')!.payload, payment_id: 100 + n, payment_total: `$ ${n}9.00`, customer_user_email: `customer${n}@example.com` };
    await relay.ingest('payment_received', payment);
  }
  for (const slug of ['payment_received', 'site_published', 'demo_site_expiring']) await relay.ingest(slug, liveTestEvents.get(slug)!.body);
  browser = await signedInBrowser(relay.url, relay.keys.apiKey);
  page = browser.page;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await relay?.stop();
});

describe('Events, in a browser', { timeout: 60_000 }, () => {
  it('real events only by default, each with its amount, customer and site', async () => {
    await page.goto(`${relay.url}/ui/events`);
    expect(await page.locator('li.event').count()).toBe(10);
    expect(await page.locator('li.event .badge:has-text("test")').count()).toBe(0);
    const newestPayment = page.locator('li.event').first();
    expect(await newestPayment.locator('dl.summary').textContent()).toMatch(/Amount\s*\$ 49\.00\s*Customer\s*customer4@example\.com\s*Status\s*completed/);
    const site = page.locator('li.event', { hasText: 'Site Published' });
    expect(await site.locator('dl.summary').textContent()).toMatch(/Customer\s*\S+@\S+\s*Site\s*\S+/);
    expect(await site.locator('dl.summary dd[title="site_url"], dl.summary dd[title="site_admin_url"]').count()).toBe(1);
    await screenshot(page, '32-events-real');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('shows the tests too on request: 13 cards, compact', async () => {
    await page.goto(`${relay.url}/ui/events`);
    await clickThrough(page, 'a:has-text("show them too")');
    expect(await page.locator('li.event').count()).toBe(13);
    expect(await page.locator('li.event .badge:has-text("test")').count()).toBe(3);
    await page.setViewportSize({ width: 1280, height: 900 });
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height).toBeLessThanOrEqual(1800); // was 2,650 px of cards for 13 events
    await screenshot(page, '33-events-with-tests');
    expect(browser.pageErrors).toEqual([]);
  });
});
