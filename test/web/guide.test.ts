/**
 * The web page walked like Ultimate Multisite's webhook guide, in real headless chromium: sign in, create an
 * inspector bin, add a webhook "Payment Received → the bin", Send Test Event, see the signed sample in the bin,
 * emit a real event from the CLI and see its delivery. Screenshots of every page go to test-artifacts/.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eventCatalog } from '../../shared/events/catalog.ts';
import { startTestRelay, type TestRelay } from '../support/testRelay.ts';
import { until } from '../support/until.ts';
import { clickThrough, launchBrowser, screenshot, type TestBrowser } from './support/browser.ts';

const run = promisify(execFile);

let relay: TestRelay;
let browser: TestBrowser;
let page: Page;
let binUrl = '';
let binPageUrl = '';
let webhookPageUrl = '';

beforeAll(async () => {
  relay = await startTestRelay({ RELAY_LOG_LEVEL: 'warn' });
  browser = await launchBrowser();
  page = browser.page;
}, 30_000);
afterAll(async () => {
  await browser?.close();
  await relay?.stop();
});

/** Reloads until the locator shows up (deliveries arrive from the worker, not with the page). */
async function reloadUntil(selector: string): Promise<void> {
  await until(async () => (await page.locator(selector).count()) > 0 || (await page.reload(), false), Boolean, { describe: () => `${selector} did not appear on ${page.url()}` });
}

