/**
 * "Your network" in real Chromium, connected to the plugin double as a live 2.4.13-beta.1 network (17 events
 * registered: 9 wired, 8 only logged): the whole page fits one screen at 1280 px, the Connect button shows it is
 * working and cannot be sent twice, and after a refusal the form keeps the URL and API key (never the secret).
 * Screenshots at 1280 and 390 px in test-artifacts/screenshots/29-31-network-*.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startPluginApiDouble, type PluginApiDouble } from '../support/pluginApiDouble.ts';
import { liveRealEvents } from '../support/pluginFixtures.ts';
import { startTestRelay, type TestRelay } from '../support/testRelay.ts';
import { until } from '../support/until.ts';
import { accessibilityViolations } from './support/accessibility.ts';
import { screenshot, signedInBrowser, type TestBrowser } from './support/browser.ts';

let relay: TestRelay;
let plugin: PluginApiDouble;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  // A network call that hangs ends after 2 s: the busy state is looked at while it hangs.
  relay = await startTestRelay({ RELAY_LOG_LEVEL: 'warn', RELAY_NETWORK_TIMEOUT: '2s' });
  plugin = await startPluginApiDouble({ label: 'Acme Sites' });
  for (const slug of ['payment_received', 'site_published']) await relay.ingest(slug, liveRealEvents.get(slug)!.body);
  browser = await signedInBrowser(relay.url, relay.keys.apiKey);
  page = browser.page;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await relay?.stop();
  await plugin?.close();
});

const authCalls = () => plugin.requests.filter((request) => request.path.endsWith('/auth')).length;

describe('Your network, in a browser', { timeout: 60_000 }, () => {
  it('Connect shows it is working, is sent once, and a refusal keeps the URL and API key but not the secret', async () => {
    await page.goto(`${relay.url}/ui/network`);
    await page.fill('#network_url', plugin.url);
    await page.fill('#api_key', plugin.apiKey);
    await page.fill('#api_secret', plugin.apiSecret);
    // What the button looks like once busy, and a second submit tried then: recorded in the page (the test cannot
    // read a page whose form is being sent), kept in sessionStorage across the navigation.
    await page.evaluate(() => {
      const form = document.querySelector<HTMLFormElement>('form[action$="/network"]')!;
      const button = form.querySelector('button')!;
      new MutationObserver(() => {
        if (!button.disabled || sessionStorage.getItem('busy')) return;
        sessionStorage.setItem('busy', JSON.stringify({ disabled: button.disabled, ariaBusy: button.getAttribute('aria-busy'), text: button.textContent }));
        form.requestSubmit();
      }).observe(button, { attributes: true });
    });
    plugin.setHanging(true);
    await page.click('button:has-text("Connect")');
    await until(() => page.locator('#connect-error').count().catch(() => 0), (count) => count === 1);
    plugin.setHanging(false);
    expect(JSON.parse((await page.evaluate(() => sessionStorage.getItem('busy')))!)).toEqual({ disabled: true, ariaBusy: 'true', text: 'Connecting… (checking the key, creating the webhooks)' });
    expect(authCalls()).toBe(1); // the second submit was not sent
    expect(await page.locator('#connect-error').textContent()).toContain('(no answer within 2 s)');
    expect(await page.inputValue('#network_url')).toBe(plugin.url);
    expect(await page.inputValue('#api_key')).toBe(plugin.apiKey);
    expect(await page.inputValue('#api_secret')).toBe('');
    expect(await page.content()).not.toContain(plugin.apiSecret);
    await screenshot(page, '29-network-connect-refused');
  });

  it('connected: 9 wired and 8 unwired events in one table and one line, within 1,000 px at 1280 px wide', async () => {
    await page.fill('#api_secret', plugin.apiSecret);
    await page.click('button:has-text("Connect")');
    await page.waitForURL('**/ui/network?done=network-connected');
    expect(await page.locator('tr.network-event').count()).toBe(9);
    expect(await page.locator('table.network-events caption').textContent()).toBe('Events wired: 9 of 9 in place');
    const payment = page.locator('tr.network-event[data-event="payment_received"]');
    expect(await payment.locator('td[data-label="In the plugin"]').textContent()).toBe('wired');
    expect(await payment.locator('td[data-label="Last received"]').textContent()).toMatch(/^(just now|\d+ (s|min) ago)$/);
    expect(await page.locator('tr.network-event[data-event="domain_created"] td[data-label="Last received"]').textContent()).toBe('never');
    const notWired = page.locator('p.not-wired');
    expect(await notWired.count()).toBe(1);
    expect(await notWired.textContent()).toMatch(/^Not wired \(8\): checkout_\w+, .*subsite_\w+ — the plugin only logs it, it never POSTs a webhook\.$/);

    await page.setViewportSize({ width: 1280, height: 900 });
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height).toBeLessThanOrEqual(1000);
    await screenshot(page, '30-network-connected');
    expect(await accessibilityViolations(page)).toEqual([]);

    // A webhook deleted in the plugin: its row says so, Repair becomes the primary action.
    plugin.webhooks.delete([...plugin.webhooks.keys()][0]);
    await page.reload();
    expect(await page.locator('tr.network-event .badge.bad').count()).toBe(1);
    expect(await page.locator('button.primary:has-text("Repair")').count()).toBe(1);
    await screenshot(page, '31-network-needs-repair');
    expect(browser.pageErrors).toEqual([]);
  });
});
