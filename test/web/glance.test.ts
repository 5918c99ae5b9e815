/**
 * The web page at a glance (issue 15), in real headless Chromium: the health strip, the webhooks table (search,
 * sort, pages, 24 h figures), a counter that agrees with the Send Test Event dialog, "attempt 2 of 8, next in …"
 * with the schedule, the request sent beside the response, delivery and event filters, editing a webhook's events,
 * rotating its secret with the overlap shown, /docs from the OpenAPI document. Every page passes axe-core with no
 * serious or critical violation; screenshots at 1280 and 390 px go to test-artifacts/screenshots.
 */
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestRelay, type TestRelay } from '../support/testRelay.ts';
import { until } from '../support/until.ts';
import { accessibilityViolations } from './support/accessibility.ts';
import { clickThrough, launchBrowser, screenshot, screenshotDir, signIn, type TestBrowser } from './support/browser.ts';

let relay: TestRelay;
let browser: TestBrowser;
let page: Page;
let receiver: http.Server;
let receiverUrl = '';
const ids: Record<string, string> = {};

async function createWebhook(json: Record<string, unknown>): Promise<string> {
  const response = await relay.api('/v1/webhooks', { method: 'POST', json });
  expect(response.status, JSON.stringify(await response.clone().json())).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function expectAccessible(name: string): Promise<void> {
  expect(await accessibilityViolations(page), name).toEqual([]);
}

beforeAll(async () => {
  receiver = http.createServer((request, response) => {
    request.resume().on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  // The default schedule's eight attempts; a failure waits an hour for the next, so it stays pending on screen.
  relay = await startTestRelay({ RELAY_LOG_LEVEL: 'warn', RELAY_RETRY_SCHEDULE: '0,1h,2h,4h,8h,12h,24h,24h' });
  browser = await launchBrowser();
  page = browser.page;

  ids.crm = await createWebhook({ name: 'CRM (payments and sites)', url: `${receiverUrl}?crm`, events: ['payment_received', 'site_published'] });
  ids.failing = await createWebhook({ name: 'Failing endpoint', url: 'http://127.0.0.1:9/hook', event: 'payment_received' });
  for (let n = 1; n <= 28; n++) {
    ids[`hook${n}`] = await createWebhook({ name: `Hook ${String(n).padStart(2, '0')}`, url: `${receiverUrl}?n=${n}`, event: 'site_published', integration: n % 3 ? 'manual' : 'zapier' });
  }
  for (let n = 0; n < 3; n++) await relay.api('/v1/events', { method: 'POST', json: { event: 'payment_received', payload: { payment_id: 100 + n } } });
  // The worker makes the first attempts: three delivered to the CRM, three refused by the failing endpoint.
  const firstAttempts = async (id: string) => ((await (await relay.api(`/v1/webhooks/${id}/deliveries`)).json()) as { data: { attempts: number }[] }).data.filter((delivery) => delivery.attempts === 1).length;
  for (const id of [ids.failing, ids.crm]) await until(() => firstAttempts(id), (made) => made === 3);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await relay?.stop();
  receiver?.close();
});

describe('web page at a glance', { timeout: 60_000 }, () => {
  it('signs in on an accessible page', async () => {
    await page.goto(`${relay.url}/ui/sign-in`);
    expect(await page.locator('main').textContent()).toContain('npm run relay -- keys'); // the command as typed
    await expectAccessible('sign-in');
    await signIn(page, relay.url, relay.keys.apiKey);
  });

  it('shows the health strip and the webhooks table: 24 h figures, pages of 25, search and sort', async () => {
    await page.goto(`${relay.url}/ui/webhooks?sort=name&dir=asc`);
    const strip = page.locator('section.health');
    expect(await strip.textContent()).toMatch(/Backlog\s*3\s*deliveries pending/);
    expect(await strip.textContent()).toMatch(/Failure rate\s*50 %\s*3 of 6 attempts/);
    expect(await strip.textContent()).toMatch(/Events \/ min\s*0\.2\s*3 in the last 15 min/);
    expect(await page.locator('tr.webhook').count()).toBe(25);
    expect(await page.locator('nav.pager').textContent()).toContain('Page 1 of 2');

    const failing = page.locator(`tr.webhook[data-webhook-id="${ids.failing}"]`);
    expect(await failing.locator('td[data-label="Success (24 h)"]').textContent()).toContain('0 %');
    expect(await failing.locator('td[data-label="Failures (24 h)"]').textContent()).toBe('3');
    expect(await failing.locator('td[data-label="Pending retries"]').textContent()).toBe('3');
    expect(await failing.locator('td[data-label="Last delivery"]').textContent()).toMatch(/failed[\s\S]*no response/);
    expect(await failing.locator('td[data-label="Status"]').textContent()).toContain('failing');
    const crm = page.locator(`tr.webhook[data-webhook-id="${ids.crm}"]`);
    expect(await crm.locator('td[data-label="Success (24 h)"]').textContent()).toMatch(/100 %\s*3 of 3/);
    expect(await crm.textContent()).toContain('site_published');
    await screenshot(page, '20-webhooks-table');
    await expectAccessible('webhooks table');

    await clickThrough(page, 'th >> text=Failures');
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain('Failures');
    await clickThrough(page, 'th >> text=Failures'); // again: most failures first
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Failures');
    expect(await page.locator('tr.webhook').first().getAttribute('data-webhook-id')).toBe(ids.failing);

    await page.fill('#q', 'crm');
    await clickThrough(page, 'button:has-text("Apply")');
    expect(await page.locator('tr.webhook').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('order')).toBe('failures-desc'); // the Sort menu kept the headers' choice
    await page.fill('#q', 'zapier');
    await clickThrough(page, 'button:has-text("Apply")');
    expect(await page.locator('tr.webhook').count()).toBe(9);
    await page.goto(`${relay.url}/ui/webhooks?page=2`);
    expect(await page.locator('tr.webhook').count()).toBe(5);
    expect(await page.locator('nav.pager').textContent()).toContain('Page 2 of 2');
  });

  it('counts a test event where the dialog says it was delivered (not "0 delivered / never")', async () => {
    await page.goto(`${relay.url}/ui/webhooks?q=Hook%2001`);
    const row = page.locator(`tr.webhook[data-webhook-id="${ids.hook1}"]`);
    expect(await row.locator('td[data-label="Last delivery"]').textContent()).toContain('never');
    await row.locator('button:has-text("Send Test Event")').click();
    const dialog = page.locator('dialog.result');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.locator('h2').textContent()).toBe('Test event delivered');
    // Under the dialog, the row already agrees with it.
    expect(await row.locator('td[data-label="Last delivery"]').textContent()).toMatch(/ok\s+(just now|\d+ (s|min) ago)\s+test\s*HTTP 200/); // a relative time, however long the machine took
    expect(await row.locator('td[data-label="Success (24 h)"]').textContent()).toContain('Test event delivered');
    await screenshot(page, '21-test-event-counter');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    // The list came back as it was (the search kept).
    expect(new URL(page.url()).searchParams.get('q')).toBe('Hook 01');
    await page.goto(`${relay.url}/ui/webhooks/${ids.hook1}`);
    expect(await page.locator('.facts').textContent()).toMatch(/Last delivery\s*ok\s*(just now|\d+ (s|min) ago)\s*test/);
  });

  it('shows "attempt 2 of 8, next in …" with the schedule, and the request sent beside the response (no secret)', async () => {
    await page.goto(`${relay.url}/ui/webhooks/${ids.failing}`);
    const delivery = page.locator('li.delivery').first();
    expect(await delivery.locator('.schedule-line').textContent()).toMatch(/Attempt 2 of 8, next in (\d+ min|1 h)/);
    expect(await delivery.locator('ol.schedule li').allTextContents()).toEqual([expect.stringMatching(/^1 ✗/), expect.stringMatching(/^2 · in/), '3 · +2 h', '4 · +4 h', '5 · +8 h', '6 · +12 h', '7 · +1 d', '8 · +1 d']);
    const time = delivery.locator('.schedule-line time');
    expect(await time.getAttribute('title')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC · .+ local$/);

    await delivery.locator('summary:has-text("Request sent and response")').click();
    const exchange = delivery.locator('.exchange');
    const request = await exchange.locator('> div').first().textContent();
    expect(request).toContain('POST http://127.0.0.1:9/hook');
    expect(request).toMatch(/webhook-id\s*evt_/);
    expect(request).toMatch(/x-um-event\s*payment_received/);
    expect(request).toMatch(/x-um-attempt\s*1/);
    expect(request).toContain('"payment_id":');
    expect(request).toContain('HMAC-SHA256');
    expect(await exchange.locator('> div').nth(1).textContent()).toMatch(/no response[\s\S]*ECONNREFUSED/);
    const { secret } = (await (await relay.api(`/v1/webhooks/${ids.failing}/secret`)).json()) as { secret: string };
    expect(await page.content()).not.toContain(secret);
    expect(await page.content()).not.toContain(secret.slice(6));
    await screenshot(page, '22-webhook-detail-schedule');
    await expectAccessible('webhook detail');

    await page.selectOption('select[name="status"]', 'failed');
    await clickThrough(page, 'button:has-text("Filter")');
    expect(await page.locator('li.delivery').count()).toBe(0);
    expect(await page.locator('.empty').textContent()).toContain('No delivery matches these filters');
    await page.selectOption('select[name="status"]', 'pending');
    await page.selectOption('select[name="period"]', '1h');
    await clickThrough(page, 'button:has-text("Filter")');
    expect(await page.locator('li.delivery').count()).toBe(3);
    expect(new URL(page.url()).search).toBe('?status=pending&event=&period=1h');
  });

  it('edits a webhook’s name and events through the same rules as the API', async () => {
    await page.goto(`${relay.url}/ui/webhooks/${ids.crm}`);
    await page.click('a.button:has-text("Edit")');
    await page.waitForURL(`**/ui/webhooks/${ids.crm}/edit`);
    expect(await page.locator('input[name="events"]:checked').evaluateAll((boxes) => boxes.map((box) => (box as HTMLInputElement).value))).toEqual(['payment_received', 'site_published']);
    await page.uncheck('input[value="payment_received"]');
    await page.uncheck('input[value="site_published"]');
    await page.click('button:has-text("Save changes")');
    await expect.poll(() => page.locator('#events-error').textContent()).toContain('Tick at least one event');
    await page.check('input[value="*"]');
    await page.check('input[value="payment_received"]');
    await page.fill('#name', 'x');
    await page.fill('#rate_limit', 'fast');
    await page.click('button:has-text("Save changes")');
    await expect.poll(() => page.locator('#events-error').textContent()).toContain('* already means every event: give it alone');
    expect(await page.locator('#name-error').textContent()).toContain('at least 2 characters');
    expect(await page.locator('#rate_limit-error').textContent()).toContain('Rate limit must be like 30/s, 10000/5m');
    await screenshot(page, '23-edit-webhook-errors');
    await expectAccessible('edit webhook');
    await page.uncheck('input[value="*"]');
    await page.fill('#name', 'CRM (payments and domains)');
    await page.check('input[value="domain_created"]');
    await page.fill('#rate_limit', '10/s, 600/1m');
    await page.click('button:has-text("Save changes")');
    await page.waitForURL(`**/ui/webhooks/${ids.crm}?done=edited`);
    expect(await page.locator('.notice').textContent()).toContain('Webhook saved');
    const read = (await (await relay.api(`/v1/webhooks/${ids.crm}`)).json()) as { name: string; events: string[]; event: string };
    expect(read).toMatchObject({ name: 'CRM (payments and domains)', events: ['payment_received', 'domain_created'], event: 'payment_received', rate_limit: { per_second: 10, per_window: 600, window: '1m' } });
    // Shown again as typed when editing.
    await page.goto(`${relay.url}/ui/webhooks/${ids.crm}/edit`);
    expect(await page.inputValue('#rate_limit')).toBe('10/s, 600/1m');
  });

  it('rotates the signing secret and shows how long the old one keeps signing', async () => {
    const before = ((await (await relay.api(`/v1/webhooks/${ids.crm}/secret`)).json()) as { secret: string }).secret;
    await page.goto(`${relay.url}/ui/webhooks/${ids.crm}`);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('button:has-text("Rotate secret")');
    await expect.poll(() => page.locator('.notice').textContent()).toContain('New signing secret made');
    expect(await page.locator('.overlap').textContent()).toMatch(/previous secret keeps signing for another (23 h|1 d) \(until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)/);
    const after = (await (await relay.api(`/v1/webhooks/${ids.crm}/secret`)).json()) as { secret: string; previous_secret_expires_at: string };
    expect(after.secret).not.toBe(before);
    expect(await page.locator('.overlap').textContent()).toContain(after.previous_secret_expires_at.slice(0, 16).replace('T', ' '));
    await page.locator('#secret').scrollIntoViewIfNeeded();
    await screenshot(page, '24-rotated-secret');
  });

  it('filters events by type and real or test', async () => {
    await page.goto(`${relay.url}/ui/events`);
    expect(await page.locator('li.event').count()).toBe(3); // the three real payments; the test sample is hidden
    expect(await page.locator('p.hint').textContent()).toContain('Test events (Send Test Event) are hidden');
    await clickThrough(page, 'a:has-text("show them too")');
    expect(await page.locator('li.event').count()).toBe(4);
    await page.selectOption('select[name="kind"]', 'test');
    await clickThrough(page, 'button:has-text("Filter")');
    expect(await page.locator('li.event').count()).toBe(1);
    expect(await page.locator('li.event .badge').first().textContent()).toBe('test');
    await page.selectOption('select[name="kind"]', '');
    await page.selectOption('select[name="event"]', 'payment_received');
    await clickThrough(page, 'button:has-text("Filter")');
    expect(await page.locator('li.event').count()).toBe(3);
    await screenshot(page, '25-events-filtered');
    await expectAccessible('events');
  });

  it('adds a webhook for several events from the form', async () => {
    await page.goto(`${relay.url}/ui/webhooks/new`);
    await expectAccessible('add webhook');
    await page.fill('#name', 'Sites and payments');
    await page.fill('#url', `${receiverUrl}?new`);
    await page.check('input[value="site_published"]');
    await page.check('input[value="payment_received"]');
    await page.fill('#custom_events', 'affiliate_signup');
    await screenshot(page, '26-add-webhook-several-events');
    await page.click('button:has-text("Add Webhook")');
    await page.waitForURL(/\/ui\/webhooks\/wh_[^/]+\?done=created/);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const read = (await (await relay.api(`/v1/webhooks/${id}`)).json()) as { events: string[] };
    expect(read.events).toEqual(['payment_received', 'site_published', 'affiliate_signup']);
  });

  it('passes the accessibility check on the other pages', async () => {
    for (const path of ['/ui/network', '/ui/event-types', '/ui/inspector']) {
      await page.goto(`${relay.url}${path}`);
      await expectAccessible(path);
    }
  });

  it('enabling a webhook the relay disabled offers to redeliver what failed meanwhile, with one button', async () => {
    const gone = http.createServer((request, response) => void request.resume().on('end', () => response.writeHead(410).end()));
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    try {
      const id = await createWebhook({ name: 'Zap turned off', url: `http://127.0.0.1:${(gone.address() as AddressInfo).port}/hook`, event: 'membership_expired' });
      await relay.api('/v1/events', { method: 'POST', json: { event: 'membership_expired', payload: { membership_id: 7 } } });
      await until(async () => ((await (await relay.api(`/v1/webhooks/${id}`)).json()) as { active: boolean }).active, (active) => !active);
      await relay.api(`/v1/webhooks/${id}`, { method: 'PATCH', json: { url: `${receiverUrl}?back` } });
      await page.goto(`${relay.url}/ui/webhooks/${id}`);
      await page.click('button:has-text("Enable")');
      await expect.poll(() => page.locator('.notice').textContent()).toContain('1 delivery failed while it was failing or off');
      await screenshot(page, '27-enabled-redeliver-offer');
      await page.click('#redeliver button:has-text("Redeliver what failed meanwhile")');
      await expect.poll(() => page.locator('.notice').textContent()).toContain('1 failed delivery queued again');
      await until(async () => ((await (await relay.api(`/v1/webhooks/${id}/deliveries`)).json()) as { data: { status: string }[] }).data, (list) => list[0]?.status === 'succeeded');
    } finally {
      gone.close();
    }
  });

  it('renders /docs from the OpenAPI document with schemas and examples, offline and under the CSP', async () => {
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const response = await page.goto(`${relay.url}/docs`);
    expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");
    const section = page.locator('section#post-v1-webhooks');
    expect(await section.locator('table', { hasText: 'Request fields' }).textContent()).toMatch(/events\s*array of string\s*Several events/);
    await section.locator('summary:has-text("Example request body")').click();
    expect(JSON.parse((await section.locator('pre').first().textContent())!)).toMatchObject({ name: 'Payments to the CRM', events: ['payment_received', 'site_published'] });
    expect(await section.locator('table', { hasText: 'Response fields' }).textContent()).toContain('deliveries_succeeded');
    expect(await page.locator('section').count()).toBeGreaterThanOrEqual(20);
    // A way back to the web page.
    expect(await page.locator('p.back a').getAttribute('href')).toBe('/ui/webhooks');
    // Nothing but the relay itself is asked for anything.
    expect(requests.every((url) => url.startsWith(relay.url))).toBe(true);
    await screenshot(page, '27-api-docs');
    // The full page is ~22,000 px tall: one screen of it, at the operation above, to look at.
    await section.locator('h2').scrollIntoViewIfNeeded();
    await page.evaluate(() => document.querySelector('section#post-v1-webhooks')!.scrollIntoView());
    await page.screenshot({ path: path.join(screenshotDir, '27-api-docs-webhooks-screen.png') });
    await expectAccessible('docs');
    expect(browser.pageErrors).toEqual([]);
    // A full-page screenshot and an accessibility audit of a ~22,000 px page: 23–28 s on a slow 2-core machine.
  }, 90_000);
});