describe('web page: the webhook guide, end to end', { timeout: 60_000 }, () => {
  it('signs in with the API key (wrong key refused, cookie HttpOnly and SameSite)', async () => {
    await page.goto(relay.url + '/');
    expect(new URL(page.url()).pathname).toBe('/ui/sign-in');
    await page.fill('#api_key', 'rk_not-the-key');
    await page.click('button:has-text("Sign in")');
    await expect.poll(() => page.locator('.field-error').textContent()).toContain('not this relay’s API key');
    await screenshot(page, '01-sign-in');
    await page.fill('#api_key', relay.keys.apiKey);
    await page.click('button:has-text("Sign in")');
    await page.waitForURL('**/ui/webhooks');
    const cookie = (await browser.context.cookies()).find((candidate) => candidate.name === 'relay_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/ui' });
    await screenshot(page, '02-webhooks-empty');
  });

  it('creates an inspector bin with a URL on the relay', async () => {
    await page.click('nav >> text=Request inspector');
    await page.fill('#bin-name', 'Guide walkthrough');
    await page.click('button:has-text("Create bin")');
    await page.waitForURL(/\/ui\/inspector\/bin_/);
    binPageUrl = page.url();
    binUrl = (await page.locator('.copyable code').first().textContent())!;
    expect(binUrl).toMatch(new RegExp(`^${relay.url}/inspect/bin_`));
    await screenshot(page, '03-inspector-bin-empty');
  });

  it('adds the webhook "Payment Received → the bin" (errors shown next to the fields first)', async () => {
    await page.click('text=Add a webhook to this bin');
    await page.waitForURL('**/ui/webhooks/new?**');
    expect(await page.inputValue('#url')).toBe(binUrl);
    const offered = await page.locator('input[name="events"]').evaluateAll((boxes) => boxes.map((box) => (box as HTMLInputElement).value));
    // Every event that can fire is offered (and every event, *); those the plugin never posts are not.
    for (const eventType of eventCatalog) expect(offered.includes(eventType.slug), eventType.slug).toBe(eventType.canFire);
    expect(offered).toContain('*');

    await page.fill('#name', 'x');
    await page.fill('#url', 'ftp://example.com/hook');
    await page.click('button:has-text("Add Webhook")');
    await expect.poll(() => page.locator('#name-error').textContent()).toContain('at least 2 characters');
    expect(await page.locator('#url-error').textContent()).toContain('http or https');
    expect(await page.locator('#events-error').textContent()).toContain('Tick at least one event');
    await screenshot(page, '04-add-webhook-errors');

    await page.fill('#name', 'Payment Received → inspector');
    await page.fill('#url', binUrl);
    const payment = page.locator('label.check', { has: page.locator('input[value="payment_received"]') });
    expect(await payment.textContent()).toContain('A payment came in, whatever its status.');
    await payment.locator('input').check();
    await page.click('button:has-text("Add Webhook")');
    await page.waitForURL(/\/ui\/webhooks\/wh_/);
    webhookPageUrl = page.url().split('?')[0];
    expect(await page.locator('.notice').textContent()).toContain('Webhook added');
  });

  it('sends a test event and shows the result in a dialog', async () => {
    await page.click('nav >> text=Webhooks');
    const card = page.locator('tr.webhook', { hasText: 'Payment Received → inspector' });
    expect(await card.textContent()).toContain('payment_received');
    expect(await card.textContent()).toContain('manual');
    await screenshot(page, '05-webhooks-list');
    await card.locator('button:has-text("Send Test Event")').click();
    const dialog = page.locator('dialog.result');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.locator('h2').textContent()).toBe('Test event delivered');
    expect(await dialog.textContent()).toContain('HTTP 200');
    expect(await dialog.locator('pre').textContent()).toContain('"ok":true');
    expect(await page.evaluate(() => document.querySelector('dialog.result')!.matches(':modal'))).toBe(true);
    await screenshot(page, '06-send-test-event-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('shows the sample in the inspector with a valid signature', async () => {
    await page.goto(binPageUrl);
    const request = page.locator('li.inspected').first();
    expect(await request.getAttribute('data-signature')).toBe('valid');
    expect(await request.textContent()).toContain('valid signature');
    expect(await request.textContent()).toContain('Payment Received → inspector');
    expect(await request.locator('pre').first().textContent()).toContain('"payment_reference_code": "PEN8DJ8GKM"');
    await request.locator('summary:has-text("Headers")').click();
    expect(await request.locator('.headers').textContent()).toContain('webhook-signature');
    await screenshot(page, '07-inspector-signed-sample');
  });

  it('shows a real event emitted from the CLI in the webhook’s deliveries', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'relay/src/cli/main.ts', 'emit', 'payment_received', '--sample', '--json'], {
      env: { ...process.env, RELAY_URL: relay.url, RELAY_API_KEY: relay.keys.apiKey, RELAY_INGEST_TOKEN: relay.keys.ingestToken },
    });
    const emitted = JSON.parse(stdout) as { id: string; deliveries: number };
    expect(emitted.deliveries).toBe(1);
    await page.goto(webhookPageUrl);
    await reloadUntil(`li.delivery[data-status="succeeded"]:has(a[href*="${emitted.id}"])`);
    const delivery = page.locator('li.delivery', { hasText: emitted.id });
    expect(await delivery.locator('table.attempts').textContent()).toContain('200');
    expect(await page.locator('li.delivery').count()).toBe(2); // the test event and the real one
    await screenshot(page, '08-webhook-detail-deliveries');

    await page.click('text=Reveal secret');
    expect(await page.locator('#secret .copyable code').textContent()).toMatch(/^whsec_/);
    await screenshot(page, '09-webhook-detail-secret');

    await page.click('nav >> text=Events');
    const event = page.locator('li.event', { hasText: emitted.id });
    expect(await event.locator('.deliveries').textContent()).toContain('Payment Received → inspector');
    await screenshot(page, '10-events');
  });

  it('retries a delivery and redelivers failures', async () => {
    await page.goto(webhookPageUrl);
    await page.locator('li.delivery').first().locator('button:has-text("Retry")').click();
    await expect.poll(() => page.locator('.notice').textContent()).toContain('Delivery queued');
    await page.selectOption('#since', '1h');
    await page.click('button:has-text("Redeliver failures")');
    await expect.poll(() => page.locator('.notice').textContent()).toContain('No failed deliveries');
  });

  it('shows a failed test event with its error, and the failed attempt on the webhook page', async () => {
    const created = await relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Nobody listens', url: 'http://127.0.0.1:9/hook', event: 'payment_received' } });
    const { id } = (await created.json()) as { id: string };
    await page.goto(`${relay.url}/ui/webhooks/${id}`);
    await page.click('button:has-text("Send Test Event")');
    const dialog = page.locator('dialog.result');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.locator('h2').textContent()).toBe('Test event failed');
    expect(await dialog.textContent()).toContain('no response');
    expect(await dialog.textContent()).toMatch(/ECONNREFUSED/);
    await screenshot(page, '12-send-test-event-failed');
    await page.click('dialog.result >> text=Close');
    expect(await page.locator('li.delivery[data-status="failed"] table.attempts').textContent()).toMatch(/ECONNREFUSED/);
    await relay.api(`/v1/webhooks/${id}`, { method: 'DELETE' });
  });

  it('lists every event type that can fire with its sample and ingest URL to copy', async () => {
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: relay.url });
    await clickThrough(page, 'nav >> text=Event types');
    expect(await page.locator('li.event-type').count()).toBeGreaterThanOrEqual(eventCatalog.filter((eventType) => eventType.canFire).length);
    const payment = page.locator('li.event-type#payment_received');
    const ingestUrl = `${relay.url}/ingest/${relay.keys.ingestToken}/payment_received`;
    expect(await payment.locator('.copyable code').textContent()).toBe(ingestUrl);
    await payment.locator('button:has-text("Copy URL")').click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(ingestUrl);
    await payment.locator('summary:has-text("Sample payload")').click();
    expect(await payment.locator('pre').textContent()).toContain('"payment_total": "$ 0.00"');
    await screenshot(page, '13-event-types');
  });

  it('disables, enables and deletes a webhook', async () => {
    const created = await relay.api('/v1/webhooks', { method: 'POST', json: { name: 'To delete', url: 'https://example.com/hook', event: 'site_published', integration: 'zapier' } });
    const { id } = (await created.json()) as { id: string };
    await page.goto(`${relay.url}/ui/webhooks`);
    const card = page.locator(`tr.webhook[data-webhook-id="${id}"]`);
    expect(await card.textContent()).toContain('zapier');
    await card.locator('button:has-text("Disable")').click();
    await expect.poll(() => card.textContent()).toContain('turned off by a person');
    await card.locator('button:has-text("Enable")').click();
    await expect.poll(() => page.locator('.notice').textContent()).toContain('Webhook enabled');
    page.once('dialog', (dialog) => void dialog.accept());
    await card.locator('button:has-text("Delete")').click();
    await expect.poll(() => page.locator('.notice').textContent()).toContain('Webhook deleted');
    expect(await card.count()).toBe(0);
    expect(browser.pageErrors).toEqual([]);
  });
});
